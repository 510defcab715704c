import KQLColumns
import KQLEngine

/// The query page `GET /` serves: one self-contained document (inline CSS and script, no font,
/// image or script from anywhere; the server sends a Content-Security-Policy that forbids
/// them). The script is `QueryPageScript.source`; the words it highlights come from KQLEngine
/// (the completer's operator and keyword lists, the function catalog), so they cannot drift from
/// what the parser and binder accept.
enum QueryPageHTML {
    static let page: String = {
        var words: [UInt8] = Array("{\"operators\":".utf8)
        func list(_ names: [String]) {
            words += Array("[".utf8)
            for (i, n) in names.enumerated() {
                if i > 0 { words += Array(",".utf8) }
                JSON.writeString(n, into: &words)
            }
            words += Array("]".utf8)
        }
        list(Completer.pipeOperators)
        words += Array(",\"keywords\":".utf8)
        list(Completer.startKeywords + Completer.clauseKeywords + ["true", "false", "null", "not", "step", "from", "to", "typeof"])
        words += Array(",\"functions\":".utf8)
        list(Completer.catalogFunctionNames)
        words += Array("}".utf8)
        return head + "<script>var QUARRY_WORDS = " + String(decoding: words, as: UTF8.self) + ";</script>\n<script>"
            + QueryPageScript.source + "</script>\n</body></html>\n"
    }()

    static let head = #"""
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="icon" href="data:,">
    <title>Quarry</title>
    <style>
    :root { --bg:#f6f7f9; --panel:#fff; --ink:#1f2730; --muted:#6b7682; --line:#e2e6ea; --accent:#2f6fb3; --sel:#e8f1fb;
            --kw:#8a3ab9; --op:#b3502f; --fn:#1f6f8b; --str:#2f7d32; --num:#a3600e; --com:#8a949e; --tbl:#2f6fb3; --err:#d62f2f;
            --code-bg:#fff; --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace; }
    @media (prefers-color-scheme: dark) {
      :root { --bg:#15191e; --panel:#1c2127; --ink:#dde3ea; --muted:#8d98a5; --line:#2c333b; --accent:#6aa6e8; --sel:#243244;
              --kw:#c79bf2; --op:#f0a27a; --fn:#7cc7e0; --str:#9ad28a; --num:#e6b673; --com:#6f7a86; --tbl:#8cbcf0; --err:#ff6b6b; --code-bg:#171b20; }
    }
    * { box-sizing:border-box; }
    html, body { height:100%; }
    body { margin:0; background:var(--bg); color:var(--ink); font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; display:flex; flex-direction:column; }
    header { display:flex; align-items:center; gap:14px; padding:8px 16px; border-bottom:1px solid var(--line); background:var(--panel); }
    header .brand { font-weight:700; letter-spacing:.06em; text-transform:uppercase; font-size:13px; color:var(--accent); }
    header select, header input, button { font:inherit; color:var(--ink); background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:4px 8px; }
    header .spacer { flex:1; }
    header .muted, .muted { color:var(--muted); font-size:12.5px; }
    button { cursor:pointer; }
    button.primary { background:var(--accent); color:#fff; border-color:var(--accent); font-weight:600; padding:5px 16px; }
    button.primary:disabled { opacity:.6; cursor:default; }
    .app { flex:1; display:flex; min-height:0; }
    aside { width:260px; border-right:1px solid var(--line); background:var(--panel); overflow:auto; padding:10px 0; flex-shrink:0; }
    aside h3 { font-size:11.5px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); margin:6px 14px; font-weight:600; }
    aside ul { list-style:none; margin:0; padding:0; }
    aside li > .row { padding:2px 14px; cursor:pointer; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; user-select:none; }
    aside li > .row:hover { background:var(--sel); }
    aside ul ul .row { padding-left:28px; }
    aside ul ul ul .row { padding-left:44px; font-family:var(--mono); font-size:12px; cursor:default; }
    aside .twisty { display:inline-block; width:12px; color:var(--muted); font-size:10px; }
    aside .type { color:var(--muted); margin-left:6px; }
    #history li > .row { font-family:var(--mono); font-size:12px; }
    #history .when { display:block; font-family:inherit; color:var(--muted); font-size:11px; }
    main { flex:1; display:flex; flex-direction:column; min-width:0; padding:12px 16px; gap:10px; overflow:auto; }
    main > * { flex-shrink:0; }
    .editor { position:relative; border:1px solid var(--line); border-radius:8px; background:var(--code-bg); max-height:42vh; min-height:120px; overflow:auto; flex-shrink:0; }
    .editor pre, .editor textarea { margin:0; padding:10px 12px; font:13px/1.55 var(--mono); white-space:pre-wrap; overflow-wrap:anywhere; tab-size:4; border:0; }
    .editor pre { min-height:118px; color:var(--ink); pointer-events:none; }
    .editor textarea { position:absolute; inset:0; width:100%; height:100%; resize:none; overflow:hidden; background:transparent; color:transparent; caret-color:var(--ink); outline:none; }
    .editor textarea::selection { background:rgba(47,111,179,.25); color:transparent; }
    .k-kw { color:var(--kw); font-weight:600; } .k-op { color:var(--op); font-weight:700; } .k-fn { color:var(--fn); }
    .k-str { color:var(--str); } .k-num { color:var(--num); } .k-com { color:var(--com); font-style:italic; } .k-tbl { color:var(--tbl); font-weight:600; }
    .err { text-decoration:underline wavy var(--err); text-decoration-skip-ink:none; text-underline-offset:3px; }
    .warn { text-decoration:underline dotted #c08a00; text-underline-offset:3px; }
    #caret { display:inline-block; width:0; }
    #complete { position:absolute; z-index:5; list-style:none; margin:0; padding:4px 0; min-width:180px; max-height:220px; overflow:auto; background:var(--panel); border:1px solid var(--line); border-radius:6px; box-shadow:0 6px 18px rgba(0,0,0,.18); font:12.5px/1.5 var(--mono); }
    #complete li { padding:1px 10px; cursor:pointer; white-space:nowrap; }
    #complete li.active { background:var(--accent); color:#fff; }
    .bar { display:flex; align-items:center; gap:12px; flex-wrap:wrap; }
    #downloads a { color:var(--accent); text-decoration:none; margin-right:10px; }
    #downloads a:hover { text-decoration:underline; }
    #problems { font:12.5px/1.5 var(--mono); color:var(--err); white-space:pre-wrap; }
    #problems .p { cursor:pointer; } #problems .p.warning { color:#b07d00; }
    #problems .help { color:var(--muted); }
    #warnings { color:#b07d00; font-size:12.5px; }
    #chart { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:10px; overflow:auto; }
    #chart svg { max-width:100%; max-height:320px; width:auto; height:auto; display:block; margin:0 auto; }
    #problems:empty, #warnings:empty { display:none; }
    #result { background:var(--panel); border:1px solid var(--line); border-radius:8px; min-height:80px; display:flex; flex-direction:column; }
    #meta { padding:6px 12px; color:var(--muted); font-size:12.5px; border-bottom:1px solid var(--line); }
    .scroll { overflow:auto; max-height:60vh; }
    table.grid { border-collapse:collapse; width:100%; font-size:13px; }
    table.grid th { position:sticky; top:0; background:var(--panel); text-align:left; font-weight:600; padding:6px 10px; border-bottom:1px solid var(--line); white-space:nowrap; cursor:pointer; user-select:none; }
    table.grid th .type { display:block; font-weight:400; font-size:11px; color:var(--muted); }
    table.grid th.asc::after { content:" \25B2"; font-size:10px; color:var(--accent); }
    table.grid th.desc::after { content:" \25BC"; font-size:10px; color:var(--accent); }
    table.grid td { padding:4px 10px; border-bottom:1px solid var(--line); white-space:nowrap; max-width:36em; overflow:hidden; text-overflow:ellipsis; }
    table.grid tbody tr:hover td { background:var(--sel); }
    td.num { text-align:right; font-variant-numeric:tabular-nums; } td.null { color:var(--muted); }
    #tokenbar { display:flex; gap:8px; align-items:center; padding:8px 12px; border:1px solid var(--line); border-radius:8px; background:var(--panel); }
    [hidden] { display:none !important; }
    </style></head><body>
    <header><span class="brand">Quarry</span>
      <label class="muted">database <select id="db" title="The database the query runs in"></select></label>
      <span class="spacer"></span>
      <span id="status" class="muted"></span>
    </header>
    <div class="app">
      <aside>
        <h3>Databases</h3><ul id="tree"></ul>
        <h3>History</h3><ul id="history"></ul>
      </aside>
      <main>
        <div id="tokenbar" hidden><span>This server requires a token.</span>
          <input id="token" type="password" placeholder="Bearer token" autocomplete="off"><button id="tokensave">Use token</button></div>
        <div class="editor" id="editor"><pre id="hl" aria-hidden="true"></pre><textarea id="query" spellcheck="false" autocapitalize="off" autocomplete="off" aria-label="KQL query"></textarea><ul id="complete" hidden></ul></div>
        <div class="bar"><button id="run" class="primary" title="Run (Ctrl+Enter)">Run</button>
          <span class="muted">Ctrl/⌘+Enter runs · Ctrl+Space completes</span>
          <span id="downloads" hidden>Download <a href="#" data-format="csv">CSV</a><a href="#" data-format="json">JSON</a><a href="#" data-format="html">HTML report</a></span></div>
        <div id="problems"></div>
        <div id="warnings"></div>
        <div id="chart" hidden></div>
        <div id="result"><div id="meta">Run a query to see its rows.</div><div class="scroll"><table id="grid" class="grid"></table></div></div>
      </main>
    </div>

    """#
}
