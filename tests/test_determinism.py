"""Determinism: identical bytes for identical input whatever PYTHONHASHSEED, file-system
order, order of SOURCE arguments or number of workers; and a monograph's graph does not
depend on which other files are exported with it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.serialize import Format

FORMATS = ["-f", "ttl", "-f", "jsonld", "-f", "nt", "-f", "nq", "-f", "trig"]
OUTPUTS = [f.filename for f in Format] + ["report.json"]
EFFECTS = ["nausea", "headache", "dizziness", "rash", "vomiting", "fatigue", "insomnia", "dry mouth"]


def page(i: int) -> str:
    # Shared concepts (effects, conditions) across pages exercise the merged, sorted tail.
    effects = "\n".join(f"* {EFFECTS[(i * 3 + k) % len(EFFECTS)]}" for k in range(1 + i % 4))
    return f"""---
layout: minimal-medicine
title: Drug {i} ({"β" if i % 5 == 0 else "b"})
---

# Drug {i}
### Generic Name
Drugamine {i}

### Usage
Used to treat {"hypertension" if i % 2 else "migraine"} and angina.

### Dosage
* **Adults:** {5 + i % 7} mg orally {"twice" if i % 3 else "once"} daily.

### Side Effects
{effects}

### Precautions
* **Pregnancy:** Avoid.

### FAQs
* **Q: Can I drink alcohol?** A: Avoid it.
"""


# 70 pages so that -j 2 really uses the process pool (it starts at 64 files).
NAMES = [f"{'ab'[i % 2]}/drug-{i:03d}" for i in range(70)]


def make_sources(root: Path, order: list[int]) -> None:
    """src/ (two subfolders) and extra/ with the same content, files created in ``order``."""
    for i in order:
        path = root / "src" / f"{NAMES[i]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(i), encoding="utf-8")
    (root / "extra").mkdir(exist_ok=True)
    (root / "extra" / "lone.md").write_text(page(999), encoding="utf-8")


def run_export(root: Path, *sources: str, seed: str = "0", jobs: str = "1") -> dict[str, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1700000000")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "export", *sources, "-o", "out", "-q", "-j", jobs, *FORMATS],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {name: (root / "out" / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("ref")
    make_sources(root, list(range(len(NAMES))))
    return run_export(root, "src", "extra", seed="0")


@pytest.mark.parametrize(
    ("seed", "order", "sources", "jobs"),
    [
        ("1", "forward", ("src", "extra"), "1"),
        ("12345", "reverse", ("extra", "src"), "1"),
        ("random", "shuffled", ("extra", "src"), "2"),
    ],
    ids=["hashseed-1", "reversed-files-and-args", "random-seed-shuffled-pool"],
)
def test_identical_bytes(
    tmp_path: Path, reference: dict[str, bytes], seed: str, order: str, sources: tuple[str, ...], jobs: str
) -> None:
    indices = list(range(len(NAMES)))
    if order == "reverse":
        indices.reverse()
    elif order == "shuffled":
        random.Random(7).shuffle(indices)
    make_sources(tmp_path, indices)
    outputs = run_export(tmp_path, *sources, seed=seed, jobs=jobs)
    for name in OUTPUTS:
        assert outputs[name] == reference[name], f"{name} differs ({seed=}, {order=}, {sources=}, {jobs=})"


def named_graph(nquads: bytes, key: str) -> list[str]:
    """The triples of one monograph's named graph, as sorted N-Triples lines."""
    graph = ox.NamedNode(f"https://w3id.org/kg-monograph/id/graph/{key}")
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in quads if q.graph_name == graph)


def test_monograph_graph_does_not_depend_on_the_others(tmp_path: Path, reference: dict[str, bytes]) -> None:
    # Only a/drug-004.md (plus nothing else) under the same source folder name.
    alone = tmp_path / "alone"
    (alone / "src" / "a").mkdir(parents=True)
    (alone / "src" / "a" / "drug-004.md").write_text(page(4), encoding="utf-8")
    outputs = run_export(alone, "src")
    by_itself = named_graph(outputs["kg.nq"], "a/drug-004")
    with_others = named_graph(reference["kg.nq"], "a/drug-004")
    assert len(by_itself) > 20
    assert by_itself == with_others


def test_same_input_same_bytes_in_process(tmp_path: Path) -> None:
    """Two runs in one process (warm caches: slug lru_cache, the JSON-LD writer) agree too."""
    from kg.export import export

    make_sources(tmp_path, list(range(len(NAMES))))
    for run in ("one", "two"):
        export([tmp_path / "src"], tmp_path / run, list(Format), created="2023-11-14T22:13:20Z", jobs=1)
    for fmt in Format:
        first = (tmp_path / "one" / fmt.filename).read_bytes()
        assert first and first == (tmp_path / "two" / fmt.filename).read_bytes(), fmt.filename


def test_workers_write_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    """Enough files for the worker pool's chunked path (kg.export.CHUNK files per task)."""
    from kg.export import CHUNK, export

    src = tmp_path / "src"
    src.mkdir()
    for i in range(2 * CHUNK + 7):
        (src / f"drug-{i:03d}.md").write_text(page(i), encoding="utf-8")
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        export([src], out, list(Format), jobs=jobs)
        outs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert outs[1] == outs[2]
    assert sorted(outs[2]) == sorted([f.filename for f in Format] + ["report.json"])


def test_linking_does_not_depend_on_what_was_linked_before(corpus: Path) -> None:
    """A mention resolves to the same concept whichever mentions a process met first: workers
    meet the collection's pages in an order that varies from run to run."""
    from kg.extract import extract
    from kg.mapping import _LINKED, _concept_name
    from kg.parse import parse
    from kg.sources import discover, read
    from kg.vocab.lexicon import Lexicon

    files = sorted((corpus / "composition").glob("*/*.md"))[::20]
    mentions: list[tuple[str, str]] = []
    for src in discover(files, []):
        for fact in extract(parse(read(src), src.display, src.key)).facts:
            name = _concept_name(fact)
            if name and fact.kind in _LINKED:
                mentions.append((_LINKED[fact.kind], name))
    mentions = sorted(set(mentions))
    assert len(mentions) > 2000
    forward, backward = Lexicon(), Lexicon()
    ahead = {m: forward.link(*m) for m in mentions}
    behind = {m: backward.link(*m) for m in reversed(mentions)}
    assert {m: c for m, c in ahead.items() if c != behind[m]} == {}
