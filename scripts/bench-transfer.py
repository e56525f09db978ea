#!/usr/bin/env python3
"""Latency of requests on one kept-alive connection against a new connection
per request, in one run, against a running Portico.

    scripts/bench-transfer.py [BASE_URL] [--requests N] [--path PATH ...]

BASE_URL defaults to http://127.0.0.1:3000. For each path it sends N GETs
(default 200) over one HTTP/1.1 connection, then N GETs each on a fresh
connection, and prints the median, 90th percentile and maximum of each. A
server that leaves Nagle's algorithm on shows ~40 ms on the kept-alive
connection (the client's delayed ACK) and ~1 ms on new ones; with
TCP_NODELAY both are about the same. Prints a Markdown table; exits 1 when
the kept-alive median is more than 5 ms above the new-connection median.
Only loopback or the address given is ever contacted.
"""
import argparse
import http.client
import statistics
import sys
import time
from urllib.parse import urlsplit


def timed_get(conn, path):
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status >= 400:
        raise SystemExit(f"GET {path}: HTTP {response.status}")
    return elapsed


def summary(samples):
    ordered = sorted(samples)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return statistics.median(ordered), p90, ordered[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:3000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--path", action="append", dest="paths")
    args = parser.parse_args()
    url = urlsplit(args.base)
    host, port = url.hostname, url.port or 80
    paths = args.paths or ["/login", "/manifest.webmanifest"]

    print(f"{args.requests} GETs per row against {args.base}\n")
    print("| path | connection | median ms | p90 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    worst_gap = 0.0
    for path in paths:
        kept = http.client.HTTPConnection(host, port, timeout=10)
        timed_get(kept, path)  # warm-up: connection set up, first response
        kept_alive = [timed_get(kept, path) for _ in range(args.requests)]
        kept.close()
        fresh = []
        for _ in range(args.requests):
            conn = http.client.HTTPConnection(host, port, timeout=10)
            fresh.append(timed_get(conn, path))
            conn.close()
        for label, samples in (("kept alive", kept_alive), ("new each time", fresh)):
            median, p90, worst = summary(samples)
            print(f"| `{path}` | {label} | {median:.2f} | {p90:.2f} | {worst:.2f} |")
        worst_gap = max(worst_gap, summary(kept_alive)[0] - summary(fresh)[0])
    print(f"\nkept-alive median minus new-connection median, worst path: {worst_gap:.2f} ms")
    return 1 if worst_gap > 5 else 0


if __name__ == "__main__":
    sys.exit(main())
