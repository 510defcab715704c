#!/usr/bin/env python3
"""The query page of `quarry serve` in headless Chromium, driven over W3C WebDriver.

Usage: page_webdriver_test.py BASE_URL SCREENSHOT_PNG [CHROMEDRIVER] [CHROMIUM]

Started by Tests/QuarryServerTests/QueryPageBrowserTests.swift against a server it runs on
127.0.0.1 (database "Net": Things.csv and the sample DeviceNetworkEvents.csv). A WebDriver client
in the standard library only (urllib): chromedriver is started on a free loopback port and spoken
to with the endpoints of https://www.w3.org/TR/webdriver2/ (new session, navigate, find element,
send keys, click, execute script, take screenshot). Prints "ok NAME" per check; exits 1 at the
first failure.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CTRL, ENTER, TAB, NULL = "\ue009", "\ue007", "\ue004", "\ue000"


class WebDriverError(Exception):
    pass


class Driver:
    def __init__(self, chromedriver, chromium):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.profile = tempfile.mkdtemp(prefix="quarry-page-chromium-")
        self.proc = subprocess.Popen([chromedriver, "--port=%d" % self.port, "--allowed-ips=127.0.0.1"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while True:
            try:
                if self.call("GET", "/status")["value"].get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.time() > deadline:
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        options = {"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=1360,1000", "--user-data-dir=" + self.profile,
                            "--no-first-run", "--no-default-browser-check", "--disable-extensions"]}
        if chromium:
            options["binary"] = chromium
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options,
                                                 "goog:loggingPrefs": {"browser": "ALL"}}}}
        self.session = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise WebDriverError("%s %s: %s" % (method, path.split("/")[-1], e.read().decode(errors="replace")[:200]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)["value"]

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find_all(self, css):
        return [e[ELEMENT] for e in self.s("POST", "/elements", {"using": "css selector", "value": css})]

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, el):
        self.s("POST", "/element/%s/click" % el, {})

    def type(self, el, text):
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def text(self, el):
        return self.s("GET", "/element/%s/text" % el)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def browser_log(self):
        # chromedriver's log endpoint (not W3C; absent in some versions: then only the page's own hook counts).
        try:
            return self.s("POST", "/se/log", {"type": "browser"})
        except WebDriverError:
            return []

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def wait(what, fn, timeout=120):
    # 120 s: under CI every suite runs at once on two cores (the server answers from the test
    # process, whose threads the other suites also use), and a debounced check answered after
    # 20 s left the completion step failing there (it passes in about 15 s alone).
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = fn()
            if last:
                return last
        except WebDriverError as e:
            last = e
        time.sleep(0.1)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def ok(name):
    print("ok " + name, flush=True)


def main():
    base, shot = sys.argv[1], sys.argv[2]
    chromedriver = sys.argv[3] if len(sys.argv) > 3 else "chromedriver"
    chromium = sys.argv[4] if len(sys.argv) > 4 else None
    d = Driver(chromedriver, chromium)
    try:
        d.go(base + "/")
        wait("the database browser", lambda: d.find_all("#tree li"))
        q = d.find("#query")

        def replace(text):
            d.js("var q = document.getElementById('query'); q.value = ''; q.dispatchEvent(new Event('input'));")
            d.click(q)
            d.type(q, text)

        def grid():
            return d.js("return Array.from(document.querySelectorAll('#grid tbody tr')).map(function (r) {"
                        " return Array.from(r.cells).map(function (c) { return c.textContent; }); });")

        # Type a query and run it with Ctrl+Enter: the rows.
        replace("Things | where Count >= 2 | project Name, Count | order by Count asc")
        d.type(q, CTRL + ENTER + NULL)
        rows = wait("two rows", lambda: grid() if len(grid()) == 2 else None)
        assert rows == [["beta", "2"], ["gamma", "3"]], rows
        ok("rows")

        # Click a header twice: descending.
        # (each click redraws the table: find the header again)
        d.click(d.find_all("#grid thead th")[1])
        d.click(d.find_all("#grid thead th")[1])
        rows = grid()
        assert [r[0] for r in rows] == ["gamma", "beta"], rows
        assert "desc" in d.js("return document.querySelectorAll('#grid thead th')[1].className")
        ok("sort")

        # A typed error is underlined (debounced check), over the misspelled column.
        replace("Things | where Cuont > 1")
        err = wait("the underline", lambda: d.find_all("#hl .err"))
        assert d.text(err[0]) == "Cuont", d.text(err[0])
        assert "KQB" in d.text(d.find("#problems"))
        ok("underline")

        # Completion as you type: after `| summ`, Tab takes "summarize".
        replace("Things | summ")
        wait("the completion list", lambda: d.js("var p = document.getElementById('complete');"
                                                 " return !p.hidden && p.textContent.indexOf('summarize') >= 0;"))
        d.type(q, TAB)
        value = d.js("return document.getElementById('query').value")
        assert value == "Things | summarize", value
        ok("completion")

        # The table browser: the table's columns with their types.
        d.click(d.find("#tree li[data-db='Net'] > .row"))
        things = wait("the table list", lambda: d.find_all("#tree li[data-table='Things'] > .row"))
        d.click(things[0])
        cols = wait("the columns", lambda: d.js("return Array.from(document.querySelectorAll(\"#tree li[data-table='Things'] .column\"))"
                                               ".map(function (c) { return c.textContent; })"))
        assert cols == ["Namestring", "Countlong", "Whendatetime"], cols
        ok("browser")

        # A render query: the server's SVG chart, then the screenshot.
        replace("DeviceNetworkEvents\n| where ActionType == \"InboundConnectionAccepted\"\n"
                "| summarize Connections = count() by LocalPort = tostring(LocalPort)\n"
                "| top 8 by Connections\n| render columnchart with (title = \"Inbound connections by local port\")")
        d.click(d.find("#run"))
        wait("the chart", lambda: d.find_all("#chart svg .bar"))
        assert d.js("return document.getElementById('chart').hidden") is False
        assert not d.js("return document.getElementById('downloads').hidden")
        ok("chart")

        history = d.js("return document.querySelectorAll('#history li').length")
        assert history >= 2, history
        ok("history")

        d.js("document.getElementById('query').blur(); document.getElementById('complete').hidden = true;")
        d.screenshot(shot)
        ok("screenshot")

        errors = d.js("return window.__quarryErrors")
        assert errors == [], errors
        severe = [e for e in d.browser_log() if e.get("level") == "SEVERE"]
        assert severe == [], severe
        ok("console")
    finally:
        d.quit()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - report any failure as the test's output
        print("FAIL %s: %s" % (type(e).__name__, e), flush=True)
        sys.exit(1)
