"""Benchmark the queries/ questions on an export: in-process, through kg serve, and kg query's time to first row.

Usage: python bench/bench_queries.py EXPORT_DIR [--repeat N]

Targets (whole-collection export): each question under 50 ms median in-process and through
the endpoint; `kg query` from process start to its first row under 1 s. Not a test: timings
depend on the machine, so this prints figures and marks those over target, with the load
average and each question's in-process CPU time to show how much a busy machine slowed it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg import query as q

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
FIRST_ROW_S = 1.0


def median_ms(fn: object, repeat: int) -> tuple[float, float, float]:
    """Median and first-run wall time of ``fn()``, and its median CPU time, in milliseconds.

    CPU time is this process's alone: on a busy machine it stays near what the wall time
    would be on an idle one.
    """
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), times[0], statistics.median(cpu)


def first_row_seconds(export_dir: Path, query_file: Path) -> float:
    """Wall time from starting `kg query` to the first line of its output."""
    kg = Path(sys.executable).parent / "kg"
    t = time.perf_counter()
    with subprocess.Popen(
        [str(kg), "query", f"@{query_file}", "-o", str(export_dir), "--format", "tsv"], stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()  # the header
        proc.stdout.readline()  # the first row
        elapsed = time.perf_counter() - t
        proc.communicate()
    return elapsed


def start_server(export_dir: Path) -> tuple[subprocess.Popen[str], str]:
    """`kg serve` on a free loopback port with one query worker; its /sparql address."""
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen(
        [str(kg), "serve", "-o", str(export_dir), "--port", "0", "--workers", "1", "--timeout", "60"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.search(r"serving (http://\S+?)/ ", line)
        if m:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep its pipe drained
            return proc, m.group(1) + "/sparql"
    raise SystemExit(f"kg serve did not start (status {proc.wait()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("export_dir", type=Path)
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()
    files = q.data_files([], args.export_dir)
    t = time.perf_counter()
    store = q.open_store(files)
    print(f"store ready in {time.perf_counter() - t:.1f} s ({len(store):,} quads)")
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")

    # The endpoint as it is run: `kg serve` in a process of its own, so that serving and this
    # client do not take turns at one interpreter lock.
    server, url = start_server(args.export_dir)

    def over_http(text: str) -> None:
        data = urllib.parse.urlencode({"query": text}).encode()
        req = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()

    print(f"{'question':<40} {'rows':>6} {'in-process ms':>14} {'cpu':>6} {'first':>8} {'endpoint ms':>12}")
    worst = 0.0
    try:
        for f in sorted((ROOT / "queries").glob("*.rq")):
            text = f.read_text(encoding="utf-8")
            rows = len(q.table(q.run(store, text)).rows)
            local, first, cpu = median_ms(lambda text=text: q.table(q.run(store, text)), args.repeat)
            remote, _, _ = median_ms(lambda text=text: over_http(text), args.repeat)
            worst = max(worst, local, remote)
            flag = "  over target" if max(local, remote) > TARGET_MS else ""
            print(f"{f.stem:<40} {rows:>6} {local:>14.1f} {cpu:>6.1f} {first:>8.1f} {remote:>12.1f}{flag}")
    finally:
        server.terminate()
        server.wait(10)
    first_query = ROOT / "queries" / "01-drugs-treating-condition.rq"
    first_rows = [first_row_seconds(args.export_dir, first_query) for _ in range(5)]
    fr = statistics.median(first_rows)
    print(f"slowest median: {worst:.1f} ms (target {TARGET_MS:.0f} ms)")
    print(f"kg query, start to first row: median {fr:.2f} s of 5 (target {FIRST_ROW_S:.0f} s)")


if __name__ == "__main__":
    main()
