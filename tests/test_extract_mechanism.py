"""Tests for the mechanism and drug-class extractor on small monographs written for the test."""

from __future__ import annotations

from kg.extract.mechanism import extract
from kg.model import DrugClass, Mechanism, Section
from kg.parse import parse


def _page(how: str, usage: str = "It is used to treat hypertension.", title: str = "Testamine") -> list[object]:
    text = f"---\ntitle: {title}\n---\n# {title}\n\n### Usage\n\n{usage}\n\n### How it Works\n\n{how}\n"
    return list(extract(parse(text, "t.md", "t")))


def test_mechanism_is_first_sentences() -> None:
    facts = _page("Testamine blocks calcium channels. This relaxes vessels. Pressure falls. Nothing else happens.")
    mech = [f for f in facts if isinstance(f, Mechanism)]
    assert len(mech) == 1
    assert mech[0].text == "Testamine blocks calcium channels. This relaxes vessels. Pressure falls."
    assert mech[0].evidence[0].section is Section.HOW_IT_WORKS
    assert mech[0].evidence[0].line == 12


def test_intro_with_colon_takes_its_items() -> None:
    facts = _page("Each component works differently:\n\n* **Alpha:** Thins mucus.\n* **Beta:** Opens airways.\n")
    mech = [f for f in facts if isinstance(f, Mechanism)]
    assert mech[0].text == "Each component works differently: Alpha: Thins mucus. Beta: Opens airways."


def _classes(facts: list[object]) -> set[str]:
    return {f.name for f in facts if isinstance(f, DrugClass)}


def test_is_a_class() -> None:
    facts = _page("Testamine is a calcium channel blocker that relaxes blood vessels.")
    assert _classes(facts) == {"calcium channel blocker"}


def test_belongs_to_class_called_is_singular() -> None:
    facts = _page("Testamine belongs to a class of drugs called selective serotonin reuptake inhibitors.")
    assert _classes(facts) == {"selective serotonin reuptake inhibitor"}


def test_abbreviation_in_parentheses_and_vague_head_dropped() -> None:
    facts = _page(
        "It raises serotonin.",
        usage="Testamine is a proton pump inhibitor (PPI) used to treat GERD. Otherol is an antiviral medication.",
    )
    assert _classes(facts) == {"proton pump inhibitor", "antiviral"}


def test_appositive_and_coordinated_classes() -> None:
    facts = _page("Nebivolol, a beta-blocker, slows the heart. Paracetamol is an analgesic and antipyretic.")
    assert _classes(facts) == {"beta-blocker", "analgesic", "antipyretic"}


def test_not_a_class() -> None:
    facts = _page("Testamine is a form of vitamin B12. It is a combination medication.")
    assert _classes(facts) == set()


def test_label_parenthesis_names_component_class() -> None:
    facts = _page("Blocks calcium:\n\n* **Amlodipine (Calcium Channel Blocker):** Relaxes blood vessels.\n")
    assert "calcium channel blocker" in _classes(facts)
