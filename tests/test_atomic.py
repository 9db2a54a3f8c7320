"""Atomic writes: an export killed part way (SIGINT or SIGKILL) leaves the previous output
complete, byte-identical and readable."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import RDF_FORMATS
from kg.serialize import Format

FORMATS = ["-f", "ttl", "-f", "jsonld", "-f", "nt", "-f", "nq", "-f", "trig"]
EFFECTS = ["nausea", "headache", "dizziness", "rash", "vomiting", "fatigue", "insomnia", "dry mouth"]


def make_page(i: int) -> str:
    effects = "\n".join(f"* {EFFECTS[(i + k) % len(EFFECTS)]}" for k in range(4))
    return f"""---
layout: minimal-medicine
title: Drug {i:05d}
---

# Drug {i:05d}
### Generic Name
Drugamine {i}

### Usage
Drug {i:05d} is used to treat hypertension and to prevent migraine.

### Dosage
* **Adults:** {10 + i % 50} mg orally once daily.

### Side Effects
{effects}

### How it Works
It blocks beta receptors.

### Precautions
* **Pregnancy:** Avoid.

### FAQs
* **Q: Can I drink alcohol?** A: Avoid it.
"""


def make_collection(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"drug-{i:05d}.md").write_text(make_page(i), encoding="utf-8")


def kg_export(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "export", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.fixture(scope="module")
def collections(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small collection for the good export and a big one (several seconds) to interrupt."""
    root = tmp_path_factory.mktemp("atomic")
    make_collection(root / "small", 5)
    make_collection(root / "big", 1500)
    return root


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def wait_for_staging(out: Path, proc: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Until the export has staged files with some content in them: mid-run, before any rename."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        assert proc.poll() is None, "the export finished before it could be interrupted; make the collection bigger"
        parts = [p for p in out.iterdir() if p.name.endswith(".part")]
        if parts and any(p.stat().st_size > 0 for p in parts):
            return
        time.sleep(0.02)
    raise AssertionError("no staged output appeared")


@pytest.mark.parametrize(
    ("sig", "jobs"),
    [(signal.SIGINT, "1"), (signal.SIGINT, "2"), (signal.SIGKILL, "1")],
    ids=["SIGINT", "SIGINT-pool", "SIGKILL"],
)
def test_interrupted_export_leaves_previous_output(
    collections: Path, tmp_path: Path, sig: signal.Signals, jobs: str
) -> None:
    out = tmp_path / "out"
    good = subprocess.run(
        [sys.executable, "-m", "kg", "export", str(collections / "small"), "-o", str(out), "-q", *FORMATS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    before = snapshot(out)
    assert set(before) == {f.filename for f in Format} | {"report.json"}

    proc = kg_export(str(collections / "big"), "-o", str(out), "-q", "-j", jobs, *FORMATS, cwd=tmp_path)
    try:
        wait_for_staging(out, proc)
        proc.send_signal(sig)
        _, err_bytes = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    code = proc.returncode
    err = err_bytes.decode()
    assert code != 0  # it really was interrupted, not finished
    assert snapshot(out) == before, "an interrupted export changed the previous output"
    for fmt in ("ttl", "nt", "jsonld", "nq", "trig"):
        path = out / f"kg.{fmt}"
        assert len(list(ox.parse(path=str(path), format=RDF_FORMATS[path.suffix]))) > 100
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    if sig == signal.SIGINT:
        # A clean interrupt removes its staged files; SIGKILL cannot, but they are hidden
        # names that no reader of the export opens, and the next export ignores them.
        assert leftovers == []
        assert "Traceback" not in err, err
    else:
        assert all(n.endswith((".part", ".tmp")) for n in leftovers)
