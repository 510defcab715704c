#!/usr/bin/env python3
"""Rebuild Sources/QuarryIO/Catalog/catalog.json from its sources (Python 3, stdlib only).

    python3 tools/catalog/build_catalog.py                       # from tools/catalog/sources/ only
    python3 tools/catalog/build_catalog.py \
        --azure-reference-other /work/.mirror/MicrosoftDocs+azure-reference-other/repo \
        [--defender-docs PATH]                                    # re-extract, then rebuild

Inputs (see README.md):
  sources/curated.json          the hand-curated catalog (telemetry.md forms, Azure-Sentinel
                                KQL-validation schemas, earlier doc extractions); its entries,
                                column order, types and time columns always win
  sources/defender-docs/*.tsv   one Advanced Hunting table per file, from
                                defender-xdr/advanced-hunting-<table>-table.md
  sources/azure-monitor/*.tsv   one Azure Monitor / Sentinel table per file, from
                                azure-monitor-ref/tables/includes/<table>-include.md
  tables.txt                    which Azure Monitor tables to take (besides those curated.json
                                already has a Sentinel form for)
  sources/sentinel-functions/*.tsv  Sentinel workspace parser functions (Azure/Azure-Sentinel
                                Parsers/, Solutions/*/Parsers/) that hunts call like tables: their
                                output schema as Kusto.Language's binder computes it
  sources/learn/*.tsv           a table's columns from the live Learn page when it is newer than
                                the doc repositories' stored versions (`# kind:` names the form);
                                merged like a doc extraction, after them
  sources/evidence/*.tsv        columns no page lists, evidenced otherwise (KQL-validation
                                schemas, published hunts): appended to an existing form only
  sources/legacy/*.tsv          retired Advanced Hunting tables (renamed or removed since), their
                                last documented columns; new tables only, `# time:` names the
                                time column (EventTime for the 2018-2019 MDATP tables)
  sources/aliases.tsv           other spellings hunts use for a table (`aliases` on its entry)
  sources/sentinel-content-tables.tsv  oshezaf/sentinelninja's index of the tables Sentinel content
                                reads: the extended catalog, and newer columns for core forms (a
                                Sentinel form from a Log Analytics block, an Advanced Hunting form
                                from a block of a page marked "Defender XDR Only")
A doc path (a git dir, or a checkout) re-extracts the TSVs of that source first.

Merge: a curated table keeps its forms; a documented column the form lacks is appended (in
doc order) with the mapped type, and the source note cites the page. A kind of form the table
lacks (advancedHunting from defender-docs, sentinel from azure-monitor) is added whole. Tables
only the docs know become new entries. Output is sorted by table name, one table per line.
"""
import argparse, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = os.path.join(HERE, "sources")
CATALOG = os.path.join(ROOT, "Sources", "QuarryIO", "Catalog", "catalog.json")

# Doc type name -> KQL type name (the catalog's vocabulary; see README.md).
TYPE_MAP = {
    "string": "string", "str": "string", "enum": "string", "guid": "string", "uniqueid": "string",
    "datetime": "datetime", "date": "datetime",
    "int": "int", "integer": "int", "int32": "int",
    "long": "long", "int64": "long",
    "bool": "bool", "boolean": "bool", "nullable bool": "bool",
    "real": "real", "double": "real", "float": "real", "decimal": "real",
    "dynamic": "dynamic", "array": "dynamic", "object": "dynamic",
    "timespan": "timespan",
    "bigint": "long", "number": "real",
}
# Curated Sentinel forms no include may extend: AzureDiagnostics is curated from
# azure-monitor-ref/tables/azurediagnostics.md (the columns every workspace has); its include
# lists the columns of one resource type's diagnostics, not the table's.
CURATED_ONLY = {"azurediagnostics"}
LA_STANDARD_COLUMNS = [("Type", "string"), ("_ItemId", "string"), ("_TimeReceived", "datetime"),
                       ("_ResourceId", "string"), ("_SubscriptionId", "string")]
LA_STANDARD_NOTE = "Type, _ItemId, _TimeReceived, _ResourceId, _SubscriptionId: LA standard columns (azure-monitor logs/log-standard-columns.md)"
LA_TENANT_NOTE = "TenantId: LA standard column (azure-monitor logs/log-standard-columns.md), absent from the table include"


def kql_type(doc_type, where):
    t = TYPE_MAP.get(doc_type.strip().strip("`").lower())
    if t is None:
        sys.exit(f"{where}: unmapped doc type {doc_type!r} (add it to TYPE_MAP)")
    return t


# ---------------------------------------------------------------- reading the doc repositories

class Repo:
    """A git dir (read at one commit) or a plain checkout."""

    def __init__(self, path, commit=None, pathspec_for_commit=None):
        self.path = path
        self.git = os.path.exists(os.path.join(path, "HEAD")) and os.path.isdir(os.path.join(path, "objects"))
        if not self.git and os.path.isdir(os.path.join(path, ".git")):
            self.git, self.path = True, os.path.join(path, ".git")
        self.commit = None
        if self.git:
            self.commit = commit or self._default_commit(pathspec_for_commit)

    def _run(self, *args):
        return subprocess.run(["git", "--git-dir", self.path, *args], check=True, capture_output=True).stdout.decode()

    def _default_commit(self, pathspec):
        head = self._run("rev-parse", "HEAD").strip()
        if pathspec and not self._run("ls-tree", "--name-only", head, pathspec).strip():
            # the folder was moved out of this repository: read the last commit that had it
            gone = self._run("rev-list", "-1", head, "--", pathspec).strip()
            return self._run("rev-parse", gone + "^").strip()
        return head

    def list(self, folder):
        if self.git:
            out = self._run("ls-tree", "--name-only", self.commit, folder.rstrip("/") + "/")
            return [l for l in out.splitlines() if l]
        full = os.path.join(self.path, folder)
        return sorted(os.path.join(folder, f) for f in os.listdir(full)) if os.path.isdir(full) else []

    def read(self, path):
        if self.git:
            try:
                return self._run("show", f"{self.commit}:{path}")
            except subprocess.CalledProcessError:
                return None
        full = os.path.join(self.path, path)
        return open(full, encoding="utf-8").read() if os.path.exists(full) else None

    def cite(self, path):
        if self.git:
            return f"{path}@{self.commit[:8]}"
        return path


def ms_date(text):
    m = re.search(r"^ms\.date:\s*(\S+)", text, re.M)
    return m.group(1) if m else "?"


def column_rows(text, header_names):
    """Rows of the first markdown table whose header starts with one of header_names."""
    rows, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("|"):
            if inside and rows:
                break
            continue
        cells = [c.strip() for c in s.strip("|").split("|")]
        if not inside:
            if cells and cells[0].strip("` ").lower() in header_names:
                inside = True
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        if len(cells) < 2:
            continue
        name = cells[0].replace("`", "").replace("\\_", "_").strip()
        typ = cells[1].replace("`", "").strip()
        if not name or not typ or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            continue
        rows.append((name, typ))
    return rows


def write_tsv(folder, table, cite_line, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, table + ".tsv"), "w", encoding="utf-8") as f:
        f.write(f"# table: {table}\n# source: {cite_line}\n")
        for n, t in rows:
            f.write(f"{n}\t{t}\n")


def extract_defender(repo):
    out = os.path.join(SOURCES, "defender-docs")
    n = 0
    for path in repo.list("defender-xdr"):
        m = re.match(r"defender-xdr/advanced-hunting-([a-z0-9]+)-table\.md$", path, re.I)
        if not m:
            continue
        text = repo.read(path)
        if not text:
            continue
        title = re.search(r"^#\s+`?([A-Za-z0-9_]+)", text, re.M)
        if not title or title.group(1).lower() != m.group(1).lower():
            continue
        rows = column_rows(text, {"column name"})
        if rows:
            write_tsv(out, title.group(1), f"defender-docs {repo.cite(path)} (ms.date {ms_date(text)})", rows)
            n += 1
    print(f"defender-docs: {n} tables extracted", file=sys.stderr)


def wanted_azure_monitor(curated):
    names = set()
    for line in open(os.path.join(HERE, "tables.txt"), encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.lower())
    for t in curated["tables"]:
        low = t["name"].lower()
        if any(f["kind"] == "sentinel" for f in t["forms"]) and low not in CURATED_ONLY:
            names.add(low)
    return names


def extract_azure_monitor(repo, curated):
    out = os.path.join(SOURCES, "azure-monitor")
    folder = "azure-monitor-ref/tables/includes"
    have = {os.path.basename(p)[: -len("-include.md")]: p for p in repo.list(folder) if p.endswith("-include.md")}
    n = 0
    for low in sorted(wanted_azure_monitor(curated)):
        path = have.get(low)
        if not path:
            print(f"azure-monitor: no include for {low}", file=sys.stderr)
            continue
        text = repo.read(path)
        # the table's spelling: the reference page's title, else the include's ms.custom
        page = repo.read(f"azure-monitor-ref/tables/{low}.md") or ""
        name = None
        for cand in re.findall(r"^#\s+([A-Za-z0-9_]+)", page, re.M) + re.findall(r"^ms\.custom:\s*([A-Za-z0-9_]+)", text, re.M):
            if cand.lower() == low:
                name = cand
                break
        if not name:
            print(f"azure-monitor: cannot spell {low}", file=sys.stderr)
            continue
        rows = column_rows(text, {"column"})
        if rows:
            write_tsv(out, name, f"azure-reference-other {repo.cite(path)} (ms.date {ms_date(text)})", rows)
            n += 1
    print(f"azure-monitor: {n} tables extracted at {repo.commit}", file=sys.stderr)


# ---------------------------------------------------------------- building

def read_tsvs(folder):
    out = {}
    if not os.path.isdir(folder):
        return out
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".tsv"):
            continue
        table, source, rows = None, None, []
        for line in open(os.path.join(folder, fn), encoding="utf-8"):
            line = line.rstrip("\n")
            if line.startswith("# table:"):
                table = line.split(":", 1)[1].strip()
            elif line.startswith("# source:"):
                source = line.split(":", 1)[1].strip()
            elif line and not line.startswith("#"):
                n, t = line.split("\t")
                rows.append((n, t))
        out[table.lower()] = {"name": table, "source": source, "rows": rows}
    return out


KINDS = ("advancedHunting", "sentinel")


def read_kind_tsvs(folder):
    """TSVs that name their form kind (`# kind:`): sources/learn, sources/evidence. Returns a list
    of docs, in file name order (one table may have a file per kind: Table.kind.tsv)."""
    out = []
    if not os.path.isdir(folder):
        return out
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".tsv"):
            continue
        doc = {"name": None, "kind": None, "source": None, "time": None, "rows": [], "file": os.path.join(folder, fn)}
        for line in open(doc["file"], encoding="utf-8"):
            line = line.rstrip("\n")
            for key in ("table", "kind", "source", "time"):
                if line.startswith(f"# {key}:"):
                    doc["name" if key == "table" else key] = line.split(":", 1)[1].strip()
            if line and not line.startswith("#"):
                n, t = line.split("\t")
                doc["rows"].append((n, t))
        if not doc["name"] or doc["kind"] not in KINDS or not doc["source"]:
            sys.exit(f"{doc['file']}: needs '# table:', '# kind:' ({' or '.join(KINDS)}) and '# source:' lines")
        out.append(doc)
    return out


def read_aliases(path):
    """sources/aliases.tsv: canonical<TAB>alias<TAB>evidence, one a line."""
    out = []
    if not os.path.exists(path):
        return out
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not all(c.strip() for c in cells):
            sys.exit(f"{path}:{i}: expected canonical<TAB>alias<TAB>evidence")
        out.append(tuple(c.strip() for c in cells))
    return out


def doc_form(kind, doc):
    """A new form from a doc extraction; returns (form, notes)."""
    where = doc["source"]
    cols, seen, notes = [], set(), []
    for n, t in doc["rows"]:
        if n in seen:
            continue
        seen.add(n)
        cols.append([n, kql_type(t, where)])
    time = doc.get("time")   # a `# time:` line (sources/legacy) names it; empty: none
    if time is None:
        time = "Timestamp" if kind == "advancedHunting" else "TimeGenerated"
        if time not in seen:
            time = ""
    elif time and time not in seen:
        sys.exit(f"{doc.get('file', where)}: time column {time} is not a listed column")
    if time:
        for c in cols:
            if c[0] == time and c[1] != "datetime":
                notes.append(f"{time} typed datetime (the page says {dict(doc['rows'])[time]})")
                c[1] = "datetime"
    if kind == "sentinel" and time == "TimeGenerated" and "TenantId" not in seen:
        cols.append(["TenantId", "string"])
        notes.append(LA_TENANT_NOTE)
    return {"kind": kind, "timeColumn": time, "columns": cols}, notes


def merge_form(form, doc):
    """Append the documented columns the form lacks; returns how many."""
    have = {c[0] for c in form["columns"]}
    added = 0
    for n, t in doc["rows"]:
        if n not in have:
            form["columns"].append([n, kql_type(t, doc["source"])])
            have.add(n)
            added += 1
    return added


# The types Kusto.Language's binder names for a function's result columns.
KQL_TYPES = {"string", "int", "long", "real", "decimal", "bool", "datetime", "timespan", "dynamic", "guid"}


def function_form(doc):
    """A Sentinel form from a parser function's output schema (sources/sentinel-functions)."""
    cols, seen = [], set()
    for n, t in doc["rows"]:
        if t not in KQL_TYPES:
            sys.exit(f"{doc['source']}: {n} has type {t!r}, not a KQL type")
        if n in seen:
            sys.exit(f"{doc['source']}: column {n} twice")
        seen.add(n)
        cols.append([n, t])
    time = "TimeGenerated" if any(c == ["TimeGenerated", "datetime"] for c in cols) else ""
    return {"kind": "sentinel", "timeColumn": time, "columns": cols}


def merge_doc(tables, kind, doc, stats):
    """A doc extraction of one form kind: a new table, a new form, or the columns the form lacks."""
    low = doc["name"].lower()
    entry = tables.get(low)
    if entry is None:
        form, notes = doc_form(kind, doc)
        tables[low] = {"name": doc["name"], "source": "; ".join([doc["source"]] + notes), "forms": [form]}
        stats["new_tables"] += 1
        return
    form = next((f for f in entry["forms"] if f["kind"] == kind), None)
    if form is None:
        form, notes = doc_form(kind, doc)
        entry["forms"].append(form)
        entry["source"] += "; " + "; ".join([f"{kind} form: {doc['source']}"] + notes)
        stats["new_forms"] += 1
        return
    added = merge_form(form, doc)
    if added:
        entry["source"] += f"; +{added} {kind} column{'s' if added > 1 else ''} from {doc['source']}"
        stats["new_columns"] += added


# Columns of the Log Analytics copy of a table (azure-monitor logs/log-standard-columns.md, and
# SourceSystem), which an Advanced Hunting table does not have: never appended to an AH form.
LA_ONLY_COLUMNS = {"TenantId", "TimeGenerated", "SourceSystem", "Type", "_BilledSize", "_IsBillable",
                   "_ItemId", "_TimeReceived", "_ResourceId", "_SubscriptionId"}


def content_ah_refresh(tables, content, stats):
    """The Sentinel-content index's blocks of "Defender XDR Only" pages document the Advanced Hunting
    table (newer than the stored defender-docs pages): the columns such a block lists that the core
    table's advancedHunting form lacks are appended, in the block's order, typed as the index types
    them. Log Analytics columns (LA_ONLY_COLUMNS) are not taken; an existing column keeps its type
    (a different index type is counted in stats["ah_type_kept"]); a name the form already has in
    another case is that column, not a new one."""
    for doc in content:
        if not doc.get("ah"):
            continue
        entry = tables.get(doc["name"].lower())
        form = entry and next((f for f in entry["forms"] if f["kind"] == "advancedHunting"), None)
        if form is None or entry.get("function"):
            continue
        where = f"sentinel-content-tables.tsv {doc['name']}"
        have = {c[0].lower(): c for c in form["columns"]}
        rows, la, notes = [], [], []
        for n, t in doc["rows"]:
            if n in LA_ONLY_COLUMNS:
                la.append(n)
                continue
            if not t.strip():
                notes.append(f"{n} untyped in the index, typed string")
                t = "string"
            kt = kql_type(t, where)
            old = have.get(n.lower())
            if old is not None:
                if old[1] != kt:
                    stats["ah_type_kept"].append(f"{doc['name']}.{old[0]}: {old[1]} kept (the index: {t})")
                if old[0] != n:
                    stats["ah_type_kept"].append(f"{doc['name']}.{old[0]}: kept (the index spells it {n})")
                continue
            col = [n, kt]
            have[n.lower()] = col
            rows.append(col)
        if not rows:
            continue
        form["columns"] += rows
        note = (f"; +{len(rows)} advancedHunting column{'s' if len(rows) > 1 else ''} from {doc['ah']} "
                f"(read through oshezaf/sentinelninja {doc['cite']}, a page marked Defender XDR Only")
        if la:
            note += f"; its Log Analytics columns {', '.join(sorted(la))} not taken"
        entry["source"] += note + ")" + "".join(f"; {x}" for x in notes)
        stats["new_columns"] += len(rows)
        stats["ah_refresh"].append((doc["name"], [c[0] for c in rows]))


def build(curated, defender, monitor, functions=None, learn=(), evidence=(), aliases=(), content=(), legacy=()):
    tables = {}
    for t in curated["tables"]:
        tables[t["name"].lower()] = json.loads(json.dumps(t))
    stats = {"new_tables": 0, "new_forms": 0, "new_columns": 0, "ah_refresh": [], "ah_type_kept": []}
    for kind, docs in (("advancedHunting", defender), ("sentinel", monitor)):
        for low, doc in sorted(docs.items()):
            merge_doc(tables, kind, doc, stats)
    # Live Learn pages newer than the stored doc versions: merged the same way, after them.
    for doc in learn:
        merge_doc(tables, doc["kind"], doc, stats)
    # Retired tables (sources/legacy): the last documented schema of an Advanced Hunting table since
    # renamed or removed (MiscEvents, MachineInfo, ...); new tables only, time column as the file says.
    for doc in legacy:
        low = doc["name"].lower()
        if low in tables:
            sys.exit(f"{doc['file']}: {doc['name']} is already a catalog table")
        if doc["time"] is None:
            sys.exit(f"{doc['file']}: needs a '# time:' line (the time column, or empty)")
        form, notes = doc_form(doc["kind"], doc)
        tables[low] = {"name": doc["name"], "source": "; ".join([doc["source"]] + notes), "forms": [form]}
        stats["new_tables"] += 1
    # Columns no page lists (evidence): only appended to a form the docs already give the table.
    for doc in evidence:
        entry = tables.get(doc["name"].lower())
        form = entry and next((f for f in entry["forms"] if f["kind"] == doc["kind"]), None)
        if form is None:
            sys.exit(f"{doc['file']}: {doc['name']} has no {doc['kind']} form to extend")
        added = merge_form(form, doc)
        if added:
            entry["source"] += f"; +{added} {doc['kind']} column{'s' if added > 1 else ''} not on its page, evidenced by {doc['source']}"
            stats["new_columns"] += added
        else:
            print(f"{doc['file']}: every column is now documented; the file can go", file=sys.stderr)
    # The Sentinel-content index (sentinel-content-tables.tsv) is newer than the doc repositories'
    # stored pages: the columns it lists for a core table's Sentinel form that the form lacks are
    # appended, with the cited source (e.g. AADServicePrincipalSignInLogs' UserAgent, SessionId).
    # A block of a page marked "Defender XDR Only" (doc["ah"]) documents the Advanced Hunting table
    # instead: it refreshes the AH form (content_ah_refresh), never a Sentinel form.
    for doc in content:
        if doc.get("ah"):
            continue
        entry = tables.get(doc["name"].lower())
        form = entry and next((f for f in entry["forms"] if f["kind"] == "sentinel"), None)
        if form is None or entry.get("function"):
            continue
        have = {c[0] for c in form["columns"]}
        rows = []
        for n, t in doc["rows"]:
            t = t or "string"
            if n not in have:
                have.add(n)
                rows.append((n, t))
        if rows:
            form["columns"] += [[n, kql_type(t, f"sentinel-content-tables.tsv {doc['name']}")] for n, t in rows]
            entry["source"] += (f"; +{len(rows)} sentinel column{'s' if len(rows) > 1 else ''} from {doc['origin']} "
                                f"{doc['url']} (read through oshezaf/sentinelninja {doc['cite']})")
            stats["new_columns"] += len(rows)
    content_ah_refresh(tables, content, stats)
    # Parser functions: new tables with exactly the columns the binder computed (no LA standard
    # columns appended: a function's result has only what its query keeps).
    fn_names = set()
    for low, doc in sorted((functions or {}).items()):
        if low in tables:
            sys.exit(f"{doc['source']}: {doc['name']} is already a catalog table")
        tables[low] = {"name": doc["name"], "source": doc["source"], "function": True, "forms": [function_form(doc)]}
        fn_names.add(low)
        stats["new_tables"] += 1
    # Log Analytics standard columns (azure-monitor logs/log-standard-columns.md) every workspace
    # table carries though most table pages omit them; Sentinel hunts join on _ItemId and
    # ingestion_time() reads _TimeReceived.
    for low, e in tables.items():
        if low in fn_names:
            continue
        for f in e["forms"]:
            if f["kind"] != "sentinel" or f["timeColumn"] != "TimeGenerated":
                continue
            have = {c[0] for c in f["columns"]}
            missing = [c for c in LA_STANDARD_COLUMNS if c[0] not in have]
            if missing:
                f["columns"] += [list(c) for c in missing]
                if LA_STANDARD_NOTE not in e["source"]:
                    e["source"] += "; " + LA_STANDARD_NOTE
                stats["new_columns"] += len(missing)
    # Aliases: other spellings of a table that hunts use (Kusto table names are case-sensitive,
    # the catalog's keys are not); SchemaCatalog binds each to the table's schema.
    taken = {}
    for canonical, alias, evidence in aliases:
        e = tables.get(canonical.lower())
        if e is None or e["name"] != canonical:
            sys.exit(f"aliases.tsv: {canonical} is not a catalog table (spelled as the catalog spells it)")
        if alias == canonical or alias in taken or (alias.lower() in tables and alias.lower() != canonical.lower()):
            sys.exit(f"aliases.tsv: {alias} is already a table or an alias")
        taken[alias] = canonical
        e.setdefault("aliases", []).append(alias)
        e["source"] += f"; also bound as {alias}: {evidence}"
    order = {"advancedHunting": 0, "sentinel": 1}
    out = []
    for low in sorted(tables):
        e = tables[low]
        e["forms"].sort(key=lambda f: order.get(f["kind"], 9))
        entry = {"name": e["name"], "source": e["source"]}
        if e.get("aliases"):
            entry["aliases"] = e["aliases"]
        if e.get("function"):
            entry["function"] = True   # a parser function (sources/sentinel-functions), not a table
        entry["forms"] = e["forms"]
        out.append(entry)
    return {"version": curated.get("version", 1), "tables": out}, stats


# ---------------------------------------------------------------- the extended catalog

SENTINEL_CONTENT = os.path.join(SOURCES, "sentinel-content-tables.tsv")
EXTENDED = os.path.join(ROOT, "Sources", "QuarryIO", "Catalog", "catalog-extended.json")
SN_ORIGINS = {"Azure Monitor documentation": "azure-monitor", "KQL validation test schema": "kql-validation",
              "Connector definition": "connector", "Data Collection Rule definition": "dcr"}


def extract_sentinel_content(repo):
    """sources/sentinel-content-tables.tsv from oshezaf/sentinelninja's `Solutions Docs/tables/*.md`:
    each page's "Schema (N columns)" table and the source it cites."""
    folder = "Solutions Docs/tables"
    blocks = []
    for path in repo.list(folder):
        if not path.endswith(".md"):
            continue
        text = repo.read(path) or ""
        title = re.search(r"^# (\S+)\s*$", text, re.M)
        m = re.search(r"^## Schema \((\d+) columns?\)\s*\n\s*\n\*\*Source:\*\* \[([^\]]+)\]\(([^)]+)\)", text, re.M)
        if not title or not m or m.group(2) not in SN_ORIGINS:
            continue
        rows = []
        for line in text[m.end():].splitlines():
            if line.startswith("## "):
                break
            if not line.startswith("|") or line.startswith("|:") or line.startswith("| Column Name"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and cells[0]:
                rows.append((cells[0], cells[1]))
        if len(rows) != int(m.group(1)):
            sys.exit(f"{path}: {len(rows)} columns read, the page says {m.group(1)}")
        # A page marked "Defender XDR Only" (the table is not in the Azure Monitor table reference)
        # documents the Advanced Hunting table, whatever its "Source:" line says: record the
        # Advanced Hunting page it links, which marks the block as the AH form's.
        ah = ""
        if re.search(r"^> \*\*Defender XDR Only:\*\*", text[: m.start()], re.M):
            link = re.search(r"^\| \*\*Defender XDR Advanced Hunting Schema\*\* \| \[[^\]]*\]\((https://[^)]+)\)",
                             text[: m.start()], re.M)
            if not link:
                sys.exit(f"{path}: marked Defender XDR Only but links no Advanced Hunting page")
            ah = link.group(1)
        blocks.append((title.group(1), SN_ORIGINS[m.group(2)], m.group(3), repo.cite(path), rows, ah))
    blocks.sort(key=lambda b: b[0].lower())
    with open(SENTINEL_CONTENT, "w", encoding="utf-8") as f:
        f.write("# Tables Microsoft Sentinel content reads, with their columns, as indexed by oshezaf/sentinelninja\n"
                "# (Apache-2.0) from Azure/Azure-Sentinel and the Azure Monitor table reference.\n"
                "# Generated by build_catalog.py --sentinelninja; see README.md (The extended catalog).\n"
                "# = Table<TAB>origin<TAB>the source the page cites<TAB>the page read[<TAB>Advanced Hunting page]\n"
                "#   (the fifth field only on a page marked \"Defender XDR Only\": the block is the AH table's)\n"
                "# then Column<TAB>type (the type as the source writes it)\n")
        for name, origin, url, cite, rows, ah in blocks:
            f.write(f"= {name}\t{origin}\t{url}\t{cite}" + (f"\t{ah}" if ah else "") + "\n")
            for n, t in rows:
                f.write(f"{n}\t{t}\n")
    print(f"sentinel-content: {len(blocks)} tables extracted", file=sys.stderr)


def read_sentinel_content(path):
    tables, cur = [], None
    if not os.path.exists(path):
        return tables
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("= "):
            fields = line[2:].split("\t")
            if len(fields) not in (4, 5):
                sys.exit(f"{path}: bad block line {line!r}")
            name, origin, url, cite = fields[:4]
            # ah: the Advanced Hunting page of a "Defender XDR Only" table (the block is its AH form)
            ah = fields[4] if len(fields) == 5 else None
            cur = {"name": name, "origin": origin, "url": url, "cite": cite, "ah": ah, "rows": [], "notes": []}
            tables.append(cur)
        else:
            n, t = line.split("\t")
            # "x [UTC]" is how the Log Analytics portal's CSV export names datetime column x (a
            # schema copied from such an export keeps it): the column is x, a datetime.
            utc = re.match(r"^(.*?)\s*\[UTC\]$", n)
            if utc:
                cur["notes"].append(f"{n!r} is the portal export's header of {utc.group(1)} (datetime)")
                n, t = utc.group(1), "datetime"
            cur["rows"].append((n, t))
    return tables


def build_extended(core, content):
    """Tables Sentinel content reads that the core catalog lacks: a Sentinel form each, with the
    columns its source lists (a column listed twice kept once; an untyped column typed string),
    TimeGenerated datetime (every Log Analytics table has it), and the LA standard columns."""
    taken = set()
    for t in core["tables"]:
        taken.add(t["name"].lower())
        taken.update(a.lower() for a in t.get("aliases", []))
    out, seen = [], set()
    for doc in content:
        low = doc["name"].lower()
        if low in taken or low in seen:
            continue
        if doc.get("ah"):
            # a "Defender XDR Only" table has no Log Analytics form to give it
            print(f"sentinel-content: {doc['name']} is Defender XDR only and not a core table: not taken", file=sys.stderr)
            continue
        seen.add(low)
        where = f"sentinel-content-tables.tsv {doc['name']}"
        cols, names, notes = [], set(), list(doc["notes"])
        for n, t in doc["rows"]:
            if n in names:
                continue
            names.add(n)
            if not t.strip():
                notes.append(f"{n} untyped in the source, typed string")
                t = "string"
            cols.append([n, kql_type(t, where)])
        tg = next((c for c in cols if c[0] == "TimeGenerated"), None)
        if tg is None:
            cols.append(["TimeGenerated", "datetime"])
            notes.append("TimeGenerated: LA standard column, absent from the source")
        elif tg[1] != "datetime":
            notes.append(f"TimeGenerated typed datetime (the source says {tg[1]})")
            tg[1] = "datetime"
        for n, t in [("TenantId", "string")] + LA_STANDARD_COLUMNS:
            if n not in names:
                cols.append([n, t])
        source = f"{doc['origin']} {doc['url']} (read through oshezaf/sentinelninja {doc['cite']}); " \
                 f"TenantId, Type, _ItemId, _TimeReceived, _ResourceId, _SubscriptionId: LA standard columns where absent"
        if notes:
            source += "; " + "; ".join(notes)
        out.append({"name": doc["name"], "source": source,
                    "forms": [{"kind": "sentinel", "timeColumn": "TimeGenerated", "columns": cols}]})
    out.sort(key=lambda e: e["name"].lower())
    return {"version": core["version"], "tables": out}


def dump(catalog):
    lines = [json.dumps(t, separators=(",", ":")) for t in catalog["tables"]]
    return '{"version":%d,"tables":[\n' % catalog["version"] + ",\n".join(lines) + "\n]}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--defender-docs", help="MicrosoftDocs/defender-docs git dir or checkout (re-extract its TSVs)")
    ap.add_argument("--defender-docs-commit")
    ap.add_argument("--azure-reference-other", help="MicrosoftDocs/azure-reference-other git dir or checkout")
    ap.add_argument("--azure-reference-other-commit",
                    help="default: HEAD, or the last commit holding azure-monitor-ref/tables/includes if HEAD lacks it")
    ap.add_argument("--sentinelninja", help="oshezaf/sentinelninja git dir or checkout (re-extract sentinel-content-tables.tsv)")
    ap.add_argument("--out", default=CATALOG)
    ap.add_argument("--out-extended", default=EXTENDED)
    ap.add_argument("--check", action="store_true", help="exit 1 if --out differs from what would be written")
    a = ap.parse_args()
    curated = json.load(open(os.path.join(SOURCES, "curated.json"), encoding="utf-8"))
    if a.defender_docs:
        extract_defender(Repo(a.defender_docs, a.defender_docs_commit))
    if a.azure_reference_other:
        extract_azure_monitor(Repo(a.azure_reference_other, a.azure_reference_other_commit,
                                   "azure-monitor-ref/tables/includes"), curated)
    defender = read_tsvs(os.path.join(SOURCES, "defender-docs"))
    monitor = read_tsvs(os.path.join(SOURCES, "azure-monitor"))
    functions = read_tsvs(os.path.join(SOURCES, "sentinel-functions"))
    learn = read_kind_tsvs(os.path.join(SOURCES, "learn"))
    evidence = read_kind_tsvs(os.path.join(SOURCES, "evidence"))
    legacy = read_kind_tsvs(os.path.join(SOURCES, "legacy"))
    aliases = read_aliases(os.path.join(SOURCES, "aliases.tsv"))
    if a.sentinelninja:
        extract_sentinel_content(Repo(a.sentinelninja))
    content = read_sentinel_content(SENTINEL_CONTENT)
    catalog, stats = build(curated, defender, monitor, functions, learn, evidence, aliases, content, legacy)
    extended = build_extended(catalog, content)
    outputs = [(a.out, dump(catalog)), (a.out_extended, dump(extended))]
    if a.check:
        stale = [p for p, text in outputs if not (os.path.exists(p) and open(p, encoding="utf-8").read() == text)]
        for p in stale:
            print(f"{p} is stale: rerun build_catalog.py", file=sys.stderr)
        if not stale:
            print("up to date", file=sys.stderr)
        sys.exit(1 if stale else 0)
    for p, text in outputs:
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"{a.out_extended}: {len(extended['tables'])} tables Sentinel content reads that the core lacks", file=sys.stderr)
    ah = stats["ah_refresh"]
    print(f"sentinel-content: +{sum(len(c) for _, c in ah)} advancedHunting columns on {len(ah)} tables from "
          f"Defender XDR Only pages; {len(stats['ah_type_kept'])} existing columns the index types or spells "
          f"otherwise kept: " + "; ".join(stats["ah_type_kept"]), file=sys.stderr)
    print(f"{a.out}: {len(catalog['tables'])} tables ({len(curated['tables'])} curated, +{stats['new_tables']} new, "
          f"+{stats['new_forms']} forms, +{stats['new_columns']} columns on existing forms)", file=sys.stderr)


if __name__ == "__main__":
    main()
