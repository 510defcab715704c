#!/usr/bin/env python3
"""Documented examples: how many of the examples on Microsoft's Kusto function pages Quarry
reproduces, per function group, and which ones it does not.

    python3 Benchmarks/docs/doc_examples.py [--docs-git DIR] [--quarry PATH] [--jobs 2]
    python3 Benchmarks/docs/doc_examples.py --page strcat          # one page, verbosely
    python3 Benchmarks/docs/doc_examples.py --json results.json    # every example's result

Input: a bare git mirror of MicrosoftDocs/dataexplorer-docs (--docs-git, default
/work/.mirror/MicrosoftDocs+dataexplorer-docs/repo; when absent the script says so and exits 0:
the mirror is a development aid, not something users have). Pages are read from HEAD with
`git ls-tree` / `git show` under data-explorer/kusto/query/.

Pages: the function pages, `*-function.md` and `*-aggregation-function.md`; graph functions
(`*-graph-function.md`, `graph-function.md`) are out of scope, and plugins have no
`-function.md` pages. The function name is the first `# ` heading (`# strcat()` -> strcat).

Groups: by name, first match wins (see GROUPS below): aggregation (the `-aggregation-function`
pages and the functions `quarry functions` lists as aggregate), window (`quarry functions`
kind window: row_*, next, prev), sketch (hll/tdigest), geo_, series_, ip (ipv4_/ipv6_,
*_ipv4*), dynamic (array_/bag_/set_/pack*/zip/treepath/jaccard), datetime (datetime_,
startof/endof, unixtime_, dayof..., bin, now/ago, ...), hash, conversion (to*), string,
math, scope (cluster/database/table/cursor/extent/... functions that need a cluster), other.

Examples: every ```kusto code block followed, before the next code block and without a section
heading (`#`... other than an "Output"/"Result" heading) in between, by a markdown table
(`|a|b|`, `|---|`, rows): the first such table is the expected output. Moniker blocks
(`:::moniker range=...`) are ignored: every code block is read.

Skipped (counted by reason, not run):
  * cluster-table: the query reads a table that exists only in a Kusto cluster (StormEvents,
    ContosoSales, US_States, ...): a statement, a `(` / `=` / join/union/lookup operand starts
    with a capitalized name piped onwards that no `let` (or lambda parameter) defines, or the
    query calls cluster()/database()/table()/external_table()/materialized_view()/
    stored_query_result().
  * cluster-only: it calls a function whose value only a cluster has (current_principal(),
    cursor_after(), extent_id(), ingestion_time(), ...).
  * needs-geoip: geo_info_from_ip_address without a MaxMind database ($QUARRY_GEOIP).
  * elided: the output table shows `...`/`…` instead of values.
  * no-query: the code block holds no runnable query (only `let`s, a `.command`, syntax).
  * render: the query ends in `render` (the docs show a chart, not the table).

Run: `quarry query --format json --now 2025-01-01T00:00:00Z --timeout 10` (query on standard
input), 10 s per example. Compared: column names (when the doc table has a header that is not
empty), the number of rows, and every cell after normalization: numbers numerically (relative
tolerance 1e-6, or the doc's shown precision: 3 decimals shown -> equal to 3 decimals), datetimes
as instants (any of the forms the docs use), timespans as durations, booleans (true/True/1),
guids case-insensitively, dynamic values as parsed JSON when both parse, an empty cell equal to
null or "". Rows are compared in order first; when that fails but the rows match as a multiset
the example passes "unordered" (the docs often show rows in an arbitrary order). Examples calling
rand(), new_guid(), now(), ago(), or take/sample, that fail are counted apart as nondet. Examples
whose doc output contradicts the doc's own query (checked by hand: DOC_WRONG below, and bare
calls such as `asin(0.5)` that are not queries) are counted apart as doc-wrong; "passed" is
also given as a share of the runnable examples that are neither.
Failures list the page, example index, the query's first line and the first differing cell
(expected vs got), or the error.
"""
import argparse, collections, concurrent.futures, datetime as dt, json, math, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_MIRROR = "/work/.mirror/MicrosoftDocs+dataexplorer-docs/repo"
DOCS_DIR = "data-explorer/kusto/query/"
NOW = "2025-01-01T00:00:00Z"

# Ordered: the first group whose test matches a function name wins.
GROUPS = [
    ("scope", lambda n, k: n in {"cluster", "database", "table", "external_table", "materialized_view",
                                  "stored_query_result", "cursor_after", "cursor_before_or_at",
                                  "extent_id", "extent_tags", "ingestion_time", "current_cluster_endpoint",
                                  "current_database", "current_principal", "current_principal_details",
                                  "current_principal_is_member_of", "estimate_data_size", "column_ifexists",
                                  "column_names_of", "materialize", "toscalar", "has_any_index"}),
    ("sketch", lambda n, k: "tdigest" in n or n.startswith("hll") or n == "dcount_hll"),
    ("aggregation", lambda n, k: k == "aggregate"),
    ("window", lambda n, k: k == "window"),
    ("geo", lambda n, k: n.startswith("geo_")),
    ("series", lambda n, k: n.startswith("series_")),
    ("ip", lambda n, k: n.startswith(("ipv4_", "ipv6_")) or "ipv4" in n or "ipv6" in n),
    ("dynamic", lambda n, k: n.startswith(("array_", "bag_", "set_", "pack")) or
        n in {"zip", "treepath", "jaccard_index", "dynamic_to_json", "parse_json", "extract_json",
              "parse_xml", "parse_csv", "repeat", "range"}),
    ("datetime", lambda n, k: n.startswith(("datetime_", "startof", "endof", "unixtime_", "day_of", "dayof",
                                            "week_of", "hour_of", "month", "make_datetime", "make_timespan",
                                            "format_datetime", "format_timespan", "bin")) or
        n in {"now", "ago", "around", "getyear", "todatetime", "totimespan"}),
    ("hash", lambda n, k: n.startswith("hash")),
    ("conversion", lambda n, k: n.startswith("to") and n not in {"toscalar"}),
    ("string", lambda n, k: n.startswith(("str", "base64_", "url_", "punycode", "unicode_", "zlib_", "trim",
                                          "replace", "extract", "indexof", "parse_", "format_", "regex")) or
        n in {"substring", "split", "reverse", "countof", "translate", "isutf8", "string_size", "has_any_index",
              "isempty", "isnotempty"}),
    ("math", lambda n, k: n.startswith(("binary_", "convert_", "beta_", "bitset", "exp", "log", "series"))
        or n in {"abs", "acos", "asin", "atan", "atan2", "ceiling", "cos", "cot", "degrees", "erf", "erfc",
                 "gamma", "loggamma", "isfinite", "isinf", "isnan", "pi", "pow", "radians", "round", "sign",
                 "sin", "sqrt", "tan", "welch_test", "floor", "not", "max_of", "min_of", "rand"}),
    ("other", lambda n, k: True),
]

# Examples whose doc output does not match its own query (checked by hand), counted as
# "doc-wrong", not as failures: (page, example index, a piece of the query that must still be
# there) -> why. An entry whose piece is gone (the page changed) no longer applies.
DOC_WRONG = {
    ("array-iff-function.md", 3, "print condition="): "the condition column shows [true, false, true], the query prints [\"some string value\", datetime, null]",
    ("geo-polygon-centroid-function.md", 3, "let polygons ="): "the output lacks the opening brace of its JSON (the values match to the digits shown)",
    ("binary-all-xor-aggregation-function.md", 1, "summarize result ="): "header 'results', the query names 'result'",
    ("cos-function.md", 1, "print cos(1)"): "header 'result' for an unnamed print column (print_0)",
    ("cot-function.md", 1, "print cot(1)"): "header 'result' for an unnamed print column (print_0)",
    ("sin-function.md", 1, "print sin(1)"): "header 'result' for an unnamed print column (print_0)",
    ("geo-closest-point-on-line-function.md", 2, "print isnull("): "header 'result' for an unnamed print column",
    ("parse-command-line-function.md", 1, "print parse_command_line("): "header 'Result' for an unnamed print column",
    ("strlen-function.md", 3, "print strlen('"): "header 'length' for an unnamed print column",
    ("geo-line-interpolate-point-function.md", 2, "project lng ="): "header 'result', the query projects 'lng'",
    ("max-of-function.md", 2, "project max_of(A, B)"): "header 'result' for an unnamed project column (Column1)",
    ("min-of-function.md", 2, "project min_of(A, B)"): "header 'result' for an unnamed project column (Column1)",
    ("zip-function.md", 3, "project zip(a, b)"): "header 'print_0' for an unnamed project column (Column1)",
    ("split-function.md", 1, "print"): "header 'print4' (typo for print_4)",
    ("tohex-function.md", 1, "print"): "header 'print_04' (typo for print_4)",
    ("variancep-aggregation-function.md", 1, "variancep(x)"): "header 'variance_x' for variancep(x)",
    ("percentilesw-aggregation-function.md", 2, "percentilesw_array"): "header 'percentile_LatencyBucket' for percentilesw_array (Kusto.Language's binder names it percentiles_LatencyBucket; the table is malformed)",
    ("percentilesw-aggregation-function.md", 3, "percentilesw_array"): "header 'percentile_LatencyBucket' for percentilesw_array (Kusto.Language's binder names it percentiles_LatencyBucket; the table is malformed)",
    ("geo-polygon-to-s2cells-function.md", 1, '"New York",'): "output 'New York city', the data says 'New York'",
    ("range-function.md", 4, "print range(1h, 5h)"): "malformed output table (a stray '1,000,000' row)",
    ("replace-regex-function.md", 1, "range x from 1 to 5"): "shows 'Number is 1.000000': range of longs, tostring gives '1'",
    ("replace-string-function.md", 2, "range x from 1 to 5"): "shows 'Number is 1.000000': range of longs, tostring gives '1'",
    ("series-acos-function.md", 1, "dynamic([-1,0,1])"): "output column arr shows [-6.5,0,8.2], the query prints [-1,0,1]",
    ("series-atan-function.md", 1, "dynamic([-1,0,1])"): "output column arr shows [-6.5,0,8.2], the query prints [-1,0,1]",
    ("series-cos-function.md", 1, "dynamic([-1,0,1])"): "output column arr shows [-6.5,0,8.2], the query prints [-1,0,1]",
    ("series-sin-function.md", 1, "dynamic([-1, 0, 1])"): "output column arr shows [-6.5,0,8.2], the query prints [-1,0,1]",
    ("series-tan-function.md", 1, "dynamic([-1, 0, 1])"): "output column arr shows [-6.5,0,8.2], the query prints [-1,0,1]",
    ("series-magnitude-function.md", 1, "print arr=dynamic([1,2,3,4])"): "header s1, s2 from another query",
    ("series-product-function.md", 1, "print arr=dynamic([1,2,3,4])"): "header s1 from another query",
    ("series-sum-function.md", 1, "print arr=dynamic([1,2,3,4])"): "header s1 from another query",
    ("series-fill-linear-function.md", 1, "with_const"): "with_const of the long array shows 74,38 (36 is an input value; with_edges of the same array shows 73,36)",
    ("series-iir-function.md", 1, "range(1.0, 10, 1)"): "shows 4 of the 10 rows",
    ("strcat-function.md", 2, "MultiLineString"): "shows the expanded-row view ('1. \"MultiLineString\": ...'), not the value",
    ("toguid-function.md", 1, "datatable(str: string)"): "output 'isn't', the data says 'is not'",
    ("trim-end-function.md", 2, 'strcat("-  ","Te st",x'): "the query uses x, never defined",
    ("unicode-codepoints-to-string-function.md", 5, "range(48,57)"): "the output table has no row",
    ("url-encode-component-function.md", 1, "hello world/'"): "the output drops the input's trailing '/'",
    ("url-encode-function.md", 1, "hello world'"): "the output adds a trailing '/' the input lacks",
    ("base64-decode-toguid-function.md", 1, "JpbpECu8dUy7Pv5gbeJXAA=="): "shows ...-754c-...: Data3 not byte-swapped, unlike "
        "Data1/Data2 and unlike base64_encode_fromguid's own example (.NET Guid(byte[]) order gives ...-4c75-...)",
    ("variancepif-aggregation-function.md", 1, "variancepif(x, x%2 == 0)"): "850 is the sample variance of 2,4..100; the population variance is 833",
}
BARE_CALL = re.compile(r"^\s*(?!datatable|range|print|union|toscalar|materialize|evaluate)[A-Za-z_]\w*\s*\([^|;]*\)\s*$")  # `asin(0.5)`

NONDET = re.compile(r"\b(rand|new_guid|now|ago|current_\w+|ingestion_time|dcount|hll\w*|tdigest\w*|"
                    r"percentiles?(_array)?|sample|sample-distinct|take|limit)\b\s*\(?")
NONDET_CALL = re.compile(r"\b(rand|new_guid|now|ago)\s*\(|\|\s*(take|limit|sample)\b")

CLUSTER_FUNCS = re.compile(r"\b(cluster|database|table|external_table|materialized_view|stored_query_result|"
                           r"cursor_after|cursor_before_or_at|cursor_current|extent_id|extent_tags|"
                           r"ingestion_time|current_principal\w*|current_cluster_endpoint|current_database|"
                           r"getschema_\w+)\s*\(")
SOURCE_KEYWORDS = {"print", "range", "datatable", "union", "find", "search", "evaluate", "materialize",
                   "view", "toscalar", "externaldata", "external_data", "let", "set", "declare", "alias",
                   "pattern", "restrict", "macro-expand", "graph", "make-graph", "tabular", "dynamic",
                   "true", "false", "with", "kind", "on", "withsource", "isfuzzy", "hint", "pack_all"}


def git(a, *args):
    return subprocess.run(["git", "--git-dir", a.docs_git, *args], capture_output=True, check=True).stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------- pages and examples

def function_name(text, page):
    m = re.search(r"^# +(.+)$", text, re.M) or re.search(r"^title:\s*(.+)$", text, re.M)
    head = m.group(1) if m else page
    m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", head)
    return m.group(1) if m else page.replace("-function.md", "").replace("-", "_")


FENCE = re.compile(r"^\s*```\s*(\w*)\s*$")


def split_cells(line):
    s = line.strip()
    if s.startswith("|"): s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"): s = s[:-1]
    cells, cur, i = [], "", 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur += "|"; i += 2; continue
        if c == "|":
            cells.append(cur); cur = ""
        else:
            cur += c
        i += 1
    cells.append(cur)
    return [c.strip() for c in cells]


def is_sep(line):
    s = line.strip()
    return s.startswith("|") and re.fullmatch(r"\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*", s) is not None


def examples_of(text):
    """[(query, header, rows, line)] for each kusto block with an output table."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1; continue
        lang = m.group(1).lower()
        start = i
        j = i + 1
        while j < len(lines) and not FENCE.match(lines[j]):
            j += 1
        code = "\n".join(lines[start + 1:j])
        i = j + 1
        if lang not in ("kusto", "kql"):
            continue
        # look for a table before the next fence
        k = i
        table = None
        while k < len(lines):
            l = lines[k]
            if FENCE.match(l):
                break
            h = re.match(r"^\s*#+\s*(.*)$", l)
            if h and not re.search(r"output|result", h.group(1), re.I):
                break
            if l.strip().startswith("|") and k + 1 < len(lines) and is_sep(lines[k + 1]):
                header = split_cells(l)
                rows, r = [], k + 2
                while r < len(lines) and lines[r].strip().startswith("|"):
                    rows.append(split_cells(lines[r])); r += 1
                table = (header, rows)
                break
            k += 1
        if table:
            out.append((code, table[0], table[1], start + 1))
    return out


# ---------------------------------------------------------------- skipping

def strip_comments_and_strings(q):
    """The query with // comments removed and string literal contents blanked (kept as "")."""
    out, i, n = [], 0, len(q)
    while i < n:
        c = q[i]
        if q.startswith("//", i):
            while i < n and q[i] != "\n": i += 1
            continue
        if c in "@" and i + 1 < n and q[i + 1] in "'\"":
            quote = q[i + 1]; j = i + 2
            while j < n and q[j] != quote: j += 1
            out.append('""'); i = j + 1; continue
        if c in "'\"":
            j = i + 1
            while j < n and q[j] != c:
                j += 2 if q[j] == "\\" else 1
            out.append('""'); i = j + 1; continue
        if q.startswith("```", i):
            j = q.find("```", i + 3); j = n if j < 0 else j + 3
            out.append('""'); i = j; continue
        out.append(c); i += 1
    return "".join(out)


def skip_reason(query, header, rows):
    elided = any(("..." in c or "…" in c) for r in rows for c in r) or any(c in ("...", "…") for c in header)
    q = strip_comments_and_strings(query)
    if not q.strip():
        return "no-query"
    if q.lstrip().startswith("."):
        return "management-command"
    m = CLUSTER_FUNCS.search(q)
    if m:
        return "cluster-table" if m.group(1) in ("cluster", "database", "table", "external_table",
                                                 "materialized_view", "stored_query_result") else "cluster-only"
    stmts = [s.strip() for s in q.split(";") if s.strip()]
    lets = set(re.findall(r"\blet\s+([A-Za-z_]\w*)", q))
    lets |= set(re.findall(r"\bdeclare\s+query_parameters\s*\(([^)]*)\)", q) and
                re.findall(r"(\w+)\s*:", " ".join(re.findall(r"declare\s+query_parameters\s*\(([^)]*)\)", q))))
    # lambda/function parameters: let f = (T:(x:long), y:string) { ... }
    lets |= set(re.findall(r"[(,]\s*([A-Za-z_]\w*)\s*:", q))
    # as / fork names, materialize
    lets |= set(re.findall(r"\bas\s+(?:hint\.\w+\s*=\s*\w+\s+)?([A-Za-z_]\w*)", q))
    has_query = False
    for s in stmts:
        body = s
        m = re.match(r"let\s+[A-Za-z_]\w*\s*=\s*(.*)$", s, re.S)
        if m:
            body = m.group(1).strip()
        elif re.match(r"(set|declare|alias|pattern|restrict)\b", s):
            continue
        else:
            has_query = True
        name = re.match(r"([A-Za-z_][\w]*)\s*(\(|\||$)", body, re.S)
        if name and name.group(2) != "(" and name.group(1) not in lets and name.group(1) not in SOURCE_KEYWORDS:
            # a bare name followed by | or end: a table reference (not a scalar let such as `let x = y;`)
            if name.group(2) == "|" or (not m and name.group(2) == ""):
                return "cluster-table"
    for m in re.finditer(r"(?:^|[(=,;]|\bin\b)\s*([A-Za-z_]\w*)\s*\|", q):
        nm = m.group(1)
        if nm not in lets and nm not in SOURCE_KEYWORDS and nm[0].isupper():
            return "cluster-table"
    for m in re.finditer(r"\b(join|lookup|union|in|!in|as)\b(?:\s+(?:kind|hint\.\w+|withsource|isfuzzy)\s*=\s*\w+)*\s*\(?\s*([A-Za-z_]\w*)\b(\s*\()?", q):
        op, nm, call = m.group(1), m.group(2), m.group(3)
        if op in ("in", "!in", "as") or call:
            continue
        if nm not in lets and nm not in SOURCE_KEYWORDS and nm[0].isupper():
            return "cluster-table"
    if elided:
        return "elided"
    if not has_query:
        return "no-query"
    if re.search(r"\|\s*render\b", q):
        return "render"
    if "geo_info_from_ip_address" in q and not os.environ.get("QUARRY_GEOIP"):
        return "needs-geoip"
    return None


# ---------------------------------------------------------------- normalization and comparison

def clean_doc(c):
    c = c.strip()
    if len(c) >= 2 and c[0] == "`" and c[-1] == "`":
        c = c.strip("`").strip()
    if len(c) >= 4 and c.startswith("**") and c.endswith("**"):
        c = c[2:-2]
    c = re.sub(r"<br\s*/?>", "\n", c).strip()
    c = re.sub(r"\[([^\]]*)\]\((?:[^)]*)\)", r"\1", c)       # [text](url) -> text
    c = re.sub(r"<((?:https?|ftp)://[^>]*)>", r"\1", c)          # <https://...> -> https://...
    c = re.sub(r"\\([_*\[\]<>#`~|])", r"\1", c)   # not \\: authors write paths raw
    c = c.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&").replace("&#124;", "|")
    return c


NUM_RE = re.compile(r"^[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_num(s):
    s = s.strip()
    low = s.lower()
    if low in ("nan",): return float("nan"), None
    if low in ("infinity", "inf", "+infinity", "∞"): return float("inf"), None
    if low in ("-infinity", "-inf", "-∞"): return float("-inf"), None
    if not NUM_RE.match(s):
        return None, None
    t = s.replace(",", "") if re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", s) else s
    if "," in t: return None, None
    try:
        v = float(t)
    except ValueError:
        return None, None
    m = re.search(r"\.(\d+)(?:[eE]([+-]?\d+))?$", t)
    dec = None
    if m and not m.group(2):
        dec = len(m.group(1))
    elif "e" not in t.lower():
        dec = 0
    return v, dec


def num_eq(doc, got):
    dv, dec = parse_num(doc) if isinstance(doc, str) else (doc, None)
    if dv is None:
        return False
    if isinstance(got, str):
        gv, _ = parse_num(got)
        if gv is None: return False
    elif isinstance(got, bool) or got is None:
        return False
    else:
        gv = float(got)
    if math.isnan(dv) or math.isnan(gv): return math.isnan(dv) and math.isnan(gv)
    if math.isinf(dv) or math.isinf(gv): return dv == gv
    if abs(dv - gv) <= 1e-6 * max(abs(dv), abs(gv)) or abs(dv - gv) < 1e-12:
        return True
    if dec and abs(dv - gv) <= 0.5 * 10 ** (-dec) * (1 + 1e-9) + 1e-12:
        return True
    # shown with significant digits (e.g. 0.3333 or 1.23456789012345E+17)
    if isinstance(doc, str):
        m = re.match(r"^[+-]?(\d*)\.?(\d*)[eE]", doc.strip())
        if m:
            digits = len((m.group(1) + m.group(2)).lstrip("0")) or 1
            return abs(dv - gv) <= 0.5 * 10 ** (math.floor(math.log10(abs(dv) or 1)) - digits + 1) * (1 + 1e-9)
    return False


DT_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d",
              "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]


def parse_dt(s):
    """Ticks (100 ns) since 0001-01-01, or None."""
    s = s.strip()
    frac = 0
    m = re.match(r"^(.*?)(?:\.(\d{1,9}))?\s*(Z|[+-]00:?00| UTC)?$", s)
    if not m: return None
    base, f = m.group(1), m.group(2)
    if re.search(r"[AP]M$", s):
        base, f = s, None
        mm = re.match(r"^(.*?\d{1,2}:\d{2}:\d{2})\.(\d+)(\s*[AP]M)$", s)
        if mm: base, f = mm.group(1) + mm.group(3), mm.group(2)
    if f:
        frac = int((f + "0000000")[:7])
    for fmt in DT_FORMATS:
        try:
            d = dt.datetime.strptime(base.strip(), fmt)
        except ValueError:
            continue
        return (d - dt.datetime(1, 1, 1)) // dt.timedelta(microseconds=1) * 10 + frac
    return None


def parse_ts(s):
    """Ticks of a timespan [-][d.]hh:mm:ss[.fffffff], or Nd/Nh/Nm/Ns/Nms forms, or None."""
    s = s.strip()
    m = re.match(r"^(-)?(?:(\d+)[.:])?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$", s)
    if m:
        neg, d, h, mi, se, f = m.groups()
        t = ((int(d or 0) * 24 + int(h)) * 60 + int(mi)) * 60 + int(se)
        t = t * 10_000_000 + (int((f + "0000000")[:7]) if f else 0)
        return -t if neg else t
    m = re.match(r"^(-?\d+(?:\.\d+)?)\s*(d|h|m|s|ms|microsecond|tick|days?|hours?|minutes?|seconds?)$", s)
    if m:
        mult = {"d": 864e9, "day": 864e9, "days": 864e9, "h": 36e9, "hour": 36e9, "hours": 36e9, "m": 6e8,
                "minute": 6e8, "minutes": 6e8, "s": 1e7, "second": 1e7, "seconds": 1e7, "ms": 1e4,
                "microsecond": 10, "tick": 1}[m.group(2)]
        return round(float(m.group(1)) * mult)
    return None


def json_eq(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b and isinstance(a, bool) == isinstance(b, bool)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return num_eq(a, b) or num_eq(repr(a), b)
    if isinstance(a, str) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return num_eq(a, b)   # the doc quotes a number: ["-1.57",0]
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_eq(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str):
        if a == b: return True
        da, db = parse_dt(a), parse_dt(b)
        if da is not None and da == db: return True
        return False
    return a == b


def loads(s):
    try:
        return True, json.loads(s)
    except (ValueError, RecursionError):
        return False, None


def cell_eq(doc, got, typ):
    d = clean_doc(doc)
    if got is None:
        return d == "" or d.lower() in ("null", "(null)")
    if d == "":
        return got == "" or got == [] and False
    if typ in ("long", "int", "real", "decimal"):
        return num_eq(d, got)
    if typ == "bool":
        return d.lower() in (("true", "1") if got else ("false", "0"))
    if typ == "datetime":
        a, b = parse_dt(d), parse_dt(got)
        return a is not None and a == b
    if typ == "timespan":
        a, b = parse_ts(d), parse_ts(got)
        return a is not None and a == b
    if typ == "guid":
        return d.lower() == str(got).lower()
    if typ == "dynamic":
        ok, dj = loads(d)
        if ok and json_eq(dj, got):
            return True
        if isinstance(got, str):
            return d == got or loose(d) == loose(got)
        return loose(d) == loose(json.dumps(got, ensure_ascii=False))
    # string
    g = str(got)
    if d == g: return True
    if d.replace("\n", " ").split() == g.replace("\n", " ").split(): return True
    if len(d) >= 2 and d[0] == d[-1] == '"' and d[1:-1] == g: return True   # the doc quotes a string
    if d[:1] in "[{" and g[:1] in "[{":
        # a JSON text (tostring of a dynamic): compared as JSON when both parse, else loosely
        okd, dj = loads(d)
        okg, gj = loads(g)
        if okd and okg: return json_eq(dj, gj)
        return loose(d) == loose(g)
    return False


def loose(s):
    """A doc's JSON that does not parse (unescaped backslashes, nested quotes, [a, b] without
    quotes): compared without whitespace, quotes and backslashes."""
    return re.sub(r'[\s"\\]+', "", s)


def fmt(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 80 else s[:77] + "..."


def compare(header, rows, result):
    """(status, detail): status in pass, unordered, fail."""
    cols = result["columns"]
    got = result["rows"]
    names = [c["name"] for c in cols]
    types = [c["type"] for c in cols]
    hdr = [clean_doc(h) for h in header]
    rows = [r for r in rows if any(c.strip() for c in r)] if not any(h for h in hdr) else rows
    if any(h for h in hdr) and hdr != names:
        if len(hdr) != len(names) or [h.lower() for h in hdr] != [n.lower() for n in names]:
            return "fail", f"columns: expected {hdr} got {names}"
    if len(rows) != len(got):
        return "fail", f"rows: expected {len(rows)} got {len(got)}" + (f"; first got row {fmt(got[0])}" if got else "")

    def row_diff(dr, gr):
        if len(dr) != len(gr):
            return f"cells: expected {len(dr)} got {len(gr)}"
        for j, (d, g) in enumerate(zip(dr, gr)):
            if not cell_eq(d, g, types[j]):
                return f"{names[j]}: expected {fmt(clean_doc(d))!s} got {fmt(g)!s}"
        return None

    first = None
    for i, (dr, gr) in enumerate(zip(rows, got)):
        d = row_diff(dr, gr)
        if d:
            first = f"row {i}: {d}"
            break
    if first is None:
        return "pass", ""
    used = [False] * len(got)
    for dr in rows:
        for k, gr in enumerate(got):
            if not used[k] and row_diff(dr, gr) is None:
                used[k] = True
                break
        else:
            return "fail", first
    return "unordered", first


# ---------------------------------------------------------------- running

def run_quarry(a, query):
    try:
        p = subprocess.run([a.quarry, "query", "--format", "json", "--now", NOW, "--timeout", str(a.timeout), "-q"],
                           input=query.encode(), capture_output=True, timeout=a.timeout + 5)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    out = p.stdout.decode("utf-8", "replace").strip()
    if p.returncode != 0 or not out:
        err = out or p.stderr.decode("utf-8", "replace").strip()
        try:
            e = json.loads(err.split("\n")[0])["error"]
            err = f"{e.get('code', '')}: {e.get('message', '')}"
        except (ValueError, KeyError, TypeError):
            err = err.split("\n")[0][:200] if err else f"exit {p.returncode}"
        return None, err if p.returncode >= 0 else f"crash (signal {-p.returncode})"
    try:
        return json.loads(out.split("\n")[0]), None
    except ValueError as e:
        return None, f"bad json: {e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs-git", default=DEFAULT_MIRROR)
    ap.add_argument("--quarry", default=os.path.join(ROOT, ".build", "debug", "quarry"))
    ap.add_argument("--page", help="run one page (file name or function name) verbosely")
    ap.add_argument("--json", help="write every example's result to this file")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()
    if not os.path.isdir(a.docs_git):
        print(f"docs mirror not found: {a.docs_git} (a bare git mirror of MicrosoftDocs/dataexplorer-docs; "
              f"pass --docs-git DIR). Nothing to measure.")
        return 0
    if not os.path.exists(a.quarry):
        sys.exit(f"quarry not built: {a.quarry} (swift build, or --quarry PATH)")

    kinds = {}
    fl = subprocess.run([a.quarry, "functions"], capture_output=True).stdout.decode()
    for m in re.finditer(r"^(\w+) \((\w+)\)$", fl, re.M):
        kinds[m.group(1)] = m.group(2)

    pages = [p for p in git(a, "ls-tree", "--name-only", "HEAD", DOCS_DIR).split("\n")
             if p.endswith("-function.md") and not p.endswith("graph-function.md")]
    if a.page:
        want = a.page.replace("_", "-").removesuffix(".md")
        pages = [p for p in pages if os.path.basename(p)[:-3] in (want, want + "-function", want + "-aggregation-function")]
        if not pages:
            sys.exit(f"no function page matches {a.page}")

    items = []  # dicts
    page_group = {}
    for p in pages:
        text = git(a, "show", f"HEAD:{p}")
        name = function_name(text, os.path.basename(p))
        kind = "aggregate" if p.endswith("-aggregation-function.md") else kinds.get(name, "scalar")
        group = next(g for g, test in GROUPS if test(name, kind))
        page_group[os.path.basename(p)] = group
        for idx, (q, header, rows, line) in enumerate(examples_of(text), 1):
            items.append({"page": os.path.basename(p), "function": name, "group": group, "index": idx,
                          "line": line, "query": q, "header": header, "rows": rows,
                          "skip": skip_reason(q, header, rows)})

    def work(it):
        if it["skip"]:
            it["status"] = "skipped"
            return it
        if BARE_CALL.match(strip_comments_and_strings(it["query"])):
            it["status"], it["detail"] = "doc-wrong", "a bare scalar call, not a query (needs print)"
            return it
        why = next((w for (pg, ix, piece), w in DOC_WRONG.items()
                    if pg == it["page"] and ix == it["index"] and piece in it["query"]), None)
        res, err = run_quarry(a, it["query"])
        if err:
            it["status"], it["detail"] = "fail", "error: " + err
        else:
            it["status"], it["detail"] = compare(it["header"], it["rows"], res)
            it["got"] = res
        if it["status"] == "fail" and NONDET_CALL.search(strip_comments_and_strings(it["query"])):
            it["status"] = "nondet"
        if it["status"] == "fail" and why:
            it["status"], it["detail"] = "doc-wrong", why + " (" + it["detail"] + ")"
        return it

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        items = list(ex.map(work, items))

    if a.page:
        for it in items:
            print(f"--- {it['page']} example {it['index']} (line {it['line']}): {it['status']}"
                  f"{' (' + it['skip'] + ')' if it['skip'] else ''}")
            print(it["query"])
            print("expected:", it["header"])
            for r in it["rows"]: print("         ", r)
            if "got" in it:
                print("got:     ", [c["name"] + ":" + c["type"] for c in it["got"]["columns"]])
                for r in it["got"]["rows"]: print("         ", json.dumps(r, ensure_ascii=False))
            if it.get("detail"): print("detail:  ", it["detail"])
            print()

    groups = collections.OrderedDict((g, collections.Counter()) for g, _ in GROUPS)
    skips = collections.defaultdict(collections.Counter)
    for pg, g in page_group.items():
        groups[g]["pages"] += 1
    for it in items:
        c = groups[it["group"]]
        c["examples"] += 1
        if it["status"] == "skipped":
            c["skipped"] += 1
            skips[it["group"]][it["skip"]] += 1
            continue
        c["runnable"] += 1
        c[it["status"]] += 1
    cols = ["pages", "examples", "runnable", "passed", "unordered", "failed", "nondet", "doc-wrong", "skipped"]
    print(f"{'group':<12}" + "".join(f"{c:>10}" for c in cols) + "   skipped by reason")
    tot = collections.Counter()
    for g, c in groups.items():
        if not c["pages"]: continue
        c["passed"] = c["pass"] + c["unordered"]
        c["failed"] = c["fail"]
        tot.update({k: c[k] for k in cols})
        print(f"{g:<12}" + "".join(f"{c[k]:>10}" for k in cols) + "   " +
              ", ".join(f"{r} {n}" for r, n in skips[g].most_common()))
    allskips = collections.Counter()
    for s in skips.values(): allskips.update(s)
    print(f"{'total':<12}" + "".join(f"{tot[k]:>10}" for k in cols) + "   " +
          ", ".join(f"{r} {n}" for r, n in allskips.most_common()))
    run = tot["runnable"]
    fair = run - tot["doc-wrong"] - tot["nondet"]
    print(f"passed {tot['passed']}/{run} runnable = {100.0 * tot['passed'] / max(run, 1):.1f}% "
          f"({tot['unordered']} only unordered); {tot['passed']}/{fair} = {100.0 * tot['passed'] / max(fair, 1):.1f}% "
          f"of those neither doc-wrong nor nondet.\nnondet: failures of examples calling rand/new_guid/now/ago "
          f"or take/sample; doc-wrong: the doc's output does not match its own query (DOC_WRONG, bare calls)")

    fails = [it for it in items if it["status"] in ("fail", "nondet", "doc-wrong")]
    fails.sort(key=lambda it: ({"fail": 0, "nondet": 1, "doc-wrong": 2}[it["status"]], it["page"], it["index"]))
    if fails and not a.page:
        print("\nfailures:")
        for it in fails:
            first = next((l for l in it["query"].split("\n") if l.strip() and not l.strip().startswith("//")), "")
            tag = "" if it["status"] == "fail" else f" [{it['status']}]"
            print(f"  {it['page']} #{it['index']}{tag}: {first.strip()[:100]}\n      {it['detail']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump([{k: v for k, v in it.items()} for it in items], f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
