#!/usr/bin/env python3
"""Peer benchmark: Quarry against DuckDB and Polars on the founding hunt, same files.

    python3 Benchmarks/peers/run.py            # 1M rows: cold CSV, cold JSON Lines, warm, memory
    python3 Benchmarks/peers/run.py --full     # 1M and 10M rows (10M CSV is ~3.5 GB)

See Benchmarks/peers/README.md. Standard library only at the top level; DuckDB and Polars are
installed into bench-data/venv (ignored by git) on first use and the script re-runs itself there.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DATA = ROOT / "bench-data"
VENV = DATA / "venv"
NOW = "2025-05-10T00:00:00Z"
HUNT_KQL = ROOT / "hunts" / "inbound-connections.mde.kql"
FLEET_KQL = HERE / "fleet-summary.mde.kql"
SWIFT = shutil.which("swift") or "/opt/swift/usr/bin/swift"
TIME = "/usr/bin/time"

# --------------------------------------------------------------------------------------------
# Environment: re-run inside bench-data/venv with duckdb + polars.


def ensure_venv() -> None:
    try:
        import duckdb  # noqa: F401
        import polars  # noqa: F401
        return
    except ImportError:
        pass
    py = VENV / "bin" / "python3"
    if py.exists() and Path(sys.executable).absolute() == py.absolute():
        sys.exit("duckdb/polars missing from bench-data/venv: run bench-data/venv/bin/pip install duckdb polars")
    if not py.exists():
        print(f"creating {VENV} and installing duckdb, polars …", flush=True)
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "duckdb", "polars"], check=True)
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *sys.argv[1:]])


# --------------------------------------------------------------------------------------------
# The peers' programs. Each is run with `python3 -c` in a fresh process (cold), or loads the
# table once and times the queries (warm). Schema = the Defender DeviceNetworkEvents columns of
# the generated files, with the types Quarry's catalog gives them (datetime with 100 ns ticks ->
# nanosecond timestamps, long -> 64-bit ints, string -> text; AdditionalFields (dynamic) as text).

COLUMNS = [
    ("Timestamp", "ts"), ("DeviceId", "str"), ("DeviceName", "str"), ("ActionType", "str"),
    ("RemoteIP", "str"), ("RemotePort", "int"), ("RemoteUrl", "str"), ("LocalIP", "str"),
    ("LocalPort", "int"), ("Protocol", "str"), ("LocalIPType", "str"), ("RemoteIPType", "str"),
    ("InitiatingProcessFileName", "str"), ("InitiatingProcessId", "int"),
    ("InitiatingProcessCommandLine", "str"), ("InitiatingProcessAccountName", "str"),
    ("InitiatingProcessFolderPath", "str"), ("InitiatingProcessSHA1", "str"), ("ReportId", "int"),
    ("AppGuardContainerId", "str"), ("AdditionalFields", "str"), ("InitiatingProcessAccountDomain", "str"),
]

DUCK_TYPES = {"ts": "TIMESTAMP_NS", "int": "BIGINT", "str": "VARCHAR"}
POLARS_TYPES = {"ts": "pl.Datetime('ns', 'UTC')", "int": "pl.Int64", "str": "pl.String"}

DUCK_PRELUDE = r'''
import duckdb, json, sys, time
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")  # it would be written into the result on stdout
# Kusto ipv4_is_private: true/false for a dotted-quad IPv4 address (each part 0-255), null otherwise.
con.execute(r"""CREATE MACRO ipv4_private(s) AS CASE
    WHEN NOT regexp_full_match(s, '[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}') THEN NULL
    WHEN greatest(TRY_CAST(split_part(s, '.', 1) AS INTEGER), TRY_CAST(split_part(s, '.', 2) AS INTEGER),
                  TRY_CAST(split_part(s, '.', 3) AS INTEGER), TRY_CAST(split_part(s, '.', 4) AS INTEGER)) > 255 THEN NULL
    ELSE TRY_CAST(split_part(s, '.', 1) AS INTEGER) = 10
      OR (TRY_CAST(split_part(s, '.', 1) AS INTEGER) = 172 AND TRY_CAST(split_part(s, '.', 2) AS INTEGER) BETWEEN 16 AND 31)
      OR (TRY_CAST(split_part(s, '.', 1) AS INTEGER) = 192 AND TRY_CAST(split_part(s, '.', 2) AS INTEGER) = 168)
    END""")
COLS = %(duck_cols)s
def source(path, fmt):
    if fmt == "csv":
        return f"read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"', columns = {COLS})"
    return f"read_json('{path}', format = 'newline_delimited', columns = {COLS})"
# The hunt; `device` False drops the DeviceName filter (the fleet summary's input).
# Kusto strings are never null: a missing RemoteIP/LocalIP is ''.
def hunt_sql(src, device=True):
    dev = "AND DeviceName = 'test.domain.tld'" if device else ""
    return f"""
      WITH e AS (
        SELECT Timestamp, DeviceName, coalesce(RemoteIP, '') AS RemoteIP, RemotePort, coalesce(LocalIP, '') AS LocalIP, LocalPort
        FROM {src}
        WHERE Timestamp > CAST(TIMESTAMP '2025-05-10 00:00:00' - INTERVAL 10 DAY AS TIMESTAMP_NS)
          {dev}
          AND ActionType = 'InboundConnectionAccepted'),
      x AS (
        SELECT *, coalesce(regexp_extract(RemoteIP, '[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}', 0), '') AS FourToSixPrivate
        FROM e)
      SELECT Timestamp, DeviceName, RemoteIP, RemotePort,
             CASE WHEN ipv4_private(RemoteIP) THEN 1 WHEN ipv4_private(FourToSixPrivate) THEN 1 ELSE 0 END AS RemoteIPIsPrivate,
             FourToSixPrivate, LocalIP, LocalPort
      FROM x"""
# Exact distinct count; ties in `top 100` broken by RemoteIP so the peers agree with each other.
def fleet_sql(src, limit=100):
    lim = f"LIMIT {limit}" if limit else ""
    return f"""
      SELECT RemoteIP, RemoteIPIsPrivate, count(*) AS Connections, count(DISTINCT DeviceName) AS Devices,
             min(Timestamp) AS FirstSeen, max(Timestamp) AS LastSeen
      FROM ({hunt_sql(src, device=False)})
      GROUP BY RemoteIP, RemoteIPIsPrivate
      ORDER BY Connections DESC, RemoteIP, RemoteIPIsPrivate {lim}"""
'''

DUCK_COLD = DUCK_PRELUDE + r'''
path, fmt, workload = sys.argv[1], sys.argv[2], sys.argv[3]
src = source(path, fmt)
q = hunt_sql(src) if workload == "hunt" else fleet_sql(src, limit=None if workload == "fleet-all" else 100)
con.execute(f"COPY ({q}) TO '/dev/stdout' (FORMAT csv, HEADER)")
'''

DUCK_WARM = DUCK_PRELUDE + r'''
path, fmt, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
con.execute(f"CREATE TABLE DeviceNetworkEvents AS SELECT * FROM {source(path, fmt)}")
n = con.execute("SELECT count(*) FROM DeviceNetworkEvents").fetchone()[0]
print(json.dumps({"load_s": time.perf_counter() - t0, "rows": n}), flush=True)
for name, q in (("hunt", hunt_sql("DeviceNetworkEvents")), ("fleet", fleet_sql("DeviceNetworkEvents"))):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TEMP TABLE result AS {q}")  # result materialized, not converted to Python
        times.append((time.perf_counter() - t) * 1000)
    rows = con.execute("SELECT count(*) FROM result").fetchone()[0]
    print(json.dumps({"query": name, "result_rows": rows, "times_ms": times, "median_ms": sorted(times)[len(times) // 2]}), flush=True)
'''

POLARS_PRELUDE = r'''
import json, sys, time
from datetime import datetime, timezone
import polars as pl
SCHEMA = %(polars_schema)s
IP_REGEX = r'[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}'
QUAD = r'^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$'
CUTOFF = datetime(2025, 5, 10, tzinfo=timezone.utc) - __import__("datetime").timedelta(days=10)
# Kusto ipv4_is_private: true/false for a dotted-quad IPv4 address (each part 0-255), null otherwise.
def ipv4_private(e):
    g = e.str.extract_groups(QUAD)
    a, b, c, d = (g.struct.field(str(i)).cast(pl.Int32) for i in (1, 2, 3, 4))
    valid = a.is_not_null() & (a <= 255) & (b <= 255) & (c <= 255) & (d <= 255)
    private = (a == 10) | ((a == 172) & b.is_between(16, 31)) | ((a == 192) & (b == 168))
    return pl.when(valid).then(private)
def scan(path, fmt):
    if fmt == "csv":
        return pl.scan_csv(path, schema=SCHEMA, empty_string_is_null=False)
    return pl.scan_ndjson(path, schema=SCHEMA)
# Kusto strings are never null: a missing RemoteIP/LocalIP is ''.
def hunt(lf, device=True):
    keep = (pl.col("Timestamp") > CUTOFF) & (pl.col("ActionType") == "InboundConnectionAccepted")
    if device:
        keep = keep & (pl.col("DeviceName") == "test.domain.tld")
    return (lf.filter(keep)
        .with_columns(pl.col("RemoteIP").fill_null(""), pl.col("LocalIP").fill_null(""))
        .with_columns(FourToSixPrivate=pl.col("RemoteIP").str.extract(IP_REGEX, 0).fill_null(""))
        .with_columns(RemoteIPIsPrivate=pl.when(ipv4_private(pl.col("RemoteIP")).fill_null(False)).then(1)
                      .when(ipv4_private(pl.col("FourToSixPrivate")).fill_null(False)).then(1)
                      .otherwise(0).cast(pl.Int32))
        .select("Timestamp", "DeviceName", "RemoteIP", "RemotePort", "RemoteIPIsPrivate", "FourToSixPrivate", "LocalIP", "LocalPort"))
# Exact distinct count; ties in `top 100` broken by RemoteIP so the peers agree with each other.
def fleet(lf, limit=100):
    out = (hunt(lf, device=False).group_by("RemoteIP", "RemoteIPIsPrivate")
        .agg(Connections=pl.len(), Devices=pl.col("DeviceName").drop_nulls().n_unique(),
             FirstSeen=pl.col("Timestamp").min(), LastSeen=pl.col("Timestamp").max())
        .sort(["Connections", "RemoteIP", "RemoteIPIsPrivate"], descending=[True, False, False]))
    return out.head(limit) if limit else out
'''

POLARS_COLD = POLARS_PRELUDE + r'''
path, fmt, workload = sys.argv[1], sys.argv[2], sys.argv[3]
lf = scan(path, fmt)
q = hunt(lf) if workload == "hunt" else fleet(lf, limit=None if workload == "fleet-all" else 100)
q.collect().write_csv(sys.stdout)
'''

POLARS_WARM = POLARS_PRELUDE + r'''
path, fmt, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
df = scan(path, fmt).collect()
print(json.dumps({"load_s": time.perf_counter() - t0, "rows": df.height}), flush=True)
for name, make in (("hunt", hunt), ("fleet", fleet)):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = make(df.lazy()).collect()
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"query": name, "result_rows": result.height, "times_ms": times, "median_ms": sorted(times)[len(times) // 2]}), flush=True)
'''


def program(template: str) -> str:
    duck_cols = "{" + ", ".join(f"'{n}': '{DUCK_TYPES[t]}'" for n, t in COLUMNS) + "}"
    polars_schema = "{" + ", ".join(f"'{n}': {POLARS_TYPES[t]}" for n, t in COLUMNS) + "}"
    # The DuckDB column map is spliced into SQL text, so it is a Python string literal there.
    return template % {"duck_cols": repr(duck_cols), "polars_schema": polars_schema}


# --------------------------------------------------------------------------------------------
# Running and timing.


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(cmd: list[str], stdout_path: Path | None, timeout: float | None = None) -> tuple[float, int | None, str]:
    """Runs cmd under /usr/bin/time; returns (wall seconds, max RSS KB, stderr). Raises on failure or
    timeout (the process group this call started is killed)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as f:
        rss_file = f.name
    full = [TIME, "-f", "%M", "-o", rss_file, *cmd] if os.path.exists(TIME) else cmd
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    with tempfile.TemporaryFile() as errf:
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(full, stdout=out, stderr=errf, start_new_session=True)
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                raise RuntimeError(f"timeout after {timeout:.0f} s")
            wall = time.perf_counter() - t0
        finally:
            if stdout_path:
                out.close()
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    rss = None
    try:
        lines = [l for l in Path(rss_file).read_text().splitlines() if l.strip().isdigit()]
        rss = int(lines[-1]) if lines else None
    finally:
        os.unlink(rss_file)
    if p.returncode != 0:
        tail = [l.strip() for l in err.strip().splitlines() if l.strip() and not l.startswith("Command exited")]
        raise RuntimeError(f"exit {p.returncode}: " + " / ".join(tail[-2:])[:200])
    return wall, rss, err


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def cold_commands(quarry: str, path: Path, fmt: str, workload: str) -> dict[str, list[str]]:
    kql = HUNT_KQL if workload == "hunt" else FLEET_KQL
    py = sys.executable
    return {
        "quarry": [quarry, "run", str(kql), "--table", f"DeviceNetworkEvents={path}", "--now", NOW, "--format", "csv"],
        "duckdb": [py, "-c", program(DUCK_COLD), str(path), fmt, workload],
        "polars": [py, "-c", program(POLARS_COLD), str(path), fmt, workload],
    }


ENGINES = ["quarry", "duckdb", "polars"]


def run_cold(quarry: str, path: Path, fmt: str, runs: int, outdir: Path, timeout: float) -> dict:
    """Cold hunt, each engine `runs` times, interleaved; the first run's output is kept for the check."""
    cmds = cold_commands(quarry, path, fmt, "hunt")
    res = {e: {"times_s": [], "rss_kb": [], "error": None, "output": str(outdir / f"cold-{fmt}-{path.stem}-{e}.csv")} for e in ENGINES}
    for i in range(runs):
        for e in ENGINES:
            if res[e]["error"]:
                continue
            try:
                wall, rss, _ = timed(cmds[e], Path(res[e]["output"]) if i == 0 else Path(res[e]["output"] + ".last"), timeout)
                res[e]["times_s"].append(wall)
                if rss is not None:
                    res[e]["rss_kb"].append(rss)
            except Exception as ex:  # noqa: BLE001
                res[e]["error"] = str(ex)
        log(f"  run {i + 1}/{runs}: " + ", ".join(
            f"{e} {res[e]['times_s'][-1]:.2f}s" if not res[e]["error"] else f"{e} error" for e in ENGINES))
    for e in ENGINES:
        last = Path(res[e]["output"] + ".last")
        if last.exists():
            last.unlink()
        r = res[e]
        r["median_s"] = median(r["times_s"]) if r["times_s"] and not r["error"] else None
        r["max_rss_kb"] = max(r["rss_kb"]) if r["rss_kb"] else None
        r["median_rss_kb"] = median(r["rss_kb"]) if r["rss_kb"] else None
    return res


def parse_json_lines(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


def run_warm(warm_bin: str | None, quarry_err: str | None, path: Path, runs: int, timeout: float) -> dict:
    res = {}
    py = sys.executable
    cmds = {
        "duckdb": [py, "-c", program(DUCK_WARM), str(path), "csv", str(runs)],
        "polars": [py, "-c", program(POLARS_WARM), str(path), "csv", str(runs)],
    }
    if warm_bin:
        cmds["quarry"] = [warm_bin, "--table", str(path), "--now", NOW, "--runs", str(runs),
                          "--query", f"hunt={HUNT_KQL}", "--query", f"fleet={FLEET_KQL}"]
    for e in ENGINES:
        if e not in cmds:
            res[e] = {"error": quarry_err or "no warm runner"}
            continue
        log(f"  warm {e} …")
        with tempfile.NamedTemporaryFile("w+", suffix=".out", delete=False) as f:
            outp = Path(f.name)
        try:
            wall, rss, _ = timed(cmds[e], outp, timeout * 8)
            lines = parse_json_lines(outp.read_text())
            r = {"process_s": wall, "max_rss_kb": rss}
            for d in lines:
                if "load_s" in d:
                    r["load_s"], r["rows"] = d["load_s"], d["rows"]
                    if "resident_after_load_mb" in d:
                        r["resident_after_load_mb"] = d["resident_after_load_mb"]
                elif "query" in d:
                    r[d["query"]] = d
            res[e] = r
            log("    " + ", ".join(f"{q} {r[q].get('median_ms', float('nan')):.1f} ms" if "error" not in r.get(q, {"error": 1})
                                   else f"{q} error" for q in ("hunt", "fleet")))
        except Exception as ex:  # noqa: BLE001
            res[e] = {"error": str(ex)}
        finally:
            outp.unlink(missing_ok=True)
    return res


# --------------------------------------------------------------------------------------------
# Correctness: compare result sets as multisets of normalized tuples.

TS_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d|UTC)?$")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TS_COLS = {"Timestamp", "FirstSeen", "LastSeen"}
INT_COLS = {"RemotePort", "LocalPort", "RemoteIPIsPrivate", "Connections", "Devices"}


def ticks(text: str):
    """ISO-ish timestamp (any of the engines' spellings) -> 100 ns ticks since 1970, UTC."""
    if text == "":
        return None
    m = TS_RE.match(text.strip())
    if not m:
        return ("unparsed", text)
    y, mo, d, h, mi, s, frac, zone = m.groups()
    if zone and zone not in ("Z", "UTC") and zone.replace(":", "") not in ("+0000", "-0000"):
        return ("zoned", text)
    secs = int((datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone.utc) - EPOCH).total_seconds())
    f = (frac or "").ljust(9, "0")
    if int(f[7:9]) != 0:
        return ("sub-tick", text)
    return secs * 10_000_000 + int(f[:7])


def fmt_ticks(t) -> str:
    if not isinstance(t, int):
        return str(t)
    s, f = divmod(t, 10_000_000)
    return datetime.fromtimestamp(s, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{f:07d}Z"


def read_result(path: str) -> tuple[list[str], list[tuple]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [], []
    header = rows[0]
    out = []
    for r in rows[1:]:
        vals = []
        for name, v in zip(header, r):
            if name in TS_COLS:
                vals.append(ticks(v))
            elif name in INT_COLS:
                vals.append(int(v) if v != "" else None)
            else:
                vals.append(v)  # strings: Kusto has no null string, '' both ways
        out.append(tuple(vals))
    return header, out


def show(row: tuple, header: list[str]) -> str:
    return "(" + ", ".join(fmt_ticks(v) if n in TS_COLS else repr(v) for n, v in zip(header, row)) + ")"


def compare_multisets(name: str, ref_name: str, ref: tuple, other_name: str, other: tuple, sample: int = 5) -> list[str]:
    """Returns a list of problems (empty when equal)."""
    (h1, r1), (h2, r2) = ref, other
    if h1 != h2:
        return [f"{name}: columns differ: {ref_name} {h1} vs {other_name} {h2}"]
    c1, c2 = collections.Counter(r1), collections.Counter(r2)
    if c1 == c2:
        return []
    only1, only2 = c1 - c2, c2 - c1
    lines = [f"{name}: {ref_name} {len(r1)} rows, {other_name} {len(r2)} rows; "
             f"{sum(only1.values())} only in {ref_name}, {sum(only2.values())} only in {other_name}"]
    for row in list(only1.elements())[:sample]:
        lines.append(f"    only {ref_name}: {show(row, h1)}")
    for row in list(only2.elements())[:sample]:
        lines.append(f"    only {other_name}: {show(row, h2)}")
    return lines


def compare_fleet(quarry: tuple, peers: dict[str, tuple], sample: int = 5) -> list[str]:
    """Top 100 with ties: the multiset of Connections must agree; rows strictly above the 100th
    Connections value must agree as multisets; every Quarry row (ties included) must be a row of
    the peer's full, untruncated summary (so Devices, FirstSeen, LastSeen are checked too).
    Devices is compared exactly: Quarry's dcount is exact (Kusto's is a HyperLogLog estimate)."""
    problems = []
    hq, rq = quarry
    ci = hq.index("Connections") if "Connections" in hq else None
    for pname, (hp, full) in peers.items():
        if hq != hp:
            problems.append(f"fleet: columns differ: quarry {hq} vs {pname} {hp}")
            continue
        top = full[:100]
        conn_q = sorted((r[ci] for r in rq), reverse=True)
        conn_p = sorted((r[ci] for r in top), reverse=True)
        if conn_q != conn_p:
            problems.append(f"fleet: Connections of the top 100 differ (quarry vs {pname}): first differences "
                            + str([(a, b) for a, b in zip(conn_q, conn_p) if a != b][:sample]) + f", lengths {len(conn_q)}/{len(conn_p)}")
        cut = conn_p[-1] if conn_p else 0
        above_q = [r for r in rq if r[ci] > cut]
        above_p = [r for r in top if r[ci] > cut]
        problems += compare_multisets(f"fleet (rows with Connections > {cut})", "quarry", (hq, above_q), pname, (hp, above_p), sample)
        fullc = collections.Counter(full)
        missing = collections.Counter(rq) - fullc
        if missing:
            problems.append(f"fleet: {sum(missing.values())} quarry rows are not rows of {pname}'s full summary")
            for row in list(missing.elements())[:sample]:
                problems.append(f"    quarry only: {show(row, hq)}")
    return problems


# --------------------------------------------------------------------------------------------
# Data, builds.


def parse_size(s: str) -> int:
    s = s.strip().upper()
    mult = {"K": 1_000, "M": 1_000_000}.get(s[-1:], 1)
    return int(float(s[:-1]) * mult) if s[-1:] in "KM" else int(s)


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def generate(quarry: str, n: int, fmt: str) -> Path:
    path = DATA / f"dne-mde-{n}.{fmt}"
    if path.exists():
        return path
    tmp = path.with_suffix(path.suffix + ".tmp")
    log(f"generating {path.name} …")
    t0 = time.perf_counter()
    subprocess.run([quarry, "generate", "--rows", str(n), "--seed", "1", "--end", NOW, "--days", "14",
                    "--form", "mde", "--format", fmt, "--out", str(tmp)], check=True)
    tmp.rename(path)
    log(f"  {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s")
    return path


def build_quarry() -> str:
    log("swift build -c release --product quarry …")
    p = subprocess.run([SWIFT, "build", "-c", "release", "--product", "quarry"], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.stderr.write(p.stdout.decode(errors="replace"))
        sys.exit("swift build failed")
    return str(ROOT / ".build" / "release" / "quarry")


def build_warm() -> tuple[str | None, str | None]:
    log("swift build -c release (Benchmarks/peers/QuarryWarm) …")
    scratch = ROOT / ".build-peers"
    # A build plan cached from an older checkout can miss source files added since (SwiftPM keeps
    # the path dependency's file list): drop it so the plan is made anew.
    for stale in scratch.glob("*.yaml"):
        stale.unlink()
    p = subprocess.run([SWIFT, "build", "-c", "release", "--package-path", str(HERE / "QuarryWarm"),
                        "--scratch-path", str(scratch)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        tail = p.stdout.decode(errors="replace").strip().splitlines()[-3:]
        return None, "QuarryWarm build failed: " + " | ".join(tail)
    return str(scratch / "release" / "QuarryWarm"), None


def import_overhead(runs: int = 3) -> dict:
    out = {}
    for name, code in (("python", "pass"), ("duckdb", "import duckdb"), ("polars", "import polars")):
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            ts.append(time.perf_counter() - t0)
        out[name] = median(ts)
    return out


# --------------------------------------------------------------------------------------------
# Report.


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def cell(v, unit: str) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.1f} ms"
    if unit == "MB":
        return f"{v:.0f} MB"
    if unit == "x":
        return f"{v:.2f}x"
    return str(v)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quarry", help="quarry binary (default: build .build/release/quarry)")
    ap.add_argument("--sizes", default="1M", help="comma-separated CSV sizes, e.g. 1M,10M (default 1M)")
    ap.add_argument("--full", action="store_true", help="sizes 1M,10M")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported (default 5)")
    ap.add_argument("--warm-runs", type=int, default=11,
                    help="warm queries per engine (cheap next to the load; more runs steady the median on a shared machine; default 11)")
    ap.add_argument("--no-warm", action="store_true", help="skip the warm measurements")
    ap.add_argument("--no-jsonl", action="store_true", help="skip cold JSON Lines")
    ap.add_argument("--timeout", type=float, default=120,
                    help="seconds before one cold run is killed and reported as n/a (default 120; a warm process: 8x)")
    args = ap.parse_args()
    sizes = sorted({parse_size(s) for s in ("1M,10M" if args.full else args.sizes).split(",") if s.strip()})
    largest = sizes[-1]

    DATA.mkdir(exist_ok=True)
    import duckdb
    import polars
    quarry = args.quarry or build_quarry()
    if not os.access(quarry, os.X_OK):
        log(f"quarry binary not found: {quarry}")
        return 2
    warm_bin, warm_err = (None, None) if args.no_warm else build_warm()
    outdir = DATA / "peers-out"
    outdir.mkdir(exist_ok=True)

    env = {
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(), "duckdb": duckdb.__version__, "polars": polars.__version__,
        "quarry": quarry, "runs": args.runs, "warm_runs": args.warm_runs, "now": NOW,
    }
    log(f"{env['machine']}; Python {env['python']}, DuckDB {env['duckdb']}, Polars {env['polars']}; median of {args.runs} runs")
    overhead = import_overhead()
    log("process start + import (python -c): " + ", ".join(f"{k} {v:.2f} s" for k, v in overhead.items()))

    results: dict = {"environment": env, "import_overhead_s": overhead, "cold": {}, "warm": {}, "checks": {}}
    problems: list[str] = []

    cases = [(n, "csv") for n in sizes]
    if not args.no_jsonl:
        cases.append((1_000_000, "jsonl"))
    for n, fmt in cases:
        path = generate(quarry, n, fmt)
        key = f"cold {fmt.upper().replace('JSONL', 'JSONL')} {label(n)}"
        log(f"{key}: {path.name} ({path.stat().st_size / 1e6:.0f} MB)")
        res = run_cold(quarry, path, fmt, args.runs, outdir, args.timeout)
        results["cold"][key] = {e: {k: v for k, v in r.items()} for e, r in res.items()}
        # The hunt must give the same rows in every engine.
        outs = {e: read_result(r["output"]) for e, r in res.items() if not r["error"]}
        if "quarry" in outs:
            hq, rq = outs["quarry"]
            for peer in ("duckdb", "polars"):
                if peer in outs:
                    p = compare_multisets(f"hunt {key}", "quarry", outs["quarry"], peer, outs[peer])
                    results["checks"][f"hunt {key}: quarry vs {peer}"] = "OK" if not p else p
                    problems += p
            log(f"  hunt rows: " + ", ".join(f"{e} {len(r[1])}" for e, r in outs.items()))

    # Fleet summary correctness (not timed cold): on the smallest CSV.
    small = DATA / f"dne-mde-{sizes[0]}.csv"
    log(f"fleet summary check on {small.name} …")
    fleet = {}
    for e in ENGINES:
        cmd = cold_commands(quarry, small, "csv", "fleet" if e == "quarry" else "fleet-all")[e]
        outp = outdir / f"fleet-{small.stem}-{e}.csv"
        try:
            timed(cmd, outp, args.timeout)
            fleet[e] = read_result(str(outp))
        except Exception as ex:  # noqa: BLE001
            fleet[e] = None
            results["checks"][f"fleet: {e}"] = f"error: {ex}"
            log(f"  {e}: error: {ex}")
    if fleet.get("duckdb") and fleet.get("polars"):
        p = compare_multisets("fleet full summary", "duckdb", fleet["duckdb"], "polars", fleet["polars"])
        results["checks"]["fleet: duckdb vs polars (full summary)"] = "OK" if not p else p
        problems += p
    if fleet.get("quarry"):
        peers = {e: fleet[e] for e in ("duckdb", "polars") if fleet.get(e)}
        p = compare_fleet(fleet["quarry"], peers)
        results["checks"]["fleet: quarry vs peers (top 100, ties as sets)"] = "OK" if not p else p
        problems += p

    if not args.no_warm:
        path = DATA / f"dne-mde-{largest}.csv"
        log(f"warm, {path.name} in memory …")
        results["warm"] = {"rows": largest, **run_warm(warm_bin, warm_err, path, args.warm_runs, args.timeout)}
        counts = {}
        for q in ("hunt", "fleet"):
            counts[q] = {e: results["warm"][e].get(q, {}).get("result_rows") for e in ENGINES
                         if isinstance(results["warm"].get(e), dict)}
            vals = {v for v in counts[q].values() if v is not None}
            if len(vals) > 1:
                problems.append(f"warm {q}: result row counts differ: {counts[q]}")
        results["checks"]["warm result row counts"] = counts

    # Table.
    table = []

    def add(name: str, unit: str, vals: dict):
        q, d, p = vals.get("quarry"), vals.get("duckdb"), vals.get("polars")
        num = lambda v: v if isinstance(v, (int, float)) else None  # noqa: E731
        table.append({"measure": name, "unit": unit, "quarry": q, "duckdb": d, "polars": p,
                      "quarry/duckdb": ratio(num(q), num(d)), "quarry/polars": ratio(num(q), num(p))})

    for key, res in results["cold"].items():
        add(key, "s", {e: (r["median_s"] if not r["error"] else f"n/a (error: {r['error']})") for e, r in res.items()})
    if results["warm"]:
        for q in ("hunt", "fleet"):
            vals = {}
            for e in ENGINES:
                r = results["warm"].get(e, {})
                if "error" in r:
                    vals[e] = f"n/a (error: {r['error']})"
                elif "error" in r.get(q, {}):
                    vals[e] = f"n/a (error: {r[q]['error'].splitlines()[0][:60]})"
                else:
                    vals[e] = r.get(q, {}).get("median_ms")
            add(f"warm {q} {label(largest)}", "ms", vals)
    big = f"cold CSV {label(largest)}"
    if big in results["cold"]:
        add(f"peak RSS, {big}", "MB", {e: (r["max_rss_kb"] / 1024 if r.get("max_rss_kb") else None)
                                       for e, r in results["cold"][big].items()})
    if results["warm"]:
        # The warm process holds the whole table (all 22 columns) in memory: its peak is the
        # memory needed to have the rows resident, loading included.
        add(f"peak RSS, warm {label(largest)} resident", "MB",
            {e: (r["max_rss_kb"] / 1024 if isinstance(r, dict) and r.get("max_rss_kb") else None)
             for e, r in results["warm"].items() if e in ENGINES})
    results["table"] = table

    headers = ["measure", "Quarry", "DuckDB", "Polars", "Quarry/DuckDB", "Quarry/Polars"]
    rows = [[t["measure"], cell(t["quarry"], t["unit"]), cell(t["duckdb"], t["unit"]), cell(t["polars"], t["unit"]),
             cell(t["quarry/duckdb"], "x"), cell(t["quarry/polars"], "x")] for t in table]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print()
    print(f"{env['machine']}; DuckDB {env['duckdb']}, Polars {env['polars']} (Python {env['python']}); median of {args.runs} runs "
          f"(warm queries: {args.warm_runs})")
    print("Cold = whole process: start, read the file, run the hunt, write CSV to a file. For DuckDB and Polars that")
    print("includes starting python3 and importing the library (" + ", ".join(
        f"{k} {v:.2f} s" for k, v in overhead.items() if k != "python") + f"; bare python3 {overhead['python']:.2f} s).")
    print("Warm = table already in memory, query only (Quarry: QuarryWarm; DuckDB: in-memory table, result into a temp")
    print("table; Polars: DataFrame, lazy query collected). Ratios < 1 mean Quarry is faster / smaller.")
    print()
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths))))
    print()
    for k, v in results["checks"].items():
        if isinstance(v, dict):
            continue
        print(f"check {k}: {'OK' if v == 'OK' else 'MISMATCH' if isinstance(v, list) else v}")
    if problems:
        print("\nMISMATCH:")
        for line in problems[:60]:
            print("  " + line)
    else:
        print("\nOK: all engines return the same rows.")
    results["ok"] = not problems
    out = DATA / "peers-result.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"(written {out.relative_to(ROOT)})")
    return 1 if problems else 0


if __name__ == "__main__":
    ensure_venv()
    sys.exit(main())
