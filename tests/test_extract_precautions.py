"""Tests for contraindications, precautions, interactions and pregnancy categories."""

from __future__ import annotations

from kg.extract.precautions import extract
from kg.model import Contraindication, Interaction, Population, Precaution, PregnancyCategory, Section
from kg.parse import parse

HEAD = "---\ntitle: Examplol\n---\n\n# Examplol\n\n"


def facts(body: str, title: str = "Examplol") -> list[object]:
    text = HEAD.replace("Examplol", title) + body
    return list(extract(parse(text, "t.md", "t")))


def contra(body: str, title: str = "Examplol") -> dict[str, Population | None]:
    return {f.condition: f.population for f in facts(body, title) if isinstance(f, Contraindication)}


def test_label_sentence_split_into_conditions() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Examplol is contraindicated in patients with severe renal "
        "impairment, hepatic failure, or a history of angioedema.\n"
    )
    assert set(got) == {"severe renal impairment", "hepatic failure", "history of angioedema"}
    assert got["severe renal impairment"] is Population.RENAL_IMPAIRMENT
    assert got["history of angioedema"] is None


def test_label_with_list_items_and_vague_head_examples() -> None:
    got = contra(
        "### Precautions\n\n**Contraindications:**\n\n* Known hypersensitivity to examplol or any of its components.\n"
        "* Pregnancy.\n* Children under 12 years of age.\n\n**Warnings:**\n\n* Nothing here.\n"
    )
    assert got == {
        "hypersensitivity to examplol": None,
        "pregnancy": Population.PREGNANCY,
        "children under 12 years of age": Population.CHILD,
    }


def test_shared_head_and_examples_of_vague_conditions() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Examplol is contraindicated in patients with certain heart "
        "conditions (e.g., severe bradycardia, sick sinus syndrome), severe liver or kidney disease, and "
        "hypersensitivity to either examplol or cilnidipine.\n"
    )
    assert set(got) == {
        "severe bradycardia",
        "sick sinus syndrome",
        "severe liver disease",
        "severe kidney disease",
        "hypersensitivity to examplol",
        "hypersensitivity to cilnidipine",
    }
    assert got["severe liver disease"] is Population.HEPATIC_IMPAIRMENT


def test_subject_frames_and_pronoun_allergy() -> None:
    got = contra(
        "### Precautions\n\n"
        "* **Allergies:** Do not take examplol if you are allergic to it or any of its ingredients.\n"
        "* **Other:** People with certain conditions, such as severe asthma, or those allergic to penicillin, should "
        "not take it.\n"
        "* **Pregnancy and Breastfeeding:** It is excreted in breast milk, so breastfeeding is contraindicated while "
        "taking this medicine.\n"
    )
    assert set(got) == {"allergy to examplol", "severe asthma", "allergy to penicillin", "breastfeeding"}
    assert got["breastfeeding"] is Population.BREASTFEEDING


def test_drug_use_contraindication_is_also_an_interaction() -> None:
    fs = facts(
        "### Precautions\n\n* **Contraindications:** Examplol should not be used by those currently taking "
        "monoamine oxidase inhibitors (MAOIs) – a type of antidepressant.\n"
    )
    assert Contraindication("use of monoamine oxidase inhibitors") in fs
    assert Interaction("monoamine oxidase inhibitors") in fs


def test_cautions_are_precautions_not_contraindications() -> None:
    fs = facts(
        "### Precautions\n\n* **Liver or Kidney Disease:** Individuals with liver or kidney disease should use "
        "examplol with caution.\n"
        "* **Elderly:** Older adults may be more sensitive to side effects.\n"
        "* **Heart:** Use with caution in patients with heart failure.\n"
    )
    assert not [f for f in fs if isinstance(f, Contraindication)]
    pre = {(f.topic, f.population) for f in fs if isinstance(f, Precaution)}
    assert ("liver or kidney disease", Population.HEPATIC_IMPAIRMENT) in pre
    assert ("liver or kidney disease", Population.RENAL_IMPAIRMENT) in pre
    assert ("elderly", Population.ELDERLY) in pre
    assert ("heart failure", None) in pre


def test_not_recommended_unless_is_a_caution_but_plain_is_a_contraindication() -> None:
    got = contra(
        "### Dosage\n\n**Children:** The safety in children under 16 years has not been established, and its use "
        "is generally not recommended in this population.\n\n"
        "### Precautions\n\n* **Pregnancy:** Examplol is not recommended during pregnancy unless clearly needed.\n"
    )
    assert got == {"children": Population.CHILD}


def test_negations_disclaimers_and_non_product_avoidance_yield_nothing() -> None:
    got = contra(
        "### Precautions\n\n* **Alcohol:** Avoid alcohol while taking this medication.\n"
        "* **Eyes:** Avoid contact with eyes.\n"
        "* **Antacids:** While not strictly contraindicated, antacids may reduce absorption.\n"
        "* **Heart:** Women with heart disease should avoid pregnancy.\n\n"
        "This information should not be used as a substitute for medical advice.\n"
    )
    assert got == {}


def test_interactions_named_and_vague() -> None:
    fs = facts(
        "### Precautions\n\n* **Drug Interactions:** Examplol can interact with many other medications, including "
        "warfarin, MAO inhibitors, and certain herbal supplements. Inform your doctor about all medications.\n"
        "* **Alcohol:** Avoid alcohol while taking this medication.\n"
    )
    agents = {f.agent for f in fs if isinstance(f, Interaction)}
    assert agents == {"warfarin", "mao inhibitors", "alcohol"}


def test_pregnancy_category_anywhere_with_evidence() -> None:
    fs = facts(
        "### Usage\n\nExamplol treats pain.\n\n### Precautions\n\n* **Pregnancy and Breastfeeding:** Examplol is a "
        "Category C pregnancy drug.\n\n### FAQs\n\n* **Q: Is it safe in pregnancy?** A: It is FDA pregnancy "
        "category C.\n"
    )
    cats = [f for f in fs if isinstance(f, PregnancyCategory)]
    assert [c.letter for c in cats] == ["C"]
    ev = cats[0].evidence[0]
    assert ev.section is Section.PRECAUTIONS
    assert ev.quote == "Pregnancy and Breastfeeding: Examplol is a Category C pregnancy drug."
    assert ev.line == 13
    assert ev.file == "t.md"


def test_category_needs_pregnancy_context() -> None:
    fs = facts("### Usage\n\nExamplol belongs to category B of antibiotics.\n")
    assert not [f for f in fs if isinstance(f, PregnancyCategory)]


def test_contraindication_evidence_quotes_the_sentence() -> None:
    fs = facts(
        "### Precautions\n\n* **Contraindications:** Use with caution in asthma. Examplol must not be used in "
        "patients with porphyria.\n"
    )
    c = [f for f in fs if isinstance(f, Contraindication)]
    assert [x.condition for x in c] == ["porphyria"]
    assert c[0].evidence[0].quote == "Examplol must not be used in patients with porphyria."
    assert c[0].evidence[0].section is Section.PRECAUTIONS


def test_interaction_agents_lose_the_sentence_punctuation() -> None:
    from kg.extract.precautions import _tidy_agent

    assert [_tidy_agent(a) for a in ["alcohol)", "alcohol?", "(warfarin", "MAO inhibitors (MAOIs)"]] == [
        "alcohol",
        "alcohol",
        "warfarin",
        "MAO inhibitors (MAOIs)",
    ]


def test_sentence_words_are_not_interaction_agents() -> None:
    from kg.extract.precautions import _NOT_AGENT

    assert [
        a
        for a in ["potential interactions", "potentially increasing", "others", "warfarin", "MAO inhibitors"]
        if not _NOT_AGENT.search(a)
    ] == ["warfarin", "MAO inhibitors"]


def test_frames_with_an_adverb_a_person_after_to_or_a_time_of_use() -> None:
    """ "Should also not be used", "should not be given to children", and "breastfeeding is not
    recommended during treatment" (the time of use follows, so the subject is what is advised
    against); "should avoid X during treatment" still names X, not its subject."""
    got = contra(
        "### Precautions\n\n* It should also not be used in the first trimester of pregnancy or during "
        "breastfeeding.\n* It should not be given to children.\n* It should not be applied to the eyes.\n"
    )
    assert got == {
        "pregnancy": Population.PREGNANCY,
        "breastfeeding": Population.BREASTFEEDING,
        "children": Population.CHILD,
    }
    got = contra("### Precautions\n\n* Breastfeeding is not recommended during treatment and for 8 weeks after.\n")
    assert got == {"breastfeeding": Population.BREASTFEEDING}
    assert (
        contra(
            "### Precautions\n\n* Patients should be up to date on vaccines and should avoid live vaccines "
            "during treatment.\n"
        )
        == {}
    )


def test_taken_within_weeks_names_the_first_object_and_reasons_are_cut() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Do not use examplol if you are currently taking a monoamine "
        "oxidase inhibitor (MAOI) or have taken one within the past two weeks. Use is not recommended in "
        "patients with severe kidney disease, as blood levels of examplol can increase. It should not be "
        "given to children without explicit guidance from a pediatrician, particularly without a weight-based "
        "dose.\n"
    )
    assert got == {
        "use of monoamine oxidase inhibitor": None,
        "severe kidney disease": Population.RENAL_IMPAIRMENT,
        "children": Population.CHILD,
    }


def test_coordinated_adjectives_share_the_head_and_a_phrase_after_or_stands_alone() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Examplol is contraindicated in patients with hypersensitivity "
        "(allergy) to any of its components or to flavonoids; systemic or local bacterial, fungal, or viral "
        "infections; active sepsis or at high risk of sepsis; before or after surgery; or serious trauma.\n"
    )
    assert set(got) == {
        "hypersensitivity to flavonoids",
        "systemic bacterial infections",
        "local bacterial infections",
        "fungal infections",
        "viral infections",
        "active sepsis",
        "before surgery",
        "after surgery",
        "serious trauma",
    }


def test_more_frames_that_advise_against_use() -> None:
    """ "X is also a contraindication", "should absolutely not take", "avoid <product> during",
    "use during X is discouraged", "not recommended to take this medication while", "should not
    normally be prescribed" and "the use of <product> in X"; avoiding something else is no
    contraindication, and "you're allergic to X" names the allergy."""
    got = contra(
        "### Precautions\n\n* Pregnancy is also a contraindication.\n"
        "* Avoid examplol during breastfeeding.\n"
        "* Children should not normally be prescribed this medication.\n"
        "* The use of examplol in elderly patients is generally discouraged in favor of other agents.\n"
        "* Avoid examplol if you're allergic to aspirin.\n"
        "* Avoid alcohol during treatment. Avoid accumulation of the drug in the body.\n"
    )
    assert set(got) == {"pregnancy", "breastfeeding", "children", "elderly patients", "allergy to aspirin"}
    got = contra(
        "### Precautions\n\n* Use during pregnancy is generally discouraged.\n"
        "* It is generally not recommended to take this medication while breastfeeding.\n"
        "* Patients should absolutely not take this medication if they have glaucoma.\n"
    )
    assert set(got) == {"pregnancy", "breastfeeding", "glaucoma"}


def test_a_period_or_an_age_group_named_by_this_takes_the_label_population() -> None:
    got = contra("### Precautions\n\n* **Pregnancy:** It's recommended to avoid its use during these periods.\n")
    assert got == {"pregnancy": Population.PREGNANCY}
    got = contra("### Precautions\n\n* **Children:** Use in this age group is not recommended.\n")
    assert got == {"children": Population.CHILD}


def test_examples_of_a_disease_head_are_contraindications_too() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Examplol should not be used by those with severe "
        "inflammatory bowel diseases (such as Crohn's disease, ulcerative colitis) or hypersensitivity to "
        "excipients (such as lactose).\n"
    )
    assert set(got) == {
        "severe inflammatory bowel diseases",
        "crohn's disease",
        "ulcerative colitis",
        "hypersensitivity to excipients",
    }


def test_a_sentence_that_opens_a_list_gives_its_items_not_its_last_word() -> None:
    got = contra(
        "### Precautions\n\nExamplol is contraindicated in individuals with:\n\n* Adrenal insufficiency.\n"
        "* Existing or history of cervical cancer.\n\nIt is also contraindicated in several conditions, "
        "including:\n\n* Unexplained vaginal bleeding\n"
    )
    assert set(got) == {
        "adrenal insufficiency",
        "existing cervical cancer",
        "history of cervical cancer",
        "unexplained vaginal bleeding",
    }


def test_coordinations_that_share_a_word_across_the_or() -> None:
    got = contra(
        "### Precautions\n\n* **Contraindications:** Examplol is contraindicated in patients with second- or "
        "third-degree AV block, history of serious ventricular or atrial arrhythmias, history of/active breast "
        "cancer, active cardiac, pulmonary, or hepatic disease, and uncontrolled hypertension or cardiac "
        "arrhythmias.\n"
    )
    assert set(got) == {
        "second-degree av block",
        "third-degree av block",
        "history of serious ventricular arrhythmias",
        "atrial arrhythmias",
        "history of breast cancer",
        "active breast cancer",
        "active cardiac disease",
        "pulmonary disease",
        "hepatic disease",
        "uncontrolled hypertension",
        "cardiac arrhythmias",
    }


def test_this_population_stands_for_the_population_named_before_it() -> None:
    got = contra(
        "### Dosage\n\nThe safety of Examplol in children under 17 has not been established, and its use is not "
        "recommended in this age group. Its pharmacokinetics have not been evaluated in patients with severe "
        "hepatic impairment. It should not be used in this population.\n"
    )
    assert got == {"children": Population.CHILD, "hepatic impairment": Population.HEPATIC_IMPAIRMENT}
    # a non-population anaphor does not borrow a population
    assert contra("### Precautions\n\nChildren may react. Avoid use in these cases.\n") == {}


def test_not_indicated_for_use_in_a_population_but_not_for_a_disease() -> None:
    assert contra("### Precautions\n\nExamplol is not indicated for use in children.\n") == {
        "children": Population.CHILD
    }
    assert contra("### Precautions\n\nExamplol is not indicated for asthma.\n") == {}


def test_either_drug_of_a_combination_is_the_product() -> None:
    got = contra(
        "### Precautions\n\n* **Allergies:** Do not use Fooazole or Barzole if you have a known allergy to either "
        "drug or any of their components.\n",
        title="Fooazole + Barzole",
    )
    assert set(got) == {"allergy to fooazole + barzole"}
