import Foundation
import KQLColumns

/// One data file a query read, for the report's provenance table.
public struct DataFileInfo: Sendable {
    public var table: String
    public var path: String
    public var size: Int64?
    public var rows: Int?
    public var sha256: String?

    public init(table: String, path: String, size: Int64? = nil, rows: Int? = nil, sha256: String? = nil) {
        self.table = table; self.path = path; self.size = size; self.rows = rows; self.sha256 = sha256
    }
}

/// What a report (or an `--format html` page) shows.
public struct ReportInput {
    public var queryText: String
    public var queryFile: String?
    public var parameters: [(String, String)] = []
    public var now: String?
    public var files: [DataFileInfo] = []
    public var table: Table
    public var visualization: Visualization?
    public var warnings: [String] = []
    /// false for `--format html`: result, chart and timelines, without the provenance sections.
    public var full = true

    public init(queryText: String, queryFile: String?, table: Table, visualization: Visualization?, warnings: [String] = []) {
        self.queryText = queryText; self.queryFile = queryFile; self.table = table; self.visualization = visualization
        self.warnings = warnings
    }
}

/// A self-contained HTML page: inline CSS, inline SVG (QuarryRender), a small inline script for
/// sorting and filtering the table; nothing is loaded from anywhere. Shared by the CLI
/// (`--report`, `--format html`) and `quarry serve`'s page (its "HTML report" download).
public enum HTMLReport {
    /// Rows written into the page's table (the chart and the timelines use every row).
    public static let maxRows = 10_000

    public static func page(_ r: ReportInput) -> String {
        let t = r.table
        let rows = t.rowCount
        var html = ""
        let title = r.visualization?.title ?? r.queryFile.map { ($0 as NSString).lastPathComponent } ?? "Query result"
        html += """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(esc(title)) · Quarry</title>
        <style>\(css)</style></head><body>
        <header><div class="top"><span class="brand">Quarry</span><span class="what">\(esc(r.full ? "Hunt report" : "Query result"))</span></div>
        <div class="headline">\(esc(title))</div>
        \(r.full ? "<div class=\"stamp\">generated \(esc(Format.date(Self.nowTicks()))) UTC</div>" : "")</header>
        <main>

        """
        if r.full {
            html += "<section id=\"query\"><h2>Query</h2>"
            if let f = r.queryFile { html += "<div class=\"meta\">\(esc(f))</div>" }
            html += "<pre class=\"kql\">\(Format.escape(r.queryText, keepNewlines: true))</pre>"
            html += "<table class=\"kv\"><tbody>"
            html += "<tr><th>now()</th><td>\(esc(r.now ?? "not pinned (--now): the wall clock when the query ran"))</td></tr>"
            if r.parameters.isEmpty {
                html += "<tr><th>parameters</th><td class=\"muted\">none</td></tr>"
            } else {
                for (k, v) in r.parameters { html += "<tr><th>--set \(esc(k))</th><td><code>\(esc(v))</code></td></tr>" }
            }
            html += "<tr><th>result</th><td>\(rows) row\(rows == 1 ? "" : "s") × \(t.schema.fields.count) column\(t.schema.fields.count == 1 ? "" : "s")</td></tr>"
            html += "</tbody></table></section>\n"

            html += "<section id=\"data\"><h2>Data read</h2>"
            if r.files.isEmpty {
                html += "<p class=\"muted\">The query read no data file.</p>"
            } else {
                html += "<table class=\"grid files\"><thead><tr><th>table</th><th>path</th><th class=\"num\">size</th><th class=\"num\">rows</th><th>sha256</th></tr></thead><tbody>"
                for f in r.files {
                    html += "<tr><td>\(esc(f.table))</td><td class=\"path\">\(esc(f.path))</td><td class=\"num\">\(f.size.map(bytes) ?? "–")</td>"
                    html += "<td class=\"num\">\(f.rows.map { String($0) } ?? "–")</td><td class=\"hash\">\(esc(f.sha256 ?? "–"))</td></tr>"
                }
                html += "</tbody></table>"
            }
            html += "</section>\n"
        }
        if !r.warnings.isEmpty {
            html += "<section id=\"warnings\"><h2>Warnings</h2><ul>" + r.warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul></section>\n"
        }
        if let v = r.visualization, v.chart != "table" {
            html += "<section id=\"chart\"><h2>Chart <span class=\"muted\">render \(esc(v.chart))</span></h2><div class=\"chart\">"
            html += ChartRenderer.svg(t, v)
            html += "</div></section>\n"
        }
        let cols = Columns(t)
        let timeColumns = t.schema.fields.indices.filter { t.schema.fields[$0].type == .datetime }
        if !timeColumns.isEmpty && rows > 0 {
            html += "<section id=\"timeline\"><h2>Timeline</h2>"
            for c in timeColumns {
                var times: [Int64] = []
                times.reserveCapacity(rows)
                for i in 0..<rows { if case .datetime(let x) = cols.value(c, i) { times.append(x) } }
                guard !times.isEmpty else { continue }
                let name = t.schema.fields[c].name
                html += "<div class=\"chart\">" + ChartRenderer.timeline(times, title: "Rows by \(name)", height: 200) + "</div>"
            }
            html += "</section>\n"
        }
        html += "<section id=\"result\"><h2>Result <span class=\"muted\">\(rows) row\(rows == 1 ? "" : "s")</span></h2>"
        html += "<div class=\"tools\"><input id=\"filter\" type=\"search\" placeholder=\"Filter rows…\" autocomplete=\"off\">"
        html += "<span class=\"count\"><span id=\"shown\">\(min(rows, maxRows))</span> shown</span>"
        if rows > maxRows { html += "<span class=\"muted\"> (the first \(maxRows) of \(rows) rows are in this page)</span>" }
        html += "</div><div class=\"scroll\"><table id=\"results\" class=\"grid\"><thead><tr>"
        for f in t.schema.fields {
            html += "<th data-type=\"\(f.type.rawValue)\" title=\"\(esc(f.name)): \(f.type.rawValue) — click to sort\">\(esc(f.name))<span class=\"type\">\(f.type.rawValue)</span></th>"
        }
        html += "</tr></thead><tbody>\n"
        for i in 0..<min(rows, maxRows) {
            html += "<tr>"
            for c in t.schema.fields.indices { html += cell(cols.value(c, i)) }
            html += "</tr>\n"
        }
        html += "</tbody></table></div></section>\n</main>\n<footer>Made by quarry · self-contained: no script or style is loaded from anywhere</footer>\n"
        html += "<script>\(script)</script>\n</body></html>\n"
        return html
    }

    static func cell(_ v: Value) -> String {
        let text = Format.cell(v)
        var attrs = ""
        switch v {
        case .int(let x): attrs = " class=\"num\" data-v=\"\(x)\""
        case .long(let x): attrs = " class=\"num\" data-v=\"\(x)\""
        case .real(let x) where x.isFinite: attrs = " class=\"num\" data-v=\"\(x)\""
        case .datetime(let x): attrs = " class=\"time\" data-v=\"\(x)\""
        case .timespan(let x): attrs = " class=\"num\" data-v=\"\(x)\""
        case .null: attrs = " class=\"null\""
        default: break
        }
        if text.count > 80 { attrs += " title=\"\(esc(String(text.prefix(2000))))\"" }
        return "<td\(attrs)>\(esc(text))</td>"
    }

    static func esc(_ s: String) -> String { Format.escape(s) }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var x = Double(n), u = 0
        while x >= 1024 && u < units.count - 1 { x /= 1024; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", x, units[u])
    }

    static func nowTicks() -> Int64 {
        DateTime.unixEpochTicks + Int64(Date().timeIntervalSince1970 * Double(DateTime.ticksPerSecond))
    }

    static let css = """
    :root { --ink:#1d2733; --muted:#6b7785; --line:#e3e8ee; --bg:#f5f7fa; --accent:#2f6fb3; }
    * { box-sizing: border-box; }
    body { margin:0; background:var(--bg); color:var(--ink); font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
    header { background:#16324f; color:#fff; padding:18px 32px 16px; }
    header .brand { font-weight:700; letter-spacing:.06em; text-transform:uppercase; font-size:13px; color:#9cc3ea; margin-right:12px; }
    header .what { font-size:13px; color:#c9d8e8; }
    header .stamp { font-size:12px; color:#c9d8e8; margin-top:2px; }
    header .headline { font-size:22px; font-weight:600; margin-top:4px; }
    main { max-width:1240px; margin:0 auto; padding:20px 24px 8px; }
    section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:0 0 18px; box-shadow:0 1px 2px rgba(20,40,60,.05); }
    h2 { font-size:15px; margin:0 0 12px; font-weight:600; }
    h2 .muted { font-weight:400; margin-left:6px; }
    .muted { color:var(--muted); }
    .meta { color:var(--muted); font-size:12px; margin-bottom:6px; font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
    pre.kql { background:#0f1c2b; color:#e6edf5; padding:12px 14px; border-radius:6px; overflow:auto; font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; margin:0 0 12px; max-height:420px; }
    table.kv th { text-align:left; color:var(--muted); font-weight:500; padding:3px 18px 3px 0; white-space:nowrap; vertical-align:top; }
    table.kv td { padding:3px 0; }
    code { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; background:#eef2f6; padding:1px 5px; border-radius:4px; }
    .chart { overflow-x:auto; }
    .chart svg { max-width:100%; height:auto; display:block; margin:0 auto 8px; }
    .tools { display:flex; gap:12px; align-items:center; margin-bottom:10px; }
    #filter { width:320px; max-width:60%; padding:7px 10px; border:1px solid #c8d1db; border-radius:6px; font:inherit; }
    #filter:focus { outline:2px solid #b8d4f0; border-color:var(--accent); }
    .count { color:var(--muted); font-size:13px; }
    .scroll { overflow:auto; max-height:640px; border:1px solid var(--line); border-radius:6px; }
    table.grid { border-collapse:collapse; width:100%; font-size:13px; }
    table.grid th { position:sticky; top:0; background:#f0f3f7; text-align:left; font-weight:600; padding:7px 10px; border-bottom:1px solid #d5dde6; white-space:nowrap; cursor:pointer; user-select:none; }
    table.grid th .type { display:block; font-weight:400; font-size:11px; color:var(--muted); }
    table.grid th.asc::after { content:" ▲"; font-size:10px; color:var(--accent); }
    table.grid th.desc::after { content:" ▼"; font-size:10px; color:var(--accent); }
    table.grid td { padding:5px 10px; border-bottom:1px solid #eef1f4; white-space:nowrap; max-width:36em; overflow:hidden; text-overflow:ellipsis; }
    table.grid tbody tr:nth-child(even) td { background:#fafbfc; }
    table.grid tbody tr:hover td { background:#eef5fc; }
    td.num { text-align:right; font-variant-numeric:tabular-nums; }
    td.time { font-variant-numeric:tabular-nums; }
    table.files th { cursor:default; position:static; }
    table.files td { white-space:normal; word-break:break-all; max-width:none; }
    td.path, td.hash { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px; }
    td.hash { color:var(--muted); }
    #warnings ul { margin:0; padding-left:18px; color:#8a5300; }
    footer { text-align:center; color:var(--muted); font-size:12px; padding:6px 0 24px; }
    """

    /// Sorting (click a header; numbers, datetimes and timespans by value) and filtering (rows whose
    /// text contains the filter, ignoring case).
    static let script = """
    (function () {
      document.documentElement.setAttribute('data-script', 'ok');
      var table = document.getElementById('results');
      if (!table) return;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var filter = document.getElementById('filter');
      var shown = document.getElementById('shown');
      function applyFilter() {
        var q = filter.value.toLowerCase();
        var n = 0;
        for (var i = 0; i < rows.length; i++) {
          var ok = !q || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
          rows[i].style.display = ok ? '' : 'none';
          if (ok) n++;
        }
        shown.textContent = String(n);
      }
      filter.addEventListener('input', applyFilter);
      var heads = table.tHead.rows[0].cells;
      var state = { column: -1, dir: 1 };
      function key(row, c) {
        var cell = row.cells[c];
        var v = cell.getAttribute('data-v');
        if (v !== null) return { n: parseFloat(v), t: null };
        var t = cell.textContent;
        return { n: null, t: t === '' ? null : t };
      }
      function compare(a, b) {
        if (a.n !== null && b.n !== null) return a.n - b.n;
        var x = a.n !== null ? String(a.n) : a.t, y = b.n !== null ? String(b.n) : b.t;
        if (x === null && y === null) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : x > y ? 1 : 0;
      }
      Array.prototype.forEach.call(heads, function (th, c) {
        th.addEventListener('click', function () {
          state.dir = state.column === c ? -state.dir : 1;
          state.column = c;
          var keyed = rows.map(function (r, i) { return { r: r, k: key(r, c), i: i }; });
          keyed.sort(function (a, b) { return (compare(a.k, b.k) * state.dir) || (a.i - b.i); });
          rows = keyed.map(function (e) { return e.r; });
          for (var i = 0; i < rows.length; i++) body.appendChild(rows[i]);
          Array.prototype.forEach.call(heads, function (h) { h.classList.remove('asc', 'desc'); });
          th.classList.add(state.dir > 0 ? 'asc' : 'desc');
        });
      });
    })();
    """
}
