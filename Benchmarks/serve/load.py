#!/usr/bin/env python3
"""Load test of `quarry serve` on loopback (issue 14 §3), bounded in count and time.

Starts `quarry serve` over a generated DeviceNetworkEvents export, then CLIENTS threads each send
QUERIES requests of the founding hunt (hunts/inbound-connections.mde.kql with its two settings as
`declare query_parameters`, values in the request's Parameters) to POST /v2/rest/query over one
keep-alive connection each. Reports throughput, p50/p99 latency, errors, and the server's RSS
(VmRSS from /proc) sampled through the run: memory should stay flat once the table is bound.

    python3 Benchmarks/serve/load.py [--quarry .build/debug/quarry] [--rows 100000] [--clients 8] [--queries 200]

Only the Python standard library; the server listens on 127.0.0.1 only; everything it starts,
it stops. The data goes to bench-data/serve-N/ (git ignores bench-data/).
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def hunt_query():
    text = open(os.path.join(ROOT, "hunts/inbound-connections.mde.kql"), encoding="utf-8").read()
    lines = [l for l in text.splitlines() if not l.startswith("let CompromisedDevice") and not l.startswith("let SearchWindow")]
    return "declare query_parameters(CompromisedDevice:string, SearchWindow:timespan);\n" + "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quarry", default=os.path.join(ROOT, ".build/debug/quarry"))
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--deadline", type=float, default=600, help="stop sending after this many seconds")
    args = ap.parse_args()

    data = os.path.join(ROOT, "bench-data", f"serve-{args.rows}")
    os.makedirs(data, exist_ok=True)
    csv = os.path.join(data, "DeviceNetworkEvents.csv")
    if not os.path.exists(csv):
        subprocess.run([args.quarry, "generate", "--rows", str(args.rows), "--out", csv], check=True)
    port = free_port()
    server = subprocess.Popen([args.quarry, "serve", "--data", data, "--name", "bench", "--listen", f"127.0.0.1:{port}"],
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        if "quarry serve:" not in line:
            sys.exit(f"server did not start: {line}")
        body = json.dumps({"db": "bench", "csl": hunt_query(), "properties": {
            "Options": {"query_now": "2025-05-10T00:00:00Z"},
            "Parameters": {"CompromisedDevice": "test.domain.tld", "SearchWindow": "10d"}}})

        def one(conn):
            t = time.perf_counter()
            conn.request("POST", "/v2/rest/query", body=body, headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            payload = r.read()
            ms = (time.perf_counter() - t) * 1000
            ok = r.status == 200 and b'"HasErrors":false' in payload
            return ms, ok, payload

        # Warm-up: the first query binds the table (schema probe); its rows are the reference.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        first_ms, ok, payload = one(conn)
        if not ok:
            sys.exit(f"warm-up failed: {payload[:300]!r}")
        frames = json.loads(payload)
        rows = next(f for f in frames if f.get("TableKind") == "PrimaryResult")["Rows"]
        rss_start = rss_kb(server.pid)

        latencies, errors, samples = [], [0], [rss_start]
        lock = threading.Lock()
        stop_at = time.monotonic() + args.deadline

        def client():
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for _ in range(args.queries):
                if time.monotonic() > stop_at:
                    break
                try:
                    ms, ok, p = one(c)
                    ok = ok and len(next(f for f in json.loads(p) if f.get("TableKind") == "PrimaryResult")["Rows"]) == len(rows)
                except Exception:  # noqa: BLE001 - counted as an error
                    ms, ok = 0, False
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                with lock:
                    latencies.append(ms)
                    errors[0] += 0 if ok else 1

        def sampler():
            while any(t.is_alive() for t in threads):
                samples.append(rss_kb(server.pid))
                time.sleep(0.5)

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        s = threading.Thread(target=sampler)
        s.start()
        for t in threads:
            t.join()
        s.join()
        wall = time.perf_counter() - start
        rss_end = rss_kb(server.pid)
        lat = sorted(latencies)
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        samples = [x for x in samples if x]
        print(f"rows={args.rows} clients={args.clients} queries/client={args.queries} hunt rows={len(rows)}")
        print(f"first query (binds the table): {first_ms:.0f} ms")
        print(f"requests={len(lat)} errors={errors[0]} wall={wall:.1f} s throughput={len(lat) / wall:.1f} q/s")
        print(f"latency p50={p(0.5):.0f} ms p99={p(0.99):.0f} ms max={lat[-1]:.0f} ms mean={statistics.mean(lat):.0f} ms")
        print(f"server RSS: after warm-up {rss_start / 1024:.0f} MB, peak {max(samples) / 1024:.0f} MB, end {rss_end / 1024:.0f} MB")
        sys.exit(1 if errors[0] else 0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
