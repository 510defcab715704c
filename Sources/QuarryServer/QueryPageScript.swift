/// The query page's script (plain ES2017, no library): the editor (a textarea over a
/// highlighted `<pre>` that also carries the diagnostics' underlines and the caret marker the
/// completion list is placed at), the calls to `/ui/api/…` (with the bearer token when the server
/// asks for one), the database browser, the sortable result table, the chart, the downloads and
/// the history (localStorage). Errors are collected in `window.__quarryErrors` (the browser test
/// asserts it stays empty).
enum QueryPageScript {
    static let source = #"""
    (function () {
      'use strict';
      window.__quarryErrors = [];
      window.addEventListener('error', function (e) { window.__quarryErrors.push(String(e.message || e)); });
      window.addEventListener('unhandledrejection', function (e) { window.__quarryErrors.push('unhandled: ' + String(e.reason)); });

      var $ = function (id) { return document.getElementById(id); };
      var q = $('query'), hl = $('hl'), pop = $('complete'), dbSelect = $('db');
      var W = window.QUARRY_WORDS || { operators: [], keywords: [], functions: [] };
      var operators = new Set(W.operators), keywords = new Set(W.keywords), functions = new Set(W.functions);
      var tables = new Set();
      var diagnostics = [], diagnosticsFor = null;
      var completion = null, active = 0, wantPopup = false;
      var lastRun = null, sortState = { column: -1, dir: 1 }, result = null;

      // ---- API -----------------------------------------------------------------------------
      function token() { try { return sessionStorage.getItem('quarry.token') || ''; } catch (e) { return ''; } }
      function api(path, body) {
        var headers = {};
        var t = token();
        if (t) headers['Authorization'] = 'Bearer ' + t;
        var init = { method: body === undefined ? 'GET' : 'POST', headers: headers };
        if (body !== undefined) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
        return fetch(path, init).then(function (r) {
          if (r.status === 401) { $('tokenbar').hidden = false; }
          return r;
        });
      }
      function apiJSON(path, body) {
        return api(path, body).then(function (r) {
          return r.json().then(function (j) {
            if (!r.ok) { var e = new Error(errorText(j, r.status)); e.status = r.status; throw e; }
            return j;
          });
        });
      }
      function errorText(j, status) {
        var e = j && j.error;
        return e ? (e['@message'] || e.message || ('HTTP ' + status)) : 'HTTP ' + status;
      }
      function status(text) { $('status').textContent = text; }

      // ---- Highlighting --------------------------------------------------------------------
      function tokenize(s) {
        var out = [], i = 0, n = s.length;
        function push(a, b, k) { out.push([a, b, k]); }
        while (i < n) {
          var c = s[i], j;
          if (c === '/' && s[i + 1] === '/') {
            j = s.indexOf('\n', i); if (j < 0) j = n;
            push(i, j, 'com'); i = j; continue;
          }
          if (c === '`' && s.substr(i, 3) === '```') {
            j = s.indexOf('```', i + 3); j = j < 0 ? n : j + 3;
            push(i, j, 'str'); i = j; continue;
          }
          if (c === '"' || c === "'" || ((c === '@' || c === 'h' || c === 'H') && (s[i + 1] === '"' || s[i + 1] === "'"))) {
            var verbatim = c === '@';
            var start = i;
            if (c !== '"' && c !== "'") i++;
            var quote = s[i]; j = i + 1;
            while (j < n && s[j] !== quote && s[j] !== '\n') j += (s[j] === '\\' && !verbatim) ? 2 : 1;
            j = Math.min(n, j + 1);
            push(start, j, 'str'); i = j; continue;
          }
          if (/[0-9]/.test(c)) {
            j = i + 1; while (j < n && /[0-9A-Za-z_.]/.test(s[j])) j++;
            push(i, j, 'num'); i = j; continue;
          }
          if (/[A-Za-z_$]/.test(c)) {
            j = i + 1; while (j < n && /[A-Za-z0-9_]/.test(s[j])) j++;
            // Operators with hyphens: project-away, mv-expand, make-series, …
            var k = j;
            while (k < n && s[k] === '-' && /[A-Za-z]/.test(s[k + 1] || '')) {
              var m = k + 1; while (m < n && /[A-Za-z0-9_]/.test(s[m])) m++;
              if (operators.has(s.slice(i, m))) { j = m; k = m; } else break;
            }
            var w = s.slice(i, j), kind = '';
            if (operators.has(w) || keywords.has(w)) kind = 'kw';
            else if (tables.has(w)) kind = 'tbl';
            else if (functions.has(w) && /^\s*\(/.test(s.slice(j, j + 40))) kind = 'fn';
            push(i, j, kind); i = j; continue;
          }
          if (c === '|') { push(i, i + 1, 'op'); i++; continue; }
          push(i, i + 1, ''); i++;
        }
        return out;
      }
      function esc(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
      function render() {
        var s = q.value, toks = tokenize(s), cursor = q.selectionEnd;
        var marks = diagnosticsFor === s ? diagnostics : [];
        var ranges = marks.map(function (d) {
          var a = Math.min(d.start, s.length), b = Math.min(d.start + Math.max(d.length, 0), s.length);
          if (b === a && a < s.length && s[a] !== '\n') b = a + 1;
          return { a: a, b: b, cls: d.severity === 'error' ? 'err' : 'warn', msg: d.code + ': ' + d.message };
        });
        var cuts = new Set([0, s.length, cursor]);
        toks.forEach(function (t) { cuts.add(t[0]); cuts.add(t[1]); });
        ranges.forEach(function (r) { cuts.add(r.a); cuts.add(r.b); });
        var points = Array.from(cuts).filter(function (p) { return p >= 0 && p <= s.length; }).sort(function (x, y) { return x - y; });
        var html = '', ti = 0;
        for (var p = 0; p < points.length; p++) {
          var a = points[p];
          if (a === cursor) html += '<span id="caret"></span>';
          if (p + 1 >= points.length) break;
          var b = points[p + 1];
          while (ti < toks.length && toks[ti][1] <= a) ti++;
          var kind = ti < toks.length && toks[ti][0] <= a ? toks[ti][2] : '';
          var cls = kind ? ['k-' + kind] : [], title = '';
          ranges.forEach(function (r) { if (r.a <= a && a < r.b) { if (cls.indexOf(r.cls) < 0) cls.push(r.cls); title = r.msg; } });
          var text = esc(s.slice(a, b));
          html += cls.length ? '<span class="' + cls.join(' ') + '"' + (title ? ' title="' + esc(title).replace(/"/g, '&quot;') + '"' : '') + '>' + text + '</span>' : text;
        }
        // A diagnostic at the very end (an expected token after the last one) underlines a space.
        ranges.forEach(function (r) { if (r.a === s.length && r.b === s.length) html += '<span class="' + r.cls + ' eol" title="' + esc(r.msg).replace(/"/g, '&quot;') + '"> </span>'; });
        hl.innerHTML = html + '\n';
      }

      // ---- Diagnostics and completion (debounced) ---------------------------------------------
      var checkTimer = null, checkSeq = 0;
      function scheduleCheck(delay) {
        clearTimeout(checkTimer);
        checkTimer = setTimeout(check, delay === undefined ? 220 : delay);
      }
      function check() {
        var text = q.value, cursor = q.selectionEnd, seq = ++checkSeq;
        apiJSON('/ui/api/check', { db: dbSelect.value, csl: text, cursor: cursor }).then(function (r) {
          if (seq !== checkSeq) return;
          diagnostics = r.diagnostics; diagnosticsFor = text;
          showProblems(r.diagnostics);
          completion = q.value === text && q.selectionEnd === cursor ? r.completion : null;
          render();
          showPopup();
        }).catch(function (e) { if (seq === checkSeq && e.status !== 401) status(String(e.message)); });
      }
      function showProblems(list) {
        var box = $('problems');
        box.textContent = '';
        list.forEach(function (d) {
          var div = document.createElement('div');
          div.className = 'p ' + d.severity;
          div.textContent = d.line + ':' + d.column + ' ' + d.severity + ' ' + d.code + ': ' + d.message;
          if (d.help) { var h = document.createElement('span'); h.className = 'help'; h.textContent = '  — ' + d.help; div.appendChild(h); }
          div.addEventListener('click', function () { q.focus(); q.setSelectionRange(d.start, d.start + d.length); render(); });
          box.appendChild(div);
        });
      }
      function showPopup() {
        var c = completion;
        if (!wantPopup || !c || !c.candidates.length || document.activeElement !== q) { hidePopup(); return; }
        var word = q.value.slice(c.start, c.end);
        var before = q.value.slice(0, c.start).replace(/\s+$/, '');
        if (!word && before.slice(-1) !== '|' && wantPopup !== 'forced') { hidePopup(); return; }
        if (c.candidates.length === 1 && c.candidates[0] === word) { hidePopup(); return; }
        pop.textContent = '';
        c.candidates.slice(0, 100).forEach(function (name, i) {
          var li = document.createElement('li');
          li.textContent = name;
          if (i === 0) li.className = 'active';
          li.addEventListener('mousedown', function (e) { e.preventDefault(); accept(i); });
          pop.appendChild(li);
        });
        active = 0;
        var caret = $('caret');
        if (caret) {
          pop.style.left = Math.min(caret.offsetLeft, hl.clientWidth - 180) + 'px';
          pop.style.top = (caret.offsetTop + 20) + 'px';
        }
        pop.hidden = false;
      }
      function hidePopup() { pop.hidden = true; }
      function move(delta) {
        var items = pop.children;
        if (!items.length) return;
        items[active].className = '';
        active = (active + delta + items.length) % items.length;
        items[active].className = 'active';
        items[active].scrollIntoView({ block: 'nearest' });
      }
      function accept(i) {
        var c = completion;
        if (!c) return;
        var name = c.candidates[i];
        if (/[^A-Za-z0-9_\-]/.test(name) || /^[0-9]/.test(name)) name = "['" + name.replace(/'/g, "\\'") + "']";
        q.setRangeText(name, c.start, c.end, 'end');
        completion = null; wantPopup = false;
        hidePopup(); render(); scheduleCheck(60);
      }

      q.addEventListener('input', function () { wantPopup = true; render(); scheduleCheck(); });
      q.addEventListener('click', function () { wantPopup = false; hidePopup(); render(); });
      q.addEventListener('blur', function () { setTimeout(hidePopup, 150); });
      q.addEventListener('keydown', function (e) {
        var open = !pop.hidden;
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); hidePopup(); run(); return; }
        if (e.ctrlKey && (e.key === ' ' || e.code === 'Space')) { e.preventDefault(); wantPopup = 'forced'; scheduleCheck(0); return; }
        if (open && e.key === 'ArrowDown') { e.preventDefault(); move(1); return; }
        if (open && e.key === 'ArrowUp') { e.preventDefault(); move(-1); return; }
        if (open && (e.key === 'Enter' || e.key === 'Tab')) { e.preventDefault(); accept(active); return; }
        if (open && e.key === 'Escape') { e.preventDefault(); hidePopup(); wantPopup = false; return; }
        if (e.key === 'Tab' && !e.shiftKey) { e.preventDefault(); q.setRangeText('    ', q.selectionStart, q.selectionEnd, 'end'); render(); scheduleCheck(); return; }
        if (/^(Arrow|Home|End|Page)/.test(e.key)) { wantPopup = false; hidePopup(); setTimeout(render, 0); }
      });

      // ---- Databases and tables ---------------------------------------------------------------
      function node(label, cls) {
        var li = document.createElement('li'), row = document.createElement('div');
        row.className = 'row ' + (cls || '');
        var tw = document.createElement('span'); tw.className = 'twisty'; tw.textContent = '\u25B8';
        row.appendChild(tw);
        row.appendChild(document.createTextNode(label));
        li.appendChild(row);
        return li;
      }
      function insertName(name) {
        if (/[^A-Za-z0-9_]/.test(name) || /^[0-9]/.test(name)) name = "['" + name.replace(/'/g, "\\'") + "']";
        q.focus();
        q.setRangeText(name, q.selectionStart, q.selectionEnd, 'end');
        render(); scheduleCheck();
      }
      function expandable(li, load) {
        var row = li.firstChild, open = false, child = null;
        row.addEventListener('click', function () {
          open = !open;
          row.firstChild.textContent = open ? '\u25BE' : '\u25B8';
          if (!open) { if (child) child.hidden = true; return; }
          if (child) { child.hidden = false; return; }
          child = document.createElement('ul');
          li.appendChild(child);
          load(child);
        });
      }
      function loadDatabases() {
        return apiJSON('/ui/api/databases').then(function (r) {
          $('tokenbar').hidden = true;
          var tree = $('tree'), keep = dbSelect.value;
          tree.textContent = ''; dbSelect.textContent = '';
          r.databases.forEach(function (d) {
            var opt = document.createElement('option'); opt.value = opt.textContent = d.name; dbSelect.appendChild(opt);
            var li = node(d.name, 'db');
            li.dataset.db = d.name;
            expandable(li, function (ul) { loadTables(d.name, ul); });
            tree.appendChild(li);
          });
          if (keep) dbSelect.value = keep;
          return loadTableNames();
        }).catch(function (e) { status(String(e.message)); });
      }
      function loadTableNames() {
        return apiJSON('/ui/api/tables?db=' + encodeURIComponent(dbSelect.value)).then(function (r) {
          tables = new Set(r.tables); render();
        });
      }
      function loadTables(db, ul) {
        apiJSON('/ui/api/tables?db=' + encodeURIComponent(db)).then(function (r) {
          if (!r.tables.length) { var li = document.createElement('li'); li.innerHTML = '<div class="row muted">no tables</div>'; ul.appendChild(li); }
          r.tables.forEach(function (t) {
            var li = node(t, 'table');
            li.dataset.table = t;
            li.firstChild.title = 'Double-click to insert';
            li.firstChild.addEventListener('dblclick', function () { insertName(t); });
            expandable(li, function (cols) { loadColumns(db, t, cols); });
            ul.appendChild(li);
          });
        }).catch(function (e) { status(String(e.message)); });
      }
      function loadColumns(db, table, ul) {
        apiJSON('/ui/api/columns?db=' + encodeURIComponent(db) + '&table=' + encodeURIComponent(table)).then(function (r) {
          r.columns.forEach(function (c) {
            var li = document.createElement('li'), row = document.createElement('div');
            row.className = 'row column'; row.title = 'Double-click to insert';
            row.textContent = c.name;
            var ty = document.createElement('span'); ty.className = 'type'; ty.textContent = c.type;
            row.appendChild(ty);
            row.addEventListener('dblclick', function () { insertName(c.name); });
            li.appendChild(row); ul.appendChild(li);
          });
        }).catch(function (e) { status(String(e.message)); });
      }
      dbSelect.addEventListener('change', function () { loadTableNames(); scheduleCheck(0); });

      // ---- Running ------------------------------------------------------------------------------
      function queryText() {
        var a = q.selectionStart, b = q.selectionEnd;
        return b > a ? q.value.slice(a, b) : q.value;
      }
      function run() {
        var text = queryText();
        if (!text.trim()) return;
        var db = dbSelect.value;
        $('run').disabled = true;
        status('running…');
        apiJSON('/ui/api/run', { db: db, csl: text }).then(function (r) {
          lastRun = { db: db, csl: text, now: r.now };
          showResult(r);
          remember(text, db, r.rowCount);
          status('');
        }).catch(function (e) {
          if (e.status === 401) { status('a token is needed'); return; }
          $('meta').textContent = 'Error: ' + e.message;
          $('grid').textContent = ''; $('chart').hidden = true; $('downloads').hidden = true;
          status('failed');
        }).then(function () { $('run').disabled = false; });
      }
      $('run').addEventListener('click', run);

      function showResult(r) {
        result = r; sortState = { column: -1, dir: 1 };
        var chart = $('chart');
        if (r.chart) { chart.innerHTML = r.chart; chart.hidden = false; } else { chart.textContent = ''; chart.hidden = true; }
        $('warnings').textContent = r.warnings.join('\n');
        var meta = r.rowCount + ' row' + (r.rowCount === 1 ? '' : 's') + ' · ' + r.elapsedMs + ' ms · now() = ' + r.now;
        if (r.shown < r.rowCount) meta += ' · the first ' + r.shown + ' are shown; the downloads hold every row';
        $('meta').textContent = meta;
        $('downloads').hidden = false;
        drawTable();
      }
      var numeric = { int: 1, long: 1, real: 1, decimal: 1, timespan: 1 };
      function drawTable() {
        var r = result, grid = $('grid');
        grid.textContent = '';
        var thead = grid.createTHead(), hr = thead.insertRow();
        r.columns.forEach(function (c, i) {
          var th = document.createElement('th');
          th.textContent = c.name;
          var ty = document.createElement('span'); ty.className = 'type'; ty.textContent = c.type; th.appendChild(ty);
          th.title = 'Click to sort';
          if (sortState.column === i) th.className = sortState.dir > 0 ? 'asc' : 'desc';
          th.addEventListener('click', function () { sortBy(i); });
          hr.appendChild(th);
        });
        var body = grid.createTBody(), frag = document.createDocumentFragment();
        order().forEach(function (ri) {
          var tr = document.createElement('tr'), row = r.rows[ri];
          for (var j = 0; j < row.length; j++) {
            var td = document.createElement('td'), v = row[j];
            if (v === null) { td.className = 'null'; } else { td.textContent = v; if (numeric[r.columns[j].type]) td.className = 'num'; }
            if (v !== null && v.length > 80) td.title = v.slice(0, 2000);
            tr.appendChild(td);
          }
          frag.appendChild(tr);
        });
        body.appendChild(frag);
      }
      function order() {
        var r = result, idx = r.rows.map(function (_, i) { return i; }), c = sortState.column;
        if (c < 0) return idx;
        var type = r.columns[c].type, big = type === 'int' || type === 'long' || type === 'datetime' || type === 'timespan';
        function key(i) {
          var k = r.keys[i][c], t = r.rows[i][c];
          if (t === null) return null;
          if (big && typeof k === 'string') return BigInt(k);
          if (typeof k === 'number') return k;
          return t;
        }
        var keys = idx.map(key);
        idx.sort(function (a, b) {
          var x = keys[a], y = keys[b];
          if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;   // nulls last either way
          var d = x < y ? -1 : x > y ? 1 : 0;
          return d * sortState.dir || a - b;
        });
        return idx;
      }
      function sortBy(i) {
        sortState = { column: i, dir: sortState.column === i ? -sortState.dir : 1 };
        drawTable();
      }

      // ---- Downloads -----------------------------------------------------------------------------
      Array.prototype.forEach.call(document.querySelectorAll('#downloads a'), function (a) {
        a.addEventListener('click', function (e) {
          e.preventDefault();
          if (!lastRun) return;
          var format = a.getAttribute('data-format');
          status('preparing ' + format + '…');
          api('/ui/api/download', { db: lastRun.db, csl: lastRun.csl, format: format, properties: { Options: { query_now: lastRun.now } } })
            .then(function (r) {
              if (!r.ok) return r.json().then(function (j) { throw new Error(errorText(j, r.status)); });
              return r.blob();
            }).then(function (blob) {
              var url = URL.createObjectURL(blob), link = document.createElement('a');
              link.href = url; link.download = 'quarry-result.' + format;
              document.body.appendChild(link); link.click(); link.remove();
              setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
              status('');
            }).catch(function (err) { status(String(err.message)); });
        });
      });

      // ---- History (localStorage) ------------------------------------------------------------------
      function history() { try { return JSON.parse(localStorage.getItem('quarry.history') || '[]'); } catch (e) { return []; } }
      function remember(text, db, rows) {
        var list = history().filter(function (h) { return !(h.q === text && h.db === db); });
        list.unshift({ q: text, db: db, at: new Date().toISOString(), rows: rows });
        try { localStorage.setItem('quarry.history', JSON.stringify(list.slice(0, 50))); } catch (e) { /* full or disabled */ }
        drawHistory();
      }
      function drawHistory() {
        var ul = $('history');
        ul.textContent = '';
        history().forEach(function (h) {
          var li = document.createElement('li'), row = document.createElement('div');
          row.className = 'row'; row.title = h.q;
          row.textContent = h.q.replace(/\s+/g, ' ').slice(0, 60);
          var when = document.createElement('span'); when.className = 'when';
          when.textContent = h.db + ' · ' + h.rows + ' rows · ' + h.at.replace('T', ' ').slice(0, 16);
          row.appendChild(when);
          row.addEventListener('click', function () {
            q.value = h.q;
            if (Array.prototype.some.call(dbSelect.options, function (o) { return o.value === h.db; })) dbSelect.value = h.db;
            q.focus(); render(); scheduleCheck(0);
          });
          li.appendChild(row); ul.appendChild(li);
        });
      }

      // ---- Token -----------------------------------------------------------------------------------
      $('tokensave').addEventListener('click', function () {
        try { sessionStorage.setItem('quarry.token', $('token').value.trim()); } catch (e) { /* disabled */ }
        loadDatabases().then(function () { scheduleCheck(0); });
      });

      drawHistory();
      render();
      loadDatabases().then(function () { if (q.value) scheduleCheck(0); });
      q.focus();
    })();
    """#
}
