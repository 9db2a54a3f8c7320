"""Tests for the side-effect extractor on small monographs written for the purpose."""

from __future__ import annotations

from kg.extract.side_effects import extract
from kg.model import EffectGroup, Section, SideEffect
from kg.parse import parse

FRONT = "---\ntitle: Testamol\n---\n\n# Testamol\n\n"


def _effects(body: str, title: str = "Testamol") -> list[SideEffect]:
    text = FRONT.replace("Testamol", title) + body
    facts = list(extract(parse(text.encode(), "t.md", "t")))
    assert all(isinstance(f, SideEffect) for f in facts)
    return [f for f in facts if isinstance(f, SideEffect)]


def _names(body: str, title: str = "Testamol") -> list[str]:
    return [f.effect for f in _effects(body, title)]


def _by_name(body: str) -> dict[str, SideEffect]:
    return {f.effect: f for f in _effects(body)}


def test_bold_group_labels_give_groups_and_are_not_effects() -> None:
    body = (
        "## Side Effects\n\n**Common Side Effects:**\n\n* Headache\n* Nausea\n\n"
        "**Less Common but Serious Side Effects:**\n\n* Pancreatitis (inflammation of the pancreas)\n"
    )
    got = _by_name(body)
    assert set(got) == {"headache", "nausea", "pancreatitis"}
    assert got["headache"].group is EffectGroup.COMMON
    assert got["pancreatitis"].group is EffectGroup.SERIOUS
    assert got["pancreatitis"].gloss == "inflammation of the pancreas"


def test_plain_label_line_and_frequency_bands() -> None:
    body = (
        "## Side Effects\n\nCommon side effects (1-10%) may include:\n\n* Dizziness\n\n"
        "Less Common Side Effects (<1%):\n\n* Tremor\n\nRare:\n\n* Alopecia\n"
    )
    got = _by_name(body)
    assert set(got) == {"dizziness", "tremor", "alopecia"}
    assert got["dizziness"].group is EffectGroup.COMMON
    assert got["tremor"].group is EffectGroup.RARE
    assert got["alopecia"].group is EffectGroup.RARE


def test_gloss_versus_list_in_parenthesis() -> None:
    body = (
        "## Side Effects\n\nCommon side effects include:\n\n"
        "* Flushing (redness of the skin)\n"
        "* Skin reactions (rash, itching)\n"
        "* Allergic reactions (including anaphylaxis)\n"
        "* Tremors (especially with higher doses)\n"
        "* Cough (dry, persistent)\n"
        "* Increased liver enzymes (ALT, AST)\n"
    )
    got = _by_name(body)
    assert set(got) == {
        "flushing",
        "skin reactions",
        "rash",
        "itching",
        "allergic reactions",
        "anaphylaxis",
        "tremors",
        "cough",
        "increased liver enzymes",
    }
    assert got["flushing"].gloss == "redness of the skin"
    assert got["skin reactions"].gloss is None
    assert got["tremors"].gloss is None  # a qualifier, not a gloss


def test_list_inside_sentence_and_severity_words() -> None:
    body = (
        "## Side Effects\n\nCommon side effects are generally mild and might include:\n\n* Mild diarrhea\n\n"
        "Serious side effects are rare but can include allergic reactions such as hives, swelling, "
        "or difficulty breathing.\n"
    )
    got = _by_name(body)
    assert set(got) == {"diarrhea", "allergic reactions", "hives", "swelling", "difficulty breathing"}
    assert got["diarrhea"].group is EffectGroup.COMMON
    assert got["hives"].group is EffectGroup.SERIOUS
    quote = got["hives"].evidence[0].quote
    assert quote.startswith("Serious side effects are rare") and quote.endswith("difficulty breathing.")


def test_prose_sentence_and_advice_are_told_apart() -> None:
    body = (
        "## Side Effects\n\nCommon side effects include nausea, vomiting and headache. "
        "If you experience dizziness or fainting, contact your doctor immediately.\n\n"
        "Side effects are usually mild and temporary.\n"
    )
    got = _by_name(body)
    assert set(got) == {"nausea", "vomiting", "headache"}
    assert all(f.group is EffectGroup.COMMON for f in got.values())


def test_organ_system_labels_are_not_effects_but_their_items_are() -> None:
    body = (
        "## Side Effects\n\nLess Common Side Effects (1-10%):\n\n"
        "* Nervous system: Agitation, insomnia, and fainting (syncope).\n"
        "* **Gastrointestinal:** Nausea, vomiting, and indigestion (dyspepsia).\n"
    )
    got = _by_name(body)
    assert set(got) == {"agitation", "insomnia", "fainting", "nausea", "vomiting", "indigestion"}
    assert got["fainting"].gloss == "syncope"
    assert all(f.group is EffectGroup.RARE for f in got.values())


def test_nested_items_under_group_and_effect_labels() -> None:
    body = (
        "## Side Effects\n\n"
        "* **Common:**\n    * Hypertension (high blood pressure)\n"
        "* **Serious:**\n    * **Allergic reactions:**\n        * Hives\n        * Angioedema\n"
        "* **Note:** This list is not exhaustive.\n"
    )
    got = _by_name(body)
    assert set(got) == {"hypertension", "allergic reactions", "hives", "angioedema"}
    assert got["hypertension"].group is EffectGroup.COMMON
    assert got["hypertension"].gloss == "high blood pressure"
    assert got["hives"].group is EffectGroup.SERIOUS
    assert got["allergic reactions"].group is EffectGroup.SERIOUS


def test_bold_label_with_inline_list() -> None:
    body = "## Side Effects\n\n* **Common:** headache, nausea\n* **Rare but serious:** seizures\n"
    got = _by_name(body)
    assert set(got) == {"headache", "nausea", "seizures"}
    assert got["nausea"].group is EffectGroup.COMMON
    assert got["seizures"].group is EffectGroup.SERIOUS


def test_per_component_sections_count_for_the_product() -> None:
    body = (
        "## Side Effects (Alphamol)\n\n* Headache\n\n## Side Effects (Betamol)\n\n"
        "* **Betamol:** Constipation, dry mouth\n"
    )
    names = _names(body, title="Alphamol + Betamol")
    assert names == ["headache", "constipation", "dry mouth"]


def test_evidence_points_at_the_item_line_and_section() -> None:
    body = "## Side Effects\n\nCommon side effects:\n\n* Nausea\n* Headache\n"
    text = FRONT + body
    facts = [f for f in extract(parse(text.encode(), "t.md", "t")) if isinstance(f, SideEffect)]
    ev = {f.effect: f.evidence[0] for f in facts}
    lines = text.split("\n")
    assert lines[ev["headache"].line - 1] == "* Headache"
    assert ev["headache"].quote == "Headache"
    assert ev["nausea"].section is Section.SIDE_EFFECTS
    assert ev["nausea"].file == "t.md"


def test_other_sections_are_ignored() -> None:
    body = "## Usage\n\nUsed for nausea.\n\n## Precautions\n\n* Headache may worsen.\n\n## Side Effects\n\n* Rash\n"
    assert _names(body) == ["rash"]


def test_dash_tail_and_qualifying_clauses_are_cut() -> None:
    body = (
        "## Side Effects\n\nLess common but serious side effects include:\n\n"
        "* Angioedema (swelling of the face, lips, tongue, or throat) – seek immediate medical attention.\n"
        "* Liver damage (rare, usually with high doses)\n"
        "* Serotonin syndrome (a rare condition characterized by high fever, muscle rigidity, and confusion)\n"
    )
    got = _by_name(body)
    assert set(got) == {
        "angioedema",
        "liver damage",
        "serotonin syndrome",
        "high fever",
        "muscle rigidity",
        "confusion",
    }
    assert got["angioedema"].gloss == "swelling of the face, lips, tongue, or throat"
    assert got["liver damage"].gloss is None


def test_other_label_opens_no_earlier_group_and_a_verb_introduces_the_list() -> None:
    """ "Other reported side effects:" after a serious group lists effects of no stated group;
    a sentence whose list follows "include" is read from there, even as a label's text."""
    body = (
        "## Side Effects\n\n**Less Common but Serious Side Effects:** While less frequent, serious side effects "
        "can include serious infections (including tuberculosis and sepsis) and anaphylaxis.\n\n"
        "**Other Reported Side Effects:** Other side effects, reported with varying frequency, include "
        "dizziness and hypertension.\n"
    )
    got = _by_name(body)
    assert set(got) == {"infections", "tuberculosis", "sepsis", "anaphylaxis", "dizziness", "hypertension"}
    assert got["sepsis"].group is EffectGroup.SERIOUS
    assert got["dizziness"].group is EffectGroup.UNSPECIFIED


def test_an_adjective_before_a_body_part_is_shared_by_the_parts_after_it() -> None:
    assert _names("## Side Effects\n\n* Dry mouth, throat, skin, and nose\n") == [
        "dry mouth",
        "dry throat",
        "dry skin",
        "dry nose",
    ]
    assert _names("## Side Effects\n\n* Swelling of the face, lips, or throat\n") == [
        "swelling of the face, lips, throat"
    ]


def test_advice_inside_a_parenthesis_qualifies_the_effect_and_a_parenthesis_may_precede_like() -> None:
    got = _by_name(
        "## Side Effects\n\n**Serious Side Effects:**\n\n"
        "* Angioedema (swelling of the face, lips, or throat – seek immediate medical attention if this occurs)\n"
        "* Allergic reactions (rash, hives, difficulty breathing – seek immediate medical attention)\n"
        "* Extrapyramidal symptoms (EPS) like muscle stiffness, tremors, or restlessness\n"
    )
    assert set(got) == {
        "angioedema",
        "allergic reactions",
        "rash",
        "hives",
        "difficulty breathing",
        "extrapyramidal symptoms",
        "muscle stiffness",
        "tremors",
        "restlessness",
    }
    assert got["angioedema"].gloss == "swelling of the face, lips, or throat"
    assert got["extrapyramidal symptoms"].gloss == "EPS"


def test_a_parenthesis_lists_effects_even_with_a_body_part_list_and_have_also_been_reported() -> None:
    got = _by_name(
        "## Side Effects\n\n* Allergic reactions (rash, hives, difficulty breathing, swelling of the face, lips, "
        "or throat)\n* Anaphylaxis (a medical emergency requiring immediate medical attention)\n\n"
        "Pruritus (itching) and skin rash have also been reported.\n"
    )
    assert set(got) == {
        "allergic reactions",
        "rash",
        "hives",
        "difficulty breathing",
        "swelling of the face, lips, throat",
        "anaphylaxis",
        "pruritus",
        "skin rash",
    }
