#!/usr/bin/env bash
# Fuzz/run.sh [SECONDS] [HARNESS...] — builds the libFuzzer harnesses (-sanitize=fuzzer,address,
# into Fuzz/.build-fuzz, apart from the main build) and runs each for SECONDS (default 60).
# Prints runs, exec/s and coverage (cov:, ft:) per harness; exits 1 on any crash, leak,
# timeout or out-of-memory (the input is kept under Fuzz/.work/artifacts/<harness>/).
# Exits 0 with a message, running nothing, when the toolchain has no libFuzzer.
# Environment: FUZZ_CONFIG=release|debug (default release), FUZZ_JOBS (build jobs),
# FUZZ_ARGS (extra libFuzzer flags).
set -uo pipefail
cd "$(dirname "$0")"
SECONDS_PER=${1:-60}
[ $# -gt 0 ] && shift
ALL=(FuzzSyntax FuzzBind FuzzCSV FuzzJSON FuzzInflate FuzzRegex FuzzParseJSON)
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=("${ALL[@]}")
for h in "${HARNESSES[@]}"; do
    case " ${ALL[*]} " in *" $h "*) ;; *) echo "run.sh: unknown harness $h (one of: ${ALL[*]})" >&2; exit 2 ;; esac
done
CONFIG=${FUZZ_CONFIG:-release}
WORK=.work

# Does this toolchain have libFuzzer? (Swift on Linux ships it; Xcode's toolchain does not.)
probe=$(mktemp -d)
cat > "$probe/p.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }
SWIFT
if ! swiftc -sanitize=fuzzer,address -parse-as-library "$probe/p.swift" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz: SKIPPED — this Swift toolchain cannot build libFuzzer harnesses (swiftc -sanitize=fuzzer failed):"
    sed 's/^/  /' "$probe/log" | head -5
    rm -rf "$probe"
    exit 0
fi
rm -rf "$probe"

mkdir -p "$WORK"
python3 seeds.py || { echo "fuzz: seed generation failed" >&2; exit 2; }

BUILD=(swift build -c "$CONFIG" --scratch-path .build-fuzz
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
       -Xcc -fsanitize=fuzzer-no-link,address)
[ -n "${FUZZ_JOBS:-}" ] && BUILD+=(-j "$FUZZ_JOBS")
echo "fuzz: building ($CONFIG): ${BUILD[*]}"
start=$(date +%s)
# One product at a time: a plain `swift build` here would also link the root package's `quarry`
# executable with the sanitizers, which is not needed and which ld.gold has failed on (an internal
# error in format_file_lineno).
PRODUCTS=("${HARNESSES[@]}")
for p in "${PRODUCTS[@]}"; do
    # The linker's "Cannot export local symbol" warnings (ASan with ld.gold) are noise.
    "${BUILD[@]}" ${p:+--product "$p"} >"$WORK/build.log" 2>&1
    rc=$?
    grep -E "error:|Compiling [A-Z]|Build complete" "$WORK/build.log" | grep -v "Cannot export" | tail -20
    if [ $rc -ne 0 ]; then echo "fuzz: build failed (Fuzz/$WORK/build.log)" >&2; exit 2; fi
done
echo "fuzz: built in $(( $(date +%s) - start )) s"
BIN=$("${BUILD[@]}" --show-bin-path)

run_one() {
    local h=$1
    mkdir -p "$WORK/corpus/$h" "$WORK/seeds/$h" "$WORK/artifacts/$h" "$WORK/logs"
    local log="$WORK/logs/$h.log" out="$WORK/logs/$h.summary"
    # -max_len bounds legit big inputs; -timeout (s per input) and -rss_limit_mb turn a hang or
    # a memory blow-up into a finding. New inputs go to corpus/, seeds are read from seeds/.
    local dict=(); [ -f "dicts/$h.dict" ] && dict=(-dict="dicts/$h.dict")
    "$BIN/$h" "${dict[@]}" -max_total_time="$SECONDS_PER" -max_len=65536 -timeout=10 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="$WORK/artifacts/$h/" ${FUZZ_ARGS:-} \
        "$WORK/corpus/$h" "$WORK/seeds/$h" >"$log" 2>&1
    local rc=$?
    local runs eps last cov ft corp result=ok
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
    [ $rc -ne 0 ] && result=FAILED
    printf '%-14s %-8s %12s %10s %8s %8s %8s\n' "$h" "$result" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" >"$out"
    if [ $rc -ne 0 ]; then
        echo "  exit $rc; log: Fuzz/$log; last lines:" >>"$out"
        grep -E "ERROR: |SUMMARY: |Test unit written|artifact_prefix|Fatal error|==[0-9]+==" "$log" | head -8 | sed 's/^/    /' >>"$out"
        tail -5 "$log" | sed 's/^/    /' >>"$out"
    fi
}

# FUZZ_PARALLEL=N runs N harnesses at once (each still runs SECONDS; for the long runs).
PARALLEL=${FUZZ_PARALLEL:-1}
failed=()
for h in "${HARNESSES[@]}"; do
    if [ "$PARALLEL" -gt 1 ]; then
        while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
        run_one "$h" &
    else
        run_one "$h"
    fi
done
wait
printf '%-14s %-8s %12s %10s %8s %8s %8s\n' harness result runs exec/s cov ft corpus
for h in "${HARNESSES[@]}"; do
    cat "$WORK/logs/$h.summary"
    grep -q " FAILED " "$WORK/logs/$h.summary" && failed+=("$h")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FINDINGS in ${failed[*]} (inputs under Fuzz/$WORK/artifacts/; reproduce: Fuzz/.build-fuzz/$CONFIG/<Harness> <file>)"
    exit 1
fi
echo "fuzz: no findings"
