#!/usr/bin/env python3
"""Hunting-corpus coverage: how many published hunts Quarry binds (`quarry check`, against the
schema catalog, no data), and what stops the rest, grouped by diagnostic.

    python3 Benchmarks/coverage/coverage.py [--corpus PATH/dev.jsonl] [--quarry PATH] [--top 40] [--list CODE]

The corpus defaults to ../shared/data/hunting-corpus/dev.jsonl; queries listed in the
neighbouring malformed.json (Kusto's own parser rejects them) are reported apart and do not
count. Coverage = queries that bind / well-formed queries. Do not tune to this set alone: the
hidden set is larger and differs; the groups show classes of gaps, not individual hunts.
"""
import argparse, collections, json, os, re, subprocess, sys, concurrent.futures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "hunting-corpus", "dev.jsonl"))
    ap.add_argument("--quarry", default=os.path.join(ROOT, ".build", "debug", "quarry"))
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--list", help="print the ids of the queries failing with this diagnostic code")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
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


if __name__ == "__main__":
    main()
