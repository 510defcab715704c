#!/usr/bin/env python3
"""Result-schema agreement with Kusto: for each hunt of the corpus that both Quarry and Kusto's own
binder (Kusto.Language, the oracle in ../shared/tools/kusto-oracle) bind, compare the result columns
(names, order and types) Quarry computes (`quarry check --schema --format json`) with the oracle's.

    python3 Benchmarks/coverage/schema_compare.py                 # run the oracle and compare
    python3 Benchmarks/coverage/schema_compare.py --expected Tests/LogicTests/data/oracle/result-schemas.json
                                                                   # compare with recorded schemas (no oracle)
    python3 Benchmarks/coverage/schema_compare.py --record Tests/LogicTests/data/oracle/result-schemas.json
                                                                   # run the oracle, write its schemas

Both sides bind against the schema catalog (Sources/QuarryIO/Catalog/catalog.json): every table with
the columns of all its forms, first form's order first, or the Sentinel form's first for a hunt that
names TimeGenerated and not Timestamp (what `quarry check` uses). The recorded file
keys each query by corpus id with an FNV-1a 64 hash of its text, so a changed corpus is detected; the
Swift test `ResultSchemaOracleTests` compares Quarry against it without needing the oracle (Mono).
"""
import argparse, concurrent.futures, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORACLE = os.path.join(ROOT, "..", "shared", "tools", "kusto-oracle", "kusto_oracle.py")
# Hunts where the oracle is wrong (left out of the rate, listed apart): Kusto.Language's ColumnMap
# drops a union column when a name comes with a second type after two legs agreed on the first (see
# Tests/LogicTests/ResultSchemaOracleTests.swift).
ORACLE_BUGS = {"dev-0058": "oracle drops a union column (ColumnMap bug)",
               "dev-0062": "oracle drops a union column (ColumnMap bug)"}
RECORD_COMMAND = ("python3 Benchmarks/coverage/schema_compare.py --record "
                  "Tests/LogicTests/data/oracle/result-schemas.json")


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001b3) & 0xffffffffffffffff
    return "%016x" % h


def catalog_tables(sentinel_first=False):
    cat = json.load(open(os.path.join(ROOT, "Sources", "QuarryIO", "Catalog", "catalog.json")))
    out = {}
    for t in cat["tables"]:
        cols, seen = [], set()
        forms = t["forms"]
        if sentinel_first:
            forms = [f for f in forms if f["kind"] == "sentinel"] + [f for f in forms if f["kind"] != "sentinel"]
        for f in forms:
            for n, ty in f["columns"]:
                if n not in seen:
                    seen.add(n)
                    cols.append([n, ty])
        out[t["name"]] = cols
    return out


def query_words(text):
    """The identifiers of a query outside comments and string literals (SchemaCatalog.queryWords)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"@?\"(?:\\.|[^\"\\\n])*\"|@?'(?:\\.|[^'\\\n])*'", " ", text)
    return set(re.findall(r"[A-Za-z0-9_]+", text))


def written_for_sentinel(text):
    """As `quarry check` decides (SchemaCatalog.writtenForSentinel): the hunt names TimeGenerated
    and not Timestamp, so tables with both forms are bound with the Sentinel form's columns first."""
    words = query_words(text)
    return "TimeGenerated" in words and "Timestamp" not in words


def run_oracle(queries, python):
    """The oracle on each query, against the catalog's tables as `quarry check` binds them."""
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for sentinel_first in (False, True):
            group = [q for q in queries if written_for_sentinel(q["query"]) == sentinel_first]
            if not group:
                continue
            tables, corpus = os.path.join(d, "tables.json"), os.path.join(d, "corpus.jsonl")
            json.dump(catalog_tables(sentinel_first), open(tables, "w"))
            with open(corpus, "w") as f:
                f.writelines(json.dumps(q) + "\n" for q in group)
            p = subprocess.run([python, ORACLE, "--tables", tables, "--jsonl", corpus],
                               capture_output=True, text=True, timeout=3600)
            if p.returncode != 0:
                sys.exit("oracle failed: " + p.stderr[-2000:])
            for line in p.stdout.splitlines():
                if line.strip():
                    r = json.loads(line)
                    out[r["id"]] = r
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "hunting-corpus", "dev.jsonl"))
    ap.add_argument("--quarry", default=os.path.join(ROOT, ".build", "debug", "quarry"))
    ap.add_argument("--python", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "kustolang", "venv", "bin", "python"),
                    help="the oracle's Python (set up by ../shared/tools/kusto-oracle/setup.sh)")
    ap.add_argument("--expected", help="compare with this recorded file instead of running the oracle")
    ap.add_argument("--record", help="write the oracle's schemas to this file (and compare)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--verbose", "-v", action="store_true", help="print every mismatch in full")
    a = ap.parse_args()
    if not os.path.exists(a.corpus):
        sys.exit(f"corpus not found: {a.corpus}")
    queries = [json.loads(l) for l in open(a.corpus) if l.strip()]
    for i, q in enumerate(queries):
        q.setdefault("id", f"dev-{i:04d}")
    byid = {q["id"]: q for q in queries}

    if a.expected:
        rec = json.load(open(a.expected))
        expected = {}
        for qid, e in rec["schemas"].items():
            if qid in byid and fnv1a64(byid[qid]["query"]) == e["hash"]:
                expected[qid] = [c.rsplit(":", 1) for c in e["columns"]]
    else:
        oracle = run_oracle(queries, a.python)
        expected = {qid: r["columns"] for qid, r in oracle.items()
                    if r.get("ok") and r.get("kind") == "table" and r.get("columns") is not None}
        if a.record:
            schemas = {qid: {"hash": fnv1a64(byid[qid]["query"]), "columns": [n + ":" + t for n, t in cols]}
                       for qid, cols in sorted(expected.items())}
            with open(a.record, "w") as f:
                f.write('{"about": %s,\n"command": %s,\n"hash": "FNV-1a 64 of the query text (UTF-8), hex", "columns": "name:type",\n"schemas": {\n' % (
                    json.dumps("Result schemas that Kusto.Language's binder (../shared/tools/kusto-oracle) computes for the hunts "
                               "of ../shared/data/hunting-corpus/dev.jsonl it binds, against the schema catalog's tables "
                               "(all forms). Generated by the command below; do not edit."),
                    json.dumps(RECORD_COMMAND)))
                f.write(",\n".join("%s: %s" % (json.dumps(qid), json.dumps(e)) for qid, e in schemas.items()))
                f.write("\n}}\n")
            print(f"recorded {len(schemas)} schemas in {a.record}")

    if not os.path.exists(a.quarry):
        sys.exit(f"quarry not built: {a.quarry} (swift build, or --quarry PATH)")

    def check(qid):
        p = subprocess.run([a.quarry, "check", "--schema", "--format", "json"],
                           input=byid[qid]["query"].encode(), capture_output=True, timeout=60)
        if p.returncode != 0:
            return qid, None
        try:
            return qid, json.loads(p.stdout.decode().strip().splitlines()[-1]).get("columns")
        except (ValueError, IndexError):
            return qid, None

    compared, mismatches, unbound = 0, [], 0
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for qid, got in ex.map(check, sorted(expected)):
            if got is None:
                unbound += 1
                continue
            if qid in ORACLE_BUGS:
                continue
            compared += 1
            want = expected[qid]
            if [list(c) for c in got] != [list(c) for c in want]:
                mismatches.append((qid, want, got))
    match = compared - len(mismatches)
    print(f"oracle binds {len(expected)} hunts; Quarry binds {compared} of them (not {unbound})")
    print(f"same result schema: {match}/{compared} = {100.0 * match / max(compared, 1):.1f}%"
          f" (left out, oracle bugs: {', '.join(f'{k}: {v}' for k, v in ORACLE_BUGS.items() if k in expected)})")
    for qid, want, got in mismatches:
        print(f"\n{qid} {byid[qid].get('path', '')}")
        if a.verbose or len(want) + len(got) < 40:
            print(f"  kusto:  {', '.join(n + ':' + t for n, t in want)}")
            print(f"  quarry: {', '.join(n + ':' + t for n, t in got)}")
        else:
            w, g = [tuple(c) for c in want], [tuple(c) for c in got]
            print(f"  kusto only:  {[n + ':' + t for n, t in w if (n, t) not in g]}")
            print(f"  quarry only: {[n + ':' + t for n, t in g if (n, t) not in w]}")
            if set(w) == set(g):
                print("  (same columns, different order)")


if __name__ == "__main__":
    main()
