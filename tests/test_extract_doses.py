"""Numeric doses read from small monographs: ranges, units, limits, frequency, route and population."""

from __future__ import annotations

import pytest

from kg.extract import doses
from kg.model import Document, Dose, Population, Route
from kg.parse import parse


def doc(dosage: str, title: str = "Testdrug") -> Document:
    return parse(f"---\ntitle: {title}\n---\n\n## Dosage\n\n{dosage}\n", "t.md", "t")


def got(dosage: str, title: str = "Testdrug") -> list[Dose]:
    return [f for f in doses.extract(doc(dosage, title)) if isinstance(f, Dose)]


def amounts(dosage: str) -> list[tuple[float, float, str]]:
    return [(d.minimum, d.maximum, d.unit) for d in got(dosage)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Take 500 mg daily.", (500, 500, "mg")),
        ("Take 500mg daily.", (500, 500, "mg")),
        ("Dose: 100-1000mcg weekly.", (100, 1000, "ug")),
        ("Doses range from 100 mcg to 1000 mcg.", (100, 1000, "ug")),
        ("Doses range from 600 to 2500 mg.", (600, 2500, "mg")),
        ("Give 185–222 MBq once.", (185, 222, "MBq")),
        ("Give 250mg - 500mg.", (250, 500, "mg")),
        ("In increments of 20 or 40 mg.", (20, 40, "mg")),
        ("Between 2.5 and 5 mg daily.", (2.5, 5, "mg")),
        ("Give 1,500 IU once.", (1500, 1500, "[iU]")),
        ("Give 2500 units.", (2500, 2500, "[U]")),
        ("Give 1.2 million units.", (1.2e6, 1.2e6, "[U]")),
        ("Give 2 grams.", (2, 2, "g")),
        ("Give 10 µg.", (10, 10, "ug")),
        ("Give 10 μg.", (10, 10, "ug")),
        ("Give 0.5 mL.", (0.5, 0.5, "mL")),
        ("Give 15 mg/kg.", (15, 15, "mg/kg")),
        ("Give 2 mg/kg/dose twice daily.", (2, 2, "mg/kg")),
        ("Give 10 mg per kg of body weight.", (10, 10, "mg/kg")),
        ("Give 75 mg/m² on day 1.", (75, 75, "mg/m2")),
        ("Give 150 mg/day.", (150, 150, "mg/d")),
        # "per day" is part of the unit too, and a range's last unit says what both amounts are per
        ("The maintenance dose is 8 to 16 mg per day, divided into two doses.", (8, 16, "mg/d")),
        ("Give 125 mg to 1000 mg per day.", (125, 1000, "mg/d")),
        ("Give 30 mg/kg/day.", (30, 30, "mg/kg/d")),
        ("Infuse 5 mcg/kg/min.", (5, 5, "ug/kg/min")),
        ("Apply the 5% cream.", (5, 5, "%")),
        ("Give 10 mCi.", (10, 10, "mCi")),
    ],
)
def test_amounts_and_units(text: str, expected: tuple[float, float, str]) -> None:
    assert amounts(text) == [expected]


def test_two_amounts_with_units_stay_apart() -> None:
    assert amounts("Take 20 mg or 40 mg.") == [(20, 20, "mg"), (40, 40, "mg")]
    assert amounts("A 1.5% or 3% solution is used.") == [(1.5, 1.5, "%"), (3, 3, "%")]


@pytest.mark.parametrize(
    "text",
    [
        "For patients weighing 40-60 kg, dosing differs.",
        "If creatinine clearance is 30-59 mL/min, reduce the dose.",
        "If CrCl ≤30 mL/min, use caution.",
        "With an eGFR below 45 mL/min/1.73 m², avoid use.",
        "Keep glucose under 180 mg/dL.",
        "Target levels are 10-20 mcg/mL.",
        "Reduce the dose by 50%.",
        "Give 25-30% of the normal dose.",
        "Side effects occur in 10% of patients.",
        "The syrup contains 125 mg/5 mL.",
        "Keep LVEF >50%.",
        "Stop if a 5% weight loss is not achieved after 12 weeks.",
    ],
)
def test_not_doses(text: str) -> None:
    assert amounts(text) == []


def test_limits_keep_the_number_and_are_flagged() -> None:
    (d,) = got("Do not exceed 4 g per day.")
    assert (d.minimum, d.maximum, d.unit, d.is_limit, d.frequency) == (4, 4, "g/d", True, "daily")
    (d,) = got("Increase up to a maximum of 120 mg once daily.")
    assert (d.minimum, d.maximum, d.is_limit) == (120, 120, True)
    (d,) = got("Maximum daily dose is usually 150 mg.")
    assert d.is_limit
    (d,) = got("The usual dose is 20 mg.")
    assert not d.is_limit


@pytest.mark.parametrize(
    ("text", "freq"),
    [
        ("Take 300 mg twice daily (BID).", "twice daily"),
        ("Take 300 mg BID.", "twice daily"),
        ("Take 600 mg once daily (OD).", "once daily"),
        ("Take 600 mg OD.", "once daily"),
        ("Take 25 mg three times a day.", "three times daily"),
        ("Take 25 mg TID.", "three times daily"),
        ("Take 25 mg QID.", "four times daily"),
        ("Take 20 mg every 8 hours.", "every 8 hours"),
        ("Take 20 mg every 4-6 hours.", "every 4-6 hours"),
        ("Take 1000 mcg daily or weekly.", "daily or weekly"),
        ("Take 30 mcg once weekly.", "weekly"),
        ("Take 80 mg daily.", "daily"),
        ("Take 10 mg at bedtime.", "at bedtime"),
    ],
)
def test_frequency_is_normalised_once(text: str, freq: str) -> None:
    (d,) = got(text)
    assert d.frequency == freq


def test_frequency_of_each_amount_is_its_own() -> None:
    ds = got("The typical oral dosage is 300 mg twice daily (BID) or 600 mg once daily (OD).")
    assert [(d.minimum, d.frequency) for d in ds] == [(300, "twice daily"), (600, "once daily")]


def test_route_from_label_sentence_and_single_document_route() -> None:
    ds = got(
        "* **Oral Administration (Tablets):** 1000 mcg to 2000 mcg daily.\n"
        "* **Intramuscular (IM) Injection:** 100 mcg to 1000 mcg weekly.\n"
    )
    assert [(d.minimum, d.route) for d in ds] == [(1000, Route.ORAL), (100, Route.INTRAMUSCULAR)]
    (d,) = got("Initially 1.25 mg intravenously, then as needed.\n\nSome also take it orally.")
    assert d.route is Route.INTRAVENOUS
    (d,) = got("Testdrug is administered subcutaneously.\n\n**Pediatric Dosage:** 2 mg/kg twice daily.")
    assert d.route is Route.SUBCUTANEOUS


def test_route_of_a_negated_label_is_not_used() -> None:
    ds = got("Take one tablet.\n\n**IV Administration:** Not given IV; the oral dose is 10 mg.")
    assert [d.route for d in ds] == [Route.ORAL]


def test_no_route_when_the_text_gives_none() -> None:
    (d,) = got("Typically starts at 25 mg once daily.")
    assert d.route is None


def test_population_from_labels_and_context() -> None:
    ds = got(
        "**Adult Dosage:**\n\n* **GERD:** 20 mg twice daily.\n\n"
        "**Pediatric Dosage:**\n\n* **GERD:** 0.5 mg/kg daily.\n\n"
        "**Elderly:** 10 mg daily.\n"
    )
    assert [(d.minimum, d.population) for d in ds] == [
        (20, Population.ADULT),
        (0.5, Population.CHILD),
        (10, Population.ELDERLY),
    ]


def test_strengths_of_a_combination_tie_ingredients() -> None:
    ds = got(
        "**Oral Administration:** Strengths such as 400 mcg folic acid + 1000 mcg cyanocobalamin are common.\n\n"
        "**IM:** Dosage may range from 100-1000mcg for cyanocobalamin and 1-5mg for folic acid.",
        title="Folic Acid + Cyanocobalamin",
    )
    assert [(d.minimum, d.maximum, d.unit, d.route, d.ingredient) for d in ds] == [
        (400, 400, "ug", Route.ORAL, "Folic Acid"),
        (1000, 1000, "ug", Route.ORAL, "Cyanocobalamin"),
        (100, 1000, "ug", Route.INTRAMUSCULAR, "Cyanocobalamin"),
        (1, 5, "mg", Route.INTRAMUSCULAR, "Folic Acid"),
    ]


def test_unit_code() -> None:
    assert doses.unit_code("mcg/kg/day") == ("ug/kg/d", 1.0)
    assert doses.unit_code("international units") == ("[iU]", 1.0)
    assert doses.unit_code("mL/min") is None


def test_evidence_quotes_the_sentence() -> None:
    (d,) = got("Dosing varies. Adults take 50 mg daily.")
    assert d.evidence[0].quote == "Adults take 50 mg daily."
    assert d.evidence[0].line == 7
