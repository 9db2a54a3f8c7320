"""Content is data under test: every page in content/ exports, and the seed page's mojibake is repaired."""

from __future__ import annotations

from pathlib import Path

from kg.export import export
from kg.serialize import Format

ROOT = Path(__file__).resolve().parent.parent


def test_content_exports_with_repaired_text(tmp_path: Path) -> None:
    pages = sorted((ROOT / "content").glob("*.md"))
    assert pages
    report = export([ROOT / "content"], tmp_path, [Format.TURTLE], jobs=1)
    assert report.monographs == len(pages)
    assert not [p for p in report.problems if p.severity.value == "error"]
    ttl = (tmp_path / "kg.ttl").read_text(encoding="utf-8")
    assert "â€" not in ttl
    assert "Cyanocobalamin" in ttl
