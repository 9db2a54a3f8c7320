"""The product's ingredients, read from the title and repaired from the Generic Name line."""

from __future__ import annotations

from kg.extract import product
from kg.model import Ingredient
from kg.parse import parse


def _ingredients(title: str, generic: str = "") -> list[str]:
    body = f"### Generic Name\n\n{generic}\n\n" if generic else ""
    doc = parse(f"---\ntitle: {title}\n---\n\n{body}### Usage\n\nUsed for fatigue.\n", "t.md", "t")
    return [f.name for f in product.extract(doc) if isinstance(f, Ingredient)]


def test_combination_titles_give_one_ingredient_per_component() -> None:
    assert _ingredients("Folic Acid + Cyanocobalamin") == ["Folic Acid", "Cyanocobalamin"]
    assert _ingredients("Budesonide (Oral Inhalation)") == ["Budesonide"]
    assert _ingredients("Calcipotriol/Calcipotriene + Betamethasone") == ["Calcipotriol", "Betamethasone"]


def test_digits_a_damaged_title_lost_come_back_from_the_generic_name() -> None:
    got = _ingredients(
        "Coenzyme Q + Omega- + Vitamin B + Vitamin B + Selenium",
        "Coenzyme Q10 + Omega-3 Fatty Acids + Vitamin B6 + Vitamin B12 + Selenium",
    )
    assert got == ["Coenzyme Q10", "Omega-3", "Vitamin B6", "Selenium"]
    assert _ingredients("Coenzyme Q + Selenium") == ["Coenzyme Q", "Selenium"]  # nothing to repair from


def test_words_merged_where_a_synonym_lost_its_parentheses_are_cut_there() -> None:
    assert _ingredients("ThiamineVitamin B + Docosahexanoic acidDHA") == ["Thiamine", "Docosahexanoic acid"]
    # CamelCase names and trailing letters that belong to the name stay whole
    assert _ingredients("OnabotulinumtoxinA + Hepatitis B Vaccine rDNA") == [
        "OnabotulinumtoxinA",
        "Hepatitis B Vaccine rDNA",
    ]
