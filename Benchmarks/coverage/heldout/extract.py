#!/usr/bin/env python3
"""Extract the KQL hunts of a public hunting repository into a held-out corpus (JSON lines).

    python3 Benchmarks/coverage/heldout/extract.py GITDIR --repo OWNER/NAME --license MIT \
        [--commit REV] [--prefix bj] [--oracle] > out.jsonl

GITDIR is a git directory (what the `fetch` tool returns, or a checkout's .git). Read at REV
(default HEAD), every file is taken as follows:
- `.kql`, `.csl`, `.kusto`: the whole file is one hunt;
- `.md`: each fenced code block whose info string is empty, `kql`, `kusto`, `KQL`, `sql`
  (hunting READMEs often mislabel KQL) or `C#`, and whose text looks like KQL (a `|` pipe, or a
  `let` statement), is one hunt;
- `.yaml` / `.yml`: the `query:` block (block scalar `|` / `>` or a one-line value);
- `.txt`: the whole file, when it looks like KQL.
Hunts are deduplicated by their text with whitespace collapsed, and any hunt whose text is in the
dev corpus (../shared/data/hunting-corpus/dev.jsonl) is dropped.

--oracle keeps only the hunts Kusto's own parser accepts (no syntax diagnostics from
../shared/tools/kusto-oracle, which must be set up), as the hidden set is drawn: coverage counts
well-formed hunts only. The binder's semantic errors do not remove a hunt.
"""
import argparse, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEV = os.path.join(ROOT, "..", "shared", "data", "hunting-corpus", "dev.jsonl")
ORACLE = os.path.join(ROOT, "..", "shared", "tools", "kusto-oracle", "kusto_oracle.py")
FENCE = re.compile(r"^(```+|~~~+)[ \t]*([^\n`]*)\n(.*?)^\1[ \t]*$", re.S | re.M)
KQL_INFO = {"", "kql", "kusto", "sql", "c#", "csharp", "text", "query"}


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True, check=True).stdout


def looks_like_kql(text):
    t = text.strip()
    return bool(t) and ("|" in t or re.match(r"(?s)(//[^\n]*\n\s*)*let\s", t) is not None)


def yaml_query(text):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)query:\s*(.*)$", line)
        if not m:
            continue
        indent, rest = len(m.group(1)), m.group(2).strip()
        if rest and rest[0] not in "|>":
            return rest.strip("'\"")
        body = []
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            body.append(nxt)
        width = min((len(b) - len(b.lstrip()) for b in body if b.strip()), default=0)
        return "\n".join(b[width:] for b in body).strip("\n") + "\n"
    return None


def hunts(path, text):
    ext = os.path.splitext(path)[1].lower()
    if ext in (".kql", ".csl", ".kusto"):
        yield text
    elif ext == ".txt":
        if looks_like_kql(text):
            yield text
    elif ext in (".yaml", ".yml"):
        q = yaml_query(text)
        if q and looks_like_kql(q):
            yield q
    elif ext == ".md":
        for m in FENCE.finditer(text):
            if m.group(2).strip().lower() in KQL_INFO and looks_like_kql(m.group(3)):
                yield m.group(3)


def norm(q):
    return " ".join(q.split())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gitdir")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--license", required=True)
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--prefix", default="ho")
    ap.add_argument("--oracle", action="store_true")
    a = ap.parse_args()
    commit = git(a.gitdir, "rev-parse", a.commit).decode().strip()
    seen = set()
    if os.path.exists(DEV):
        seen = {norm(json.loads(l)["query"]) for l in open(DEV) if l.strip()}
    names = git(a.gitdir, "ls-tree", "-r", "-z", "--name-only", commit).decode(errors="replace").split("\0")
    out = []
    for path in sorted(n for n in names if n):
        if os.path.splitext(path)[1].lower() not in (".kql", ".csl", ".kusto", ".txt", ".yaml", ".yml", ".md"):
            continue
        try:
            text = git(a.gitdir, "show", f"{commit}:{path}").decode("utf-8-sig")
        except (subprocess.CalledProcessError, UnicodeDecodeError):
            continue
        text = text.replace("\r\n", "\n")
        for index, q in enumerate(hunts(path, text)):
            key = norm(q)
            if len(key) < 20 or key in seen:
                continue
            seen.add(key)
            out.append({"source": a.repo, "license": a.license, "commit": commit, "path": path,
                        "index": index, "query": q})
    for i, q in enumerate(out):
        q["id"] = f"{a.prefix}-{i:04d}"
    if a.oracle:
        out = oracle_accepts(out)
    for q in out:
        print(json.dumps(q))
    print(f"{a.repo}: {len(out)} hunts", file=sys.stderr)


def oracle_accepts(queries):
    py = os.path.join(os.environ.get("TMPDIR", "/tmp"), "kustolang", "venv", "bin", "python")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for q in queries:
            f.write(json.dumps({"id": q["id"], "query": q["query"]}) + "\n")
    p = subprocess.run([py, ORACLE, "--jsonl", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    verdict = {}
    for line in p.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        verdict[r.get("id")] = not r.get("syntax_errors")
    if not verdict:
        sys.exit("the oracle gave no answer: " + p.stderr[-500:])
    kept = [q for q in queries if verdict.get(q["id"])]
    print(f"oracle: {len(kept)}/{len(queries)} parse", file=sys.stderr)
    return kept


if __name__ == "__main__":
    main()
