#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses: Fuzz/.work/seeds/<Harness>/ (ignored by git).

Sources: the logic tests (Tests/LogicTests/cases/**/*.test), hunts/, the reader fixtures
(Tests/QuarryIOTests/Fixtures), samples/, and the shared development corpus (../shared/data:
real exports, hunting-corpus/dev.jsonl queries, one per seed). A missing source is skipped with
a message. Seeds larger than MAX bytes are cut (libFuzzer would cut them to -max_len anyway).
"""
import glob, gzip, hashlib, json, os, re, shutil, sys, zlib

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)
OUT = os.path.join(FUZZ, ".work", "seeds")
MAX = 65536
# Reader harnesses take one selector byte first (see Sources/FuzzSupport): 0 = read all
# columns, no table name; 0x14 = DeviceNetworkEvents, projected; 0x75 = projected with
# predicates, skipBadRows, small batches.
SELECTORS = [0x00, 0x14, 0x75]

counts = {}

def put(harness, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:MAX]
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
    counts[harness] = counts.get(harness, 0) + 1

def rel(*p):
    return os.path.join(ROOT, *p)

def read(p):
    with open(p, "rb") as f:
        return f.read()

shutil.rmtree(OUT, ignore_errors=True)

# --- queries: logic tests, hunts, the hunting corpus
queries = []
cases = sorted(glob.glob(rel("Tests/LogicTests/cases/**/*.test"), recursive=True))
if not cases:
    print("seeds: no Tests/LogicTests/cases; skipped")
for p in cases:
    lines = read(p).decode("utf-8", "replace").split("\n")
    i = 0
    while i < len(lines):
        head = lines[i]
        if head.startswith("query") or head.startswith("error") or head.startswith("explain"):
            body = []
            i += 1
            while i < len(lines) and lines[i] != "----" and lines[i].strip() != "":
                body.append(lines[i]); i += 1
            if body:
                queries.append("\n".join(body))
        i += 1
for p in sorted(glob.glob(rel("hunts/*.kql"))):
    queries.append(read(p).decode("utf-8", "replace"))
dev = "/work/shared/data/hunting-corpus/dev.jsonl"
dev = os.path.join(ROOT, "..", "shared", "data", "hunting-corpus", "dev.jsonl") if not os.path.exists(dev) else dev
if os.path.exists(dev):
    for line in read(dev).decode("utf-8", "replace").splitlines():
        try:
            q = json.loads(line).get("query")
        except ValueError:
            continue
        if q:
            queries.append(q)
else:
    print("seeds: no shared hunting corpus (../shared/data/hunting-corpus/dev.jsonl); skipped")
for q in queries:
    put("FuzzSyntax", q)
    put("FuzzBind", q)

# --- regex: patterns from the queries (matches regex "…", extract("…", …), …) and subjects
pat = re.compile(r'(?:matches regex|extract(?:_all)?\(|replace_regex\(|parse\s+kind\s*=\s*regex[^\n]*?)\s*@?"((?:[^"\\]|\\.)*)"')
subjects = [b"ws-042.contoso.local", b"C:\\Windows\\System32\\cmd.exe /c whoami", b"10.0.0.1:443 GET /index.html",
            "h\u00e9llo w\u00f6rld \u2603".encode()]
patterns = set()
for q in queries:
    for m in pat.finditer(q):
        patterns.add(m.group(1))
patterns |= {r"(a+)+b", r"^\d{1,3}(\.\d{1,3}){3}$", r"(?i)cmd\.exe", r"[[:alpha:]]+", r"\p{Greek}+", r"(?P<x>a|b)*c",
             r"\bfoo\b", r"x{2,5}?", r"[^\x00-\x7f]", r"(?s).*", r"\Qa.b\E"}
for i, p in enumerate(sorted(patterns)):
    put("FuzzRegex", p.encode() + b"\0" + subjects[i % len(subjects)])

# --- reader inputs: fixtures, samples, shared real exports
files = sorted(f for f in glob.glob(rel("Tests/QuarryIOTests/Fixtures/**/*"), recursive=True) if os.path.isfile(f))
files += sorted(glob.glob(rel("samples/*")))
files += sorted(glob.glob(rel("Tests/LogicTests/data/**/*"), recursive=True))
shared = [f for f in glob.glob("/work/shared/data/real/**/*", recursive=True)
          if os.path.isfile(f) and f.endswith((".csv", ".json", ".jsonl"))]
if not shared:
    shared = [f for f in glob.glob(os.path.join(ROOT, "..", "shared", "data", "real", "**", "*"), recursive=True)
              if os.path.isfile(f) and f.endswith((".csv", ".json", ".jsonl"))]
if not shared:
    print("seeds: no shared real exports (../shared/data/real); skipped")
files += sorted(shared)
mal = "/work/shared/data/hunting-corpus/malformed.json"
if os.path.exists(mal):
    files.append(mal)
for f in files:
    if not os.path.isfile(f):
        continue
    data = read(f)
    if data[:2] == b"\x1f\x8b":
        put("FuzzInflate", data)
        try:
            plain = gzip.decompress(data)
        except Exception:
            plain = None
    else:
        plain = data
        # Small gzip members of each file, at two levels, for the inflate harness.
        put("FuzzInflate", gzip.compress(data[:4096], 9))
        put("FuzzInflate", gzip.compress(data[:1024], 1))
    if plain is None:
        continue
    stripped = plain.lstrip(b"\xef\xbb\xbf \t\r\n")
    harness = "FuzzJSON" if stripped[:1] in (b"{", b"[") else "FuzzCSV"
    if f.endswith((".bin", ".txt")):
        continue
    for s in SELECTORS:
        put(harness, bytes([s]) + data)   # as the file is (gzip included)
    if harness == "FuzzJSON":
        # Single records / lines for parse_json.
        put("FuzzParseJSON", plain)
        for line in plain.splitlines()[:20]:
            if line.strip():
                put("FuzzParseJSON", line)
# A few JSON values for parse_json
for v in ['{"a":[1,2.5e3,true,null,"x\\u00e9"]}', '[]', '"\\ud83d\\ude00"', '-0.0', '1e400', '{"a":{"b":{"c":[[[]]]}}}',
          '{"Name":"x", "Value": 12345678901234567890}', '  [1, 2', "nan", '{"a":1,"a":2}']:
    put("FuzzParseJSON", v)
for h in ["FuzzSyntax", "FuzzBind", "FuzzCSV", "FuzzJSON", "FuzzInflate", "FuzzRegex", "FuzzParseJSON"]:
    print(f"seeds: {h}: {counts.get(h, 0)} files")
