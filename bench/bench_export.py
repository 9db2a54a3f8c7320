#!/usr/bin/env python3
"""Benchmark: whole-collection export against just reading and parsing the same files.

Usage: python bench/bench_export.py [CORPUS] [--rounds N]

Measures, in one run and alternating so that machine noise hits both alike:
  baseline  read every monograph and parse it with python-frontmatter and mistune alone;
  export    `kg export CORPUS -f ttl -f jsonld -f nq` in a subprocess (all stages, all workers).
Prints both times, their ratio (target: at most 1.5) and the export's peak memory, summed
over the process and its workers (target: under 1.5 GB). Exits 1 when a target is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frontmatter
import mistune

TARGET_RATIO = 1.5
TARGET_MEMORY = 1.5 * 1024**3


def baseline(files: list[Path]) -> float:
    md = mistune.create_markdown(renderer=None)
    start = time.perf_counter()
    for f in files:
        post = frontmatter.loads(f.read_text(encoding="utf-8"))
        md(post.content)
    return time.perf_counter() - start


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def export(corpus: Path, out: Path) -> tuple[float, int]:
    cmd = [
        sys.executable,
        "-m",
        "kg",
        "export",
        str(corpus),
        "-o",
        str(out),
        "-f",
        "ttl",
        "-f",
        "jsonld",
        "-f",
        "nq",
        "-q",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kg export failed with status {proc.returncode}")
    return elapsed, peak


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 2
    if "--rounds" in argv:
        args.remove(str(rounds))
    corpus = Path(args[0] if args else os.environ.get("KG_CORPUS", "../shared/corpus"))
    files = sorted((corpus / "composition").glob("*/*.md")) or sorted(corpus.rglob("*.md"))
    base_times, export_times, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            base_times.append(baseline(files))
            t, peak = export(corpus, Path(tmp) / f"out{i}")
            export_times.append(t)
            peaks.append(peak)
    b, e, peak = statistics.median(base_times), statistics.median(export_times), max(peaks)
    ratio = e / b
    print(f"files: {len(files)}; rounds: {rounds}")
    print(f"baseline (frontmatter + mistune): {b:.1f} s  {[f'{x:.1f}' for x in base_times]}")
    print(f"kg export ttl+jsonld+nq:          {e:.1f} s  {[f'{x:.1f}' for x in export_times]}")
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO})")
    print(f"peak memory: {peak / 1024**2:.0f} MB (target < {TARGET_MEMORY / 1024**2:.0f} MB)")
    return 0 if ratio <= TARGET_RATIO and peak < TARGET_MEMORY else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
