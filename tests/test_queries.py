"""Each analyst's question in queries/ answers with the expected rows on a small export written here."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import query as q
from kg import terms as T
from kg.export import export
from kg.mapping import Options
from kg.model import Relation
from kg.serialize import Format

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))

# Small monographs named after real drugs, so the examples' default values find them here as in
# the collection; their contents are written for the test, not copied.
MONOGRAPHS = {
    "atenolol": """---
title: Atenolol
---

# Atenolol

**Generic Name:** Atenolol

**Usage:** Atenolol is used to treat hypertension and to prevent migraine.

**Dosage:**

* **Adults:** 50 mg by mouth once daily.

**Side Effects:**

* Common: Headache, nausea, fatigue.

**How it Works:** Atenolol is a beta-blocker that slows the heart.

**Precautions:** Do not use Atenolol if you are allergic to it.
""",
    "amlodipine": """---
title: Amlodipine
---

# Amlodipine

**Generic Name:** Amlodipine

**Usage:** Amlodipine is used to treat hypertension.

**Dosage:**

* **Adults:** 5 mg by mouth once daily.

**Side Effects:**

* Common: Headache, dizziness, nausea.

**Precautions:** Amlodipine is contraindicated in pregnancy.
""",
    "ceftriaxone": """---
title: Ceftriaxone
---

# Ceftriaxone

**Generic Name:** Ceftriaxone

**Usage:** Ceftriaxone is used to treat bacterial infections.

**Dosage:**

* **Adults:** 1 g intramuscularly once daily.

**Side Effects:**

* Common: Diarrhea.
* Serious: Liver damage.

**Precautions:** Ceftriaxone may interact with warfarin.
""",
    "haloperidol": """---
title: Haloperidol
---

# Haloperidol

**Generic Name:** Haloperidol

**Usage:** Haloperidol is used to treat schizophrenia.

**Dosage:**

* **Adults:** 50 mg intramuscularly every 4 weeks.

**Side Effects:**

* Common: Weight gain, headache.
* Serious: Hypertension.

**Precautions:** Haloperidol should not be used during pregnancy.
""",
    "paracetamol-chlorpheniramine": """---
title: Paracetamol + Chlorpheniramine
---

# Paracetamol + Chlorpheniramine

**Generic Name:** Paracetamol + Chlorpheniramine

**Usage:** Paracetamol + Chlorpheniramine is used to treat common cold.

**Side Effects:**

* Common: Drowsiness, nausea.

**Precautions:** Avoid alcohol.
""",
    "paracetamol": """---
title: Paracetamol
---

# Paracetamol

**Generic Name:** Paracetamol

**Usage:** Paracetamol is used to treat pain.

**Dosage:**

* **Adults:** 500 mg to 1 g by mouth every 6 hours.

**Side Effects:**

* Rare: Skin rash.
""",
    "amoxicillin": """---
title: Amoxicillin
---

# Amoxicillin

**Generic Name:** Amoxicillin

**Usage:** Amoxicillin is used to treat bacterial infections.

**Dosage:**

* **Adults:** 3 g by mouth as a single dose.

**Side Effects:**

* Common: Diarrhea, nausea.

**Precautions:** Amoxicillin may interact with warfarin.
""",
    "isotretinoin": """---
title: Isotretinoin
---

# Isotretinoin

**Generic Name:** Isotretinoin

**Usage:** Isotretinoin is used to treat severe acne.

**Dosage:**

* **Adults:** 20 mg by mouth twice daily.

**Side Effects:**

* Common: Dry lips.

**Precautions:** Pregnancy Category X: Isotretinoin causes birth defects.
""",
}


def build_export(folder: Path) -> Path:
    """Write the monographs, export them as N-Quads into ``folder/out`` and return that folder."""
    src = folder / "src"
    src.mkdir(parents=True)
    for key, text in MONOGRAPHS.items():
        (src / f"{key}.md").write_text(text, encoding="utf-8")
    out = folder / "out"
    export([src], out, [Format.NQUADS], Options())
    return out


# Expected rows per question, as `kg query` shows them; files by their name alone.
EXPECTED: dict[str, list[list[str]]] = {
    "01-drugs-treating-condition": [["Amlodipine", "amlodipine.md"], ["Atenolol", "atenolol.md"]],
    "02-conditions-treated-intramuscular": [["bacterial infections", "1"], ["schizophrenia", "1"]],
    "03-shared-side-effects": [["headache"], ["nausea"]],
    "04-top-side-effects": [
        # concepts take the collection's usual name: "dry lips" is chapped lip, "skin rash" is rash
        ["nausea", "4"],
        ["headache", "3"],
        ["diarrhea", "2"],
        ["chapped lip", "1"],
        ["dizziness", "1"],
        ["drowsiness", "1"],
        ["fatigue", "1"],
        ["hypertension", "1"],
        ["liver damage", "1"],
        ["rash", "1"],
        ["weight gain", "1"],
    ],
    "05-contraindicated-in-pregnancy": [
        ["Amlodipine", "pregnancy"],
        ["Haloperidol", "pregnancy"],
        ["Isotretinoin", "FDA pregnancy category X"],
    ],
    # Paracetamol's 1 g is not above 1 g; Ceftriaxone's 1 g is intramuscular.
    "06-oral-max-dose-over-1g": [["Amoxicillin", "3", "g", "3"]],
    # Paracetamol alone is not a combination.
    "07-combinations-with-ingredient": [["Paracetamol + Chlorpheniramine", "2"]],
    "08-monographs-without-route": [["Paracetamol + Chlorpheniramine", "paracetamol-chlorpheniramine.md"]],
    "09-evidence-for-fact": [
        [
            "atenolol.md",
            "17",
            "kg:section-side-effects",
            "Headache, nausea, fatigue.",
            "https://rxhive.zynapte.com/atenolol/",
        ],
    ],
    "10-drugs-for-hpo-term": [
        ["Amlodipine", "indication", "hypertension"],
        ["Atenolol", "indication", "hypertension"],
        ["Haloperidol", "side effect", "hypertension"],
    ],
    "11-drugs-interacting-with-agent": [["Amoxicillin", "amoxicillin.md"], ["Ceftriaxone", "ceftriaxone.md"]],
    "12-drugs-in-class": [["Atenolol", "Atenolol is a beta-blocker that slows the heart."]],
    "13-side-effects-of-drug": [["liver damage", "serious", ""], ["diarrhea", "common", ""]],
    "14-pregnancy-categories": [["X", "1"]],
}


def normalize(rows: list[list[str]]) -> list[list[str]]:
    """Rows with source files cut to their names, which depend on where the test ran."""
    return [[Path(c).name if c.endswith(".md") else c for c in row] for row in rows]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = build_export(tmp_path_factory.mktemp("queries"))
    return q.open_store(q.data_files([], out))


def test_every_question_is_checked_and_says_what_it_asks() -> None:
    assert len(QUERIES) >= 12
    assert sorted(EXPECTED) == [f.stem for f in QUERIES]
    for f in QUERIES:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and first.rstrip().endswith(("?", ".", ")")), f"{f.name}: {first!r}"


@pytest.mark.parametrize("path", QUERIES, ids=[f.stem for f in QUERIES])
def test_question_rows(store: ox.Store, path: Path) -> None:
    result = q.run(store, path.read_text(encoding="utf-8"))
    assert normalize(q.table(result).rows) == EXPECTED[path.stem]


def test_the_questions_are_portable_sparql(store: ox.Store) -> None:
    """Each declares its own prefixes, so it runs unchanged on Fuseki or Oxigraph."""
    for f in QUERIES:
        text = f.read_text(encoding="utf-8")
        ox.Store().query(text)  # raises SyntaxError on an undeclared prefix


@pytest.mark.corpus
def test_questions_answer_on_the_collection(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export([corpus / "composition" / "a"], out, [Format.NQUADS], Options(), jobs=2)
    st = q.open_store(q.data_files([], out))
    answered = {f.stem: q.table(q.run(st, f.read_text(encoding="utf-8"))).rows for f in QUERIES}
    assert answered["04-top-side-effects"], "no side effects in the collection"
    assert len(answered["04-top-side-effects"]) == 20
    counts = [int(r[1]) for r in answered["04-top-side-effects"]]
    assert counts == sorted(counts, reverse=True)
    # Each indication's direct triple and its statement say the same, both ways.
    for relation, prop in T.DIRECT_RELATIONS.items():
        missing = f"""ASK {{ ?p kg:indication ?s . ?s kg:relation <{T.RELATIONS[relation]}> ; kg:condition ?c .
                         FILTER NOT EXISTS {{ ?p <{prop}> ?c }} }}"""
        unbacked = f"""ASK {{ ?p <{prop}> ?c . FILTER NOT EXISTS {{
                          ?p kg:indication ?s . ?s kg:relation <{T.RELATIONS[relation]}> ; kg:condition ?c }} }}"""
        assert not q.run(st, missing), f"an indication that {relation.value} its condition has no {prop}"
        assert not q.run(st, unbacked), f"a {prop} triple has no indication statement behind it"
    assert q.run(st, f"ASK {{ ?p <{T.DIRECT_RELATIONS[Relation.TREATS]}> ?c }}")
