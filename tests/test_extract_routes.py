"""Routes of administration and dosage forms read from small monographs."""

from __future__ import annotations

from kg.extract import routes
from kg.model import Document, DosageForm, Route, RouteFact, Section
from kg.parse import parse


def doc(dosage: str, title: str = "Testdrug", extra: str = "") -> Document:
    return parse(f"---\ntitle: {title}\n---\n\n## Dosage\n\n{dosage}\n{extra}", "t.md", "t")


def found(d: Document) -> set[Route]:
    return {f.route for f in routes.extract(d) if isinstance(f, RouteFact)}


def forms(d: Document) -> set[str]:
    return {f.form for f in routes.extract(d) if isinstance(f, DosageForm)}


def test_stated_routes_and_abbreviations() -> None:
    d = doc("The usual dose is given orally. It may also be given IM or SC; IV infusion is used in hospital.")
    assert found(d) == {Route.ORAL, Route.INTRAMUSCULAR, Route.SUBCUTANEOUS, Route.INTRAVENOUS}


def test_negated_route_is_left_out() -> None:
    d = doc("This medication is taken orally. It is not typically administered intravenously.")
    assert found(d) == {Route.ORAL}


def test_coordinated_negation_covers_every_route() -> None:
    d = doc("This is a topical gel and is not intended for oral or intravenous use.")
    assert found(d) == {Route.TOPICAL}


def test_post_negation_and_unlikely() -> None:
    d = doc("Oral and IV administration of this combination are unlikely. It's typically administered orally.")
    assert found(d) == {Route.ORAL}
    d = doc("Parenteral (e.g., intravenous, IM) administration of this specific combination is unlikely.")
    assert found(d) == set()


def test_less_common_is_still_a_route() -> None:
    d = doc("Oral formulations (tablets, syrup) and IV forms may exist but are not common for this combination.")
    assert found(d) == {Route.ORAL, Route.INTRAVENOUS}


def test_label_with_na_statement_gives_no_route() -> None:
    d = doc(
        "* **Oral Administration:** One tablet twice daily.\n"
        "* **IV Administration:** Testdrug is not typically administered intravenously. "
        "The components are available separately as intravenous medications.\n"
        "* **IM:** N/A\n"
    )
    assert found(d) == {Route.ORAL}


def test_label_names_the_route() -> None:
    d = doc("* **IM Injection:** 1 mL into the deltoid.\n* **Duodenal Ulcer (Oral):** 40 mg at bedtime.\n")
    assert found(d) == {Route.INTRAMUSCULAR, Route.ORAL}


def test_other_route_in_negated_label_block_counts() -> None:
    d = doc(
        "**IV Administration:** Somatropin is not typically administered intravenously. "
        "Subcutaneous injection is the standard route."
    )
    assert found(d) == {Route.SUBCUTANEOUS}


def test_form_implies_route() -> None:
    assert found(doc("Take one tablet daily.")) == {Route.ORAL}
    assert found(doc("Apply the cream twice daily.")) == {Route.TOPICAL}
    assert found(doc("Use two puffs from the inhaler.")) == {Route.INHALATION}
    assert found(doc("Insert one suppository at night.")) == {Route.RECTAL}
    assert found(doc("Insert one vaginal suppository at night.")) == {Route.VAGINAL}
    assert found(doc("Instil one drop of the eye drops into the affected eye.")) == {Route.OPHTHALMIC}
    assert found(doc("Apply a thin layer to the affected area.")) == {Route.TOPICAL}


def test_eye_ointment_is_not_topical() -> None:
    assert found(doc("Available as eye drops or an ointment for the eye.")) == {Route.OPHTHALMIC}


def test_non_route_uses() -> None:
    d = doc("Interacts with oral contraceptives. May relieve nasal congestion. Stage IV disease needs care.")
    assert found(d) == set()


def test_other_drug_route_is_not_the_product_route() -> None:
    d = doc("Apply the cream once. Combination therapy with oral ivermectin is often recommended.")
    assert found(d) == {Route.TOPICAL}


def test_routes_outside_dosage_only_as_fallback() -> None:
    usage = "\n## Usage\n\nTestdrug is given intravenously in hospital.\n"
    d = parse(f"---\ntitle: T\n---\n\n## Dosage\n\nAs directed by your physician.\n{usage}", "t.md", "t")
    assert found(d) == {Route.INTRAVENOUS}
    d = parse(f"---\ntitle: T\n---\n\n## Dosage\n\nTake one tablet daily.\n{usage}", "t.md", "t")
    assert found(d) == {Route.ORAL}


def test_per_component_sections() -> None:
    text = "---\ntitle: A + B\n---\n\n## Dosage (A)\n\nA is given orally.\n\n## Dosage (B)\n\nB is applied topically.\n"
    assert found(parse(text, "t.md", "t")) == {Route.ORAL, Route.TOPICAL}


def test_dosage_forms_are_singular_lowercase() -> None:
    d = doc("Available as Extended-Release Tablets, capsules, eye drops and an oral suspension.")
    assert forms(d) == {"extended-release tablet", "capsule", "eye drops", "oral suspension"}


def test_negated_form_is_left_out() -> None:
    assert "injection" not in forms(doc("Take one capsule daily. It is not available as an injection."))


def test_evidence_points_at_the_sentence() -> None:
    d = doc("Dosing varies. The drug is given intramuscularly once a month.")
    (fact,) = [f for f in routes.extract(d) if isinstance(f, RouteFact)]
    assert fact.evidence[0].section is Section.DOSAGE
    assert fact.evidence[0].quote == "The drug is given intramuscularly once a month."
    assert fact.evidence[0].line == 7


def test_own_dose_a_dose_limit_and_patches_of_skin() -> None:
    """A route before "dose" ("begins with an oral dose") is this product's; "not exceeding 4 doses a day" limits a
    dose and rules no route out; "patches of skin" are skin, not a transdermal patch."""
    assert found(doc("Treatment begins with an oral dose of 12.5 mg once daily.")) == {Route.ORAL}
    d = doc("* **End of life (IV/SubQ):** 0.2 mg every 4-8 hours, not exceeding 4 doses a day.")
    assert found(d) == {Route.INTRAVENOUS, Route.SUBCUTANEOUS}
    d = doc("* **Topical lotion:** Apply once a day to the white patches of skin.")
    assert found(d) == {Route.TOPICAL}
    assert "patch" not in forms(d)


def test_oral_inhalation_is_inhalation_and_the_title_states_a_route() -> None:
    d = doc("Inhale 15 mcg twice daily via oral inhalation (nebulization solution).")
    assert found(d) == {Route.INHALATION}
    d = parse(
        "---\ntitle: Oral Rehydration Solution\n---\n\n## Dosage\n\nDrink 200 mL after each stool.\n", "t.md", "t"
    )
    assert found(d) == {Route.ORAL}
    (fact,) = [f for f in routes.extract(d) if isinstance(f, RouteFact)]
    assert fact.evidence[0].line == 2 and fact.evidence[0].quote == "Oral Rehydration Solution"
