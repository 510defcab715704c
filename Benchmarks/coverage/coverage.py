#!/usr/bin/env python3
"""Hunting-corpus coverage: how many published hunts Quarry binds (`quarry check`, against the
schema catalog, no data), and what stops the rest, grouped by diagnostic.

    python3 Benchmarks/coverage/coverage.py [--corpus PATH/dev.jsonl] [--quarry PATH] [--top 40] [--list CODE]
    python3 Benchmarks/coverage/coverage.py --run [--rows 200] [--timeout 10] [--keep DIR]

The corpus defaults to ../shared/data/hunting-corpus/dev.jsonl; queries listed in the
neighbouring malformed.json (Kusto's own parser rejects them) are reported apart and do not
count. Coverage = queries that bind / well-formed queries. Do not tune to this set alone: the
hidden set is larger and differs; the groups show classes of gaps, not individual hunts.

--run measures run-to-completion: every catalog table is generated once per form
(`quarry generate --all`, --rows rows each, seed 1, two weeks before a fixed instant) into a
temporary folder, and each hunt that binds (`quarry check`) is run with `quarry query --data
<form folder> --now <that instant> --timeout T`. The folder follows the hunt's form: the corpus
`target` (mde -> defender; sentinel, mde-tables-in-sentinel -> sentinel); without one, sentinel
when the text names TimeGenerated and not Timestamp, else defender. Each folder holds every
table, in the folder's form where the table has it (Sentinel-only tables such as SigninLogs sit
in the defender folder too, so mixed hunts run). Counted: ran to completion, bind failures
against the one-form data (KQS/KQB/KQU: e.g. a Sentinel-only column on Defender data), run-time
errors (KQR/QIO, grouped by message), timeouts, crashes, and how many completed hunts returned rows.

--run --literals generates, for each hunt, the tables it names again with the hunt's string
literals mixed into their string columns (`quarry generate --values`), so that its filters find
rows and the operators after them see data: a stronger test of running to completion.
"""
import argparse, collections, json, os, re, shutil, subprocess, sys, tempfile, threading, concurrent.futures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "hunting-corpus", "dev.jsonl"))
    ap.add_argument("--quarry", default=os.path.join(ROOT, ".build", "debug", "quarry"))
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--list", help="print the ids of the queries failing with this diagnostic code")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--run", action="store_true", help="run each binding hunt on generated data (run-to-completion)")
    ap.add_argument("--rows", type=int, default=200, help="--run: rows generated per table")
    ap.add_argument("--timeout", type=float, default=10.0, help="--run: seconds per query")
    ap.add_argument("--keep", help="--run: generate into this folder and keep it")
    ap.add_argument("--literals", action="store_true", help="--run: per hunt, generate its tables with its string literals")
    a = ap.parse_args()
    if not os.path.exists(a.corpus):
        sys.exit(f"corpus not found: {a.corpus}")
    if not os.path.exists(a.quarry):
        sys.exit(f"quarry not built: {a.quarry} (swift build, or --quarry PATH)")
    queries = [json.loads(l) for l in open(a.corpus) if l.strip()]
    for i, q in enumerate(queries):
        q.setdefault("id", f"dev-{i:04d}")
    malformed_path = os.path.join(os.path.dirname(a.corpus), "malformed.json")
    malformed = set()
    if os.path.exists(malformed_path):
        malformed = {q["id"] for q in json.load(open(malformed_path)).get("queries", [])}

    if a.run:
        return run_mode(a, [q for q in queries if q["id"] not in malformed])

    def check(q):
        p = subprocess.run([a.quarry, "check"], input=q["query"].encode(), capture_output=True, timeout=60)
        return q, p.returncode, p.stderr.decode(errors="replace")

    ok, failed, mal_rejected, mal_accepted = 0, [], 0, []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for q, rc, err in ex.map(check, queries):
            if q["id"] in malformed:
                if rc == 0: mal_accepted.append(q["id"])
                else: mal_rejected += 1
                continue
            if rc == 0: ok += 1
            else: failed.append((q, err))
    total = ok + len(failed)
    print(f"bound: {ok}/{total} well-formed hunts = {100.0 * ok / max(total, 1):.1f}%")
    print(f"malformed (Kusto rejects): {mal_rejected} rejected, {len(mal_accepted)} accepted {mal_accepted[:10]}")
    groups = collections.Counter()
    ids = collections.defaultdict(list)
    for q, err in failed:
        m = re.search(r"error: (.*?) \[(KQ\w+)\]", err)
        if not m:
            key = ("?", err.strip().splitlines()[0][:100] if err.strip() else "(no message)")
        else:
            msg = re.sub(r"'[^']*'", "'…'", m.group(1))
            msg = re.sub(r"\d+", "N", msg)[:110]
            key = (m.group(2), msg)
        groups[key] += 1
        ids[key[0]].append(q["id"])
    print(f"\nfirst error of the {len(failed)} failing hunts, grouped:")
    for (code, msg), n in groups.most_common(a.top):
        print(f"{n:5d}  {code}  {msg}")
    if a.list:
        print("\n" + " ".join(ids.get(a.list, [])))


NOW = "2025-05-10T00:00:00Z"


def form_of(q):
    """The data folder a hunt runs against (see the module docstring)."""
    t = q.get("target")
    if t == "mde": return "defender"
    if t in ("sentinel", "mde-tables-in-sentinel"): return "sentinel"
    text = q["query"]
    return "sentinel" if "TimeGenerated" in text and "Timestamp" not in text else "defender"


def normalise(msg):
    msg = re.sub(r"'[^']*'", "'…'", msg)
    return re.sub(r"\d+", "N", msg)[:120]


LITERAL = re.compile(r'(@?)"((?:[^"\\\n]|\\.)*)"|(@?)\'((?:[^\'\\\n]|\\.)*)\'')


def literals(text):
    """The string literals of a query (escapes undone unless verbatim), 2-200 characters, unique."""
    out = []
    for m in LITERAL.finditer(text):
        verbatim, body = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
        if not verbatim:
            body = re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), body)
        if 2 <= len(body) <= 200 and "\n" not in body and body not in out:
            out.append(body)
    return out[:200]


def run_mode(a, queries):
    base = a.keep or tempfile.mkdtemp(prefix="quarry-run-")
    try:
        for form in ("defender", "sentinel"):
            d = os.path.join(base, form)
            if not os.path.isdir(d) or not os.listdir(d):
                subprocess.run([a.quarry, "generate", "--all", "--out-dir", d, "--form", form, "--rows", str(a.rows),
                                "--seed", "1", "--end", NOW, "--days", "14"], check=True, capture_output=True)

        names = sorted(f[:-4] for f in os.listdir(os.path.join(base, "defender")) if f.endswith(".csv"))
        # The extended catalog's tables (vendor custom logs, ...) are generated per hunt that names
        # one, as catalogued (Kusto table names are case-sensitive); `generate --all` writes the core.
        listing = subprocess.run([a.quarry, "schema", "--extended"], capture_output=True, check=True).stdout.decode()
        extended = [l.split("\t")[0] for l in listing.splitlines() if l.strip()]
        lock = threading.Lock()

        def named(tables, text, flags=0):
            return [t for t in tables if re.search(r"(?<![\w])" + re.escape(t) + r"(?![\w])", text, flags)]

        def one(q):
            c = subprocess.run([a.quarry, "check"], input=q["query"].encode(), capture_output=True, timeout=60)
            if c.returncode != 0:
                return q, "unbound", ""
            data = os.path.join(base, form_of(q))
            extra = named(extended, q["query"])
            if extra and not a.literals:
                with lock:   # into the shared folder, once per table
                    todo = [t for t in extra if not os.path.exists(os.path.join(data, t + ".csv"))]
                    if todo:
                        subprocess.run([a.quarry, "generate", "--out-dir", data, "--form", form_of(q), "--rows", str(a.rows),
                                        "--seed", "1", "--end", NOW, "--days", "14"]
                                       + [x for t in todo for x in ("--table", t)], check=True, capture_output=True)
            if a.literals:
                data = os.path.join(base, "q", q["id"])
                os.makedirs(data, exist_ok=True)
                vocab = os.path.join(base, "q", q["id"] + ".values")
                with open(vocab, "w") as f:
                    f.write("\n".join(literals(q["query"])))
                used = named(names, q["query"], re.I) + extra
                if used:
                    subprocess.run([a.quarry, "generate", "--out-dir", data, "--form", form_of(q), "--rows", str(a.rows),
                                    "--seed", "1", "--end", NOW, "--days", "14", "--values", vocab]
                                   + [x for t in used for x in ("--table", t)], check=True, capture_output=True)
                else:
                    # No table named (`union *`, `search "x"`, `find`): the form's folder of every table.
                    data = os.path.join(base, form_of(q))
            # --offline: a measurement never touches the network; a hunt's externaldata is then a
            # run-time error here (CorpusRunTests answers it with generated rows instead).
            args = [a.quarry, "query", "--data", data, "--now", NOW, "--format", "json", "--timeout", str(a.timeout), "--offline"]
            try:
                p = subprocess.run(args, input=q["query"].encode(), capture_output=True, timeout=a.timeout * 3 + 30)
            except subprocess.TimeoutExpired:
                return q, "timeout", "(killed: no answer within the outer time limit)"
            if p.returncode == 0:
                try:
                    rows = len(json.loads(p.stdout.decode(errors="replace")).get("rows", []))
                except (ValueError, AttributeError):
                    rows = 0
                return q, "ok", "rows" if rows > 0 else "empty"
            if p.returncode < 0:
                return q, "crash", f"signal {-p.returncode}"
            first = p.stdout.decode(errors="replace").strip().splitlines()[:1]
            try:
                err = json.loads(first[0])["error"] if first else None
            except (ValueError, KeyError, TypeError):
                err = None
            if not err:
                return q, "runtime", "? " + (p.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"])[-1][:120]
            code, msg = err.get("code", "?"), err.get("message", "")
            if code == "KQR011" or "time limit" in msg:
                return q, "timeout", msg
            kind = "bind" if code[:3] in ("KQS", "KQB", "KQU") else "runtime"
            return q, kind, f"{code}  {normalise(msg)}"

        counts = collections.Counter()
        groups = {"bind": collections.Counter(), "runtime": collections.Counter(), "timeout": collections.Counter(),
                  "crash": collections.Counter()}
        ids = collections.defaultdict(list)
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for q, kind, key in ex.map(one, queries):
                counts[kind] += 1
                if kind == "ok":
                    counts[key] += 1
                if kind in groups:
                    groups[kind][key] += 1
                    ids[key].append(q["id"])
        bound = len(queries) - counts["unbound"]
        print(f"run-to-completion: {counts['ok']}/{bound} binding hunts = {100.0 * counts['ok'] / max(bound, 1):.1f}% "
              f"({len(queries)} well-formed, {counts['unbound']} do not bind; {a.rows} rows per table"
              f"{', each hunt with its literals' if a.literals else ''})")
        print(f"  of those, {counts['rows']} returned rows and {counts['empty']} an empty result")
        print(f"  bind failures on one-form data: {counts['bind']}, run-time errors: {counts['runtime']}, "
              f"timeouts: {counts['timeout']}, crashes: {counts['crash']}")
        for kind in ("runtime", "bind", "timeout", "crash"):
            if groups[kind]:
                print(f"\n{kind}, grouped:")
                for key, n in groups[kind].most_common(a.top):
                    print(f"{n:5d}  {key}   e.g. {' '.join(ids[key][:3])}")
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
