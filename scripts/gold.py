#!/usr/bin/env python3
"""Score the extractors on the annotated pages without building RDF: a fast loop for rule work.

Usage: python scripts/gold.py [FIELD ...] [--errors] [--gold DIR] [--corpus DIR]

Reads ../shared/gold (or --gold), parses and extracts each annotated page from the corpus,
and scores the facts with ../shared/eval/score.py's own matching. The export's real score
is `score.py` on `kg export` output; this loop skips RDF so a rule change is measured in
about a second.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from kg.extract import extract
from kg.model import FactKind
from kg.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_scorer(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predicted(m) -> dict:  # type: ignore[no-untyped-def]
    out: dict = {
        f: []
        for f in (
            "ingredients",
            "routes",
            "indications",
            "side_effects",
            "contraindications",
            "doses",
            "pregnancy_category",
        )
    }
    for f in m.facts:
        if f.kind is FactKind.INGREDIENT:
            out["ingredients"].append(f.name)
        elif f.kind is FactKind.ROUTE:
            out["routes"].append(f.route.value)
        elif f.kind is FactKind.INDICATION:
            out["indications"].append(f.condition)
        elif f.kind is FactKind.SIDE_EFFECT:
            out["side_effects"].append(f.effect)
        elif f.kind is FactKind.CONTRAINDICATION:
            out["contraindications"].append(f.condition)
        elif f.kind is FactKind.DOSE:
            out["doses"].append(
                {
                    "min": f.minimum,
                    "max": f.maximum,
                    "unit": f.unit.lower(),
                    "route": f.route.value if f.route else None,
                }
            )
        elif f.kind is FactKind.PREGNANCY_CATEGORY:
            out["pregnancy_category"].append(f.letter)
    for k in ("ingredients", "indications", "side_effects", "contraindications"):
        out[k] = list(dict.fromkeys(out[k]))
    out["routes"] = sorted(set(out["routes"]))
    dedup = []
    for d in out["doses"]:
        if d not in dedup:
            dedup.append(d)
    out["doses"] = dedup
    return out


def main(argv: list[str]) -> int:
    gold_dir = SHARED / "gold"
    corpus = SHARED / "corpus"
    if "--gold" in argv:
        gold_dir = Path(argv[argv.index("--gold") + 1])
    if "--corpus" in argv:
        corpus = Path(argv[argv.index("--corpus") + 1])
    fields = [a for a in argv if not a.startswith("--") and a not in (str(gold_dir), str(corpus))]
    scorer = load_scorer(SHARED / "eval" / "score.py")
    totals: dict = {}
    errors = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text())
        src = corpus / gold["file"]
        m = extract(parse(src.read_bytes(), str(src), path.stem))
        res = scorer.score_doc(gold, predicted(m))
        for f, r in res.items():
            t = totals.setdefault(f, {"tp_recall": 0, "gold": 0, "tp_precision": 0, "pred": 0})
            for k in t:
                t[k] += r[k]
            if (not fields or f in fields) and (r["missed"] or r["wrong"]):
                errors.append(f"{path.stem} {f}\n  missed: {r['missed']}\n  wrong:  {r['wrong']}")
    for f, t in totals.items():
        if fields and f not in fields:
            continue
        p = t["tp_precision"] / t["pred"] if t["pred"] else 0.0
        r = t["tp_recall"] / t["gold"] if t["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{f:20} P {p:.3f} R {r:.3f} F1 {f1:.3f}  ({t['tp_precision']}/{t['pred']}, {t['tp_recall']}/{t['gold']})"
        )
    if "--errors" in argv:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
