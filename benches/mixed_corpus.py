#!/usr/bin/env python3
"""Writes a mixed log corpus for measuring `pipe` throughput.

    python3 benches/mixed_corpus.py 1000000 > /tmp/mixed.log

The lines mix the shapes `pipe --format auto` must tell apart: text logs with
levels (log4j, Python, nginx, syslog, klog, logcat), access logs (combined,
nginx `main` with request time and id, JSON), JSON and logfmt lines,
plain text, and Java stack traces and Python tracebacks over several lines.
The output is the same for the same count (a fixed seed).
"""

import json
import random
import sys

LEVELS = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
WORDS = ("order payment user cache request upstream retry timeout queue worker "
         "disk connection session token shard replica batch index job").split()


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))


def entries(rng):
    """Yields lists of lines, one list per entry."""
    n = 0
    while True:
        n += 1
        second = n % 60
        kind = rng.randrange(100)
        level = rng.choice(LEVELS)
        if kind < 20:
            yield [f"2026-11-24 19:09:{second:02d},{n % 1000:03d} {level:<5} [worker-{n % 8}] "
                   f"com.example.orders.Service - {sentence(rng)} id={n}"]
        elif kind < 32:
            yield [json.dumps({"time": f"2026-11-24T19:09:{second:02d}.{n % 1000:03d}Z",
                               "level": level.lower(), "msg": sentence(rng),
                               "user_id": n % 977, "path": "/api/orders"})]
        elif kind < 42:
            yield [f'time=2026-11-24T19:09:{second:02d}Z level={level.lower()} '
                   f'msg="{sentence(rng)}" db=orders wait_ms={n % 500}']
        elif kind < 48:
            yield [f"10.0.{n % 255}.{n % 7} - - [24/Nov/2026:19:09:{second:02d} +0000] "
                   f'"GET /api/orders/{n} HTTP/1.1" {rng.choice([200, 200, 304, 404, 502])} '
                   f'{n % 5000} "-" "Mozilla/5.0"']
        elif kind < 50:
            # nginx `main` with $request_time and $request_id
            yield [f"10.0.{n % 255}.{n % 7} - - [24/Nov/2026:19:09:{second:02d} +0000] "
                   f'"POST /api/orders HTTP/1.1" {rng.choice([201, 400, 503])} {n % 900} '
                   f'"https://shop.example.com/" "curl/8.5.0" "198.51.100.{n % 200}" '
                   f"0.{n % 1000:03d} {n:032x}"]
        elif kind < 52:
            # nginx log_format escape=json
            yield [json.dumps({"time_local": f"24/Nov/2026:19:09:{second:02d} +0000",
                               "remote_addr": f"10.0.{n % 255}.1", "request": f"GET /api/users/{n} HTTP/1.1",
                               "status": str(rng.choice([200, 404, 500])), "body_bytes_sent": str(n % 7000),
                               "request_time": f"0.{n % 1000:03d}", "http_user_agent": "Go-http-client/1.1"},
                              separators=(",", ":"))]
        elif kind < 60:
            yield [f"Nov 24 19:09:{second:02d} web-{n % 4} app[{4000 + n % 100}]: {sentence(rng)}"]
        elif kind < 66:
            letter = {"DEBUG": "I", "INFO": "I", "WARN": "W", "ERROR": "E"}[level]
            yield [f"{letter}1124 19:09:{second:02d}.{n % 1000000:06d}    2304 controller.go:{n % 400}] "
                   f"{sentence(rng)}"]
        elif kind < 72:
            yield [f"11-24 19:09:{second:02d}.{n % 1000:03d}  1702  2395 {level[0]} ActivityManager: "
                   f"{sentence(rng)}"]
        elif kind < 90:
            yield [f"{sentence(rng)} ({n} items, 0 errors)"]
        elif kind < 96:
            trace = [f"2026-11-24 19:09:{second:02d},{n % 1000:03d} ERROR [main] c.e.App - {sentence(rng)}",
                     "java.lang.IllegalStateException: inventory unavailable"]
            trace += [f"\tat com.example.orders.Layer{i}.call(Layer{i}.java:{10 + i})"
                      for i in range(rng.randint(3, 12))]
            trace += ["Caused by: java.net.ConnectException: Connection refused", "\t... 12 more"]
            yield trace
        else:
            yield [f"2026-11-24 19:09:{second:02d},{n % 1000:03d} - app.worker - ERROR - job {n} failed",
                   "Traceback (most recent call last):",
                   '  File "/srv/app/worker.py", line 41, in run',
                   "    result = handler(job)",
                   f"KeyError: 'k{n}'"]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(4)
    out = sys.stdout
    written = 0
    for lines in entries(rng):
        out.write("\n".join(lines))
        out.write("\n")
        written += len(lines)
        if written >= count:
            break


if __name__ == "__main__":
    main()
