"""Tests for the indication extractor on small monographs written for the test."""

from __future__ import annotations

from kg.extract.indications import extract
from kg.model import Indication, Relation, Section
from kg.parse import parse


def _page(usage: str, title: str = "Testamine", extra: str = "") -> list[Indication]:
    text = (
        f"---\nlayout: minimal-medicine\ntitle: {title}\n---\n# {title}\n\n"
        f"### Usage\n\n{usage}\n\n### Dosage\n\nTake 10 mg daily.\n{extra}"
    )
    return [f for f in extract(parse(text, "t.md", "t")) if isinstance(f, Indication)]


def _names(facts: list[Indication]) -> set[str]:
    return {f.condition for f in facts}


def test_used_to_treat_with_gloss_dropped() -> None:
    facts = _page("Testamine is a medicine used to treat high blood pressure (hypertension) in adults.")
    assert _names(facts) == {"high blood pressure"}
    f = facts[0]
    assert f.relation is Relation.TREATS
    assert f.evidence[0].section is Section.USAGE
    assert f.evidence[0].line == 9
    assert "used to treat" in f.evidence[0].quote


def test_list_in_sentence_is_split() -> None:
    facts = _page("It is used to treat hypertension, angina, and certain heart rhythm problems.")
    assert _names(facts) == {"hypertension", "angina", "heart rhythm problems"}


def test_treat_and_prevent_gives_both_relations() -> None:
    facts = _page("Its primary use is in the treatment and prevention of vitamin B12 deficiency.")
    assert {(f.condition, f.relation) for f in facts} == {
        ("vitamin b12 deficiency", Relation.TREATS),
        ("vitamin b12 deficiency", Relation.PREVENTS),
    }


def test_complications_mechanisms_and_negations_are_left_out() -> None:
    facts = _page(
        "Testamine is used to treat vitamin B12 deficiency. This deficiency can lead to pernicious anemia. "
        "It plays a role in DNA synthesis. "
        "It is not a cure for HIV and is not approved for the treatment of fibromyalgia."
    )
    assert _names(facts) == {"vitamin b12 deficiency"}


def test_examples_after_such_as_and_including() -> None:
    facts = _page(
        "It is also used in treating conditions with abnormally high stomach acid production, such as "
        "Zollinger-Ellison syndrome. It treats COPD, including chronic bronchitis and emphysema."
    )
    assert {"zollinger-ellison syndrome", "chronic bronchitis", "emphysema", "copd"} <= _names(facts)


def test_gerund_list_after_uses_include_takes_each_relation() -> None:
    facts = _page(
        "Its main applications include preventing ulcers, managing reflux disease, and controlling the "
        "symptoms of heartburn and indigestion."
    )
    rel = {f.condition: f.relation for f in facts}
    assert rel == {
        "ulcers": Relation.PREVENTS,
        "reflux disease": Relation.TREATS,
        "heartburn": Relation.TREATS,
        "indigestion": Relation.TREATS,
    }


def test_vaccine_prevents() -> None:
    facts = _page("Testavax is a vaccine designed to prevent measles and provides protection against rubella.")
    assert {(f.condition, f.relation) for f in facts} == {
        ("measles", Relation.PREVENTS),
        ("rubella", Relation.PREVENTS),
    }


def test_diagnostic_use() -> None:
    facts = _page("Testamine is a contrast agent used in the diagnosis of gallbladder disease.")
    assert {(f.condition, f.relation) for f in facts} == {("gallbladder disease", Relation.DIAGNOSES)}


def test_labelled_list_items_name_conditions() -> None:
    usage = (
        "Testamine is used to treat serious infections. These infections can include:\n\n"
        "* **Respiratory tract infections:** Pneumonia, lung abscesses, and other lung infections.\n"
        "* **Skin infections:** Severe skin infections like cellulitis and abscesses.\n"
        "* **Prevention of blood clots after surgery:** Particularly after hip replacement.\n"
    )
    facts = _page(usage)
    names = _names(facts)
    assert {"respiratory tract infections", "pneumonia", "lung abscesses", "skin infections", "cellulitis"} <= names
    clot = next(f for f in facts if f.condition == "blood clots after surgery")
    assert clot.relation is Relation.PREVENTS
    assert clot.evidence[0].line == 13


def test_component_items_are_not_conditions() -> None:
    usage = (
        "This combination is used to relieve cold symptoms:\n\n"
        "* **Testamine:** A decongestant that shrinks swollen vessels.\n"
        "* **Otherol:** An antihistamine used to relieve sneezing and runny nose.\n"
    )
    names = _names(_page(usage, title="Testamine + Otherol"))
    assert "testamine" not in names and "otherol" not in names
    assert {"sneezing", "runny nose"} <= names


def test_coordinated_adjectives_stay_with_their_noun() -> None:
    names = _names(_page("It helps to relieve runny nose, sneezing, and itchy, watery eyes."))
    assert names == {"runny nose", "sneezing", "itchy watery eyes"}


def test_shared_head_is_distributed() -> None:
    names = _names(_page("It is used for the treatment of duodenal and gastric ulcers."))
    assert names == {"duodenal ulcers", "gastric ulcers"}


def test_per_component_usage_sections() -> None:
    text = (
        "---\ntitle: Alpha + Beta\n---\n# Alpha + Beta\n\n### Usage (Alpha)\n\nAlpha is used to treat anxiety.\n\n"
        "### Usage (Beta)\n\nBeta is used to manage insomnia.\n"
    )
    facts = [f for f in extract(parse(text, "t.md", "t")) if isinstance(f, Indication)]
    assert {(f.condition, f.evidence[0].line) for f in facts} == {("anxiety", 8), ("insomnia", 12)}


def test_page_without_usage_section_uses_explicit_sentences() -> None:
    text = "---\ntitle: Gamma\n---\n# Gamma\n\nGamma is a tablet used to treat migraine. It is white.\n"
    facts = [f for f in extract(parse(text, "t.md", "t")) if isinstance(f, Indication)]
    assert _names(facts) == {"migraine"}
    assert facts[0].evidence[0].section is Section.OTHER


def test_drug_named_in_object_is_not_a_condition() -> None:
    usage = "While used for bacterial infections, piperacillin/tazobactam may also be considered."
    assert _names(_page(usage, title="Tazobactam")) == {"bacterial infections"}


def test_disease_types_keep_their_number_and_nouns_are_not_verbs() -> None:
    from kg.parse import parse

    text = (
        "---\ntitle: Repaglinide + Metformin\n---\n### Usage\n"
        "It is used to treat type 2 diabetes mellitus and various types of bacterial infections. "
        "It works on blood sugar control from two different angles.\n"
    )
    names = [f.condition for f in extract(parse(text, "t.md", "t"))]
    assert names == ["type 2 diabetes mellitus", "bacterial infections"]


def test_use_words_need_the_whole_word_for() -> None:
    """The use word "active" needs the word "for": "the active form of folate" names no condition."""
    assert _page("Testamine is the active form of folate (vitamin B9), crucial for cell division.") == []
    assert _names(_page("Testamine is active against streptococcal infections.")) == {"streptococcal infections"}


def test_what_a_use_is_is_not_a_condition() -> None:
    """Relief, an adjunct role, the verb of a list's lead-in, a count of conditions or a
    formulation name no condition; the conditions beside them are kept."""
    assert _page("It is used for symptomatic relief; it does not cure the infection.") == []
    assert _page("Its primary use is as an adjunct to general anesthesia.") == []
    assert _page("It is used to treat deficiencies in these vitamins.") == []
    assert _names(_page("While used for acne, some formulations might be used as a cleanser.")) == {"acne"}
    facts = _page("It is used to treat two distinct conditions:\n\n* Hypertension\n* Angina")
    assert _names(facts) == {"hypertension", "angina"}


def test_names_that_point_elsewhere_or_compare_are_not_conditions() -> None:
    """Names such as "these conditions", "listed above" or "than either drug" name nothing by
    themselves, so no condition is made of them; the conditions beside them are kept."""
    assert _page("It reduces the risk of serious complications from these conditions.") == []
    assert _page("It is used to treat the conditions listed above.") == []
    facts = _page("It treats acne. It treats acne more effectively than either drug alone.")
    assert _names(facts) == {"acne"}


def test_head_is_kept_when_the_tail_says_where_from() -> None:
    """In "pain from various sources", "infections in other parts of the body", "pain stemming from
    injuries", a clause after "once" or an unspaced dash: the condition is what comes before."""
    facts = _page(
        "It is used to relieve acute pain from various sources. It treats CMV infections in other parts of "
        "the body. It relieves muscle pain stemming from injuries, such as sprains. It treats a migraine "
        "attack once it has started. It treats ventricular arrhythmias\u2014irregular heartbeats."
    )
    assert _names(facts) == {
        "acute pain",
        "cmv infections",
        "muscle pain",
        "sprains",
        "migraine attack",
        "ventricular arrhythmias",
    }
    assert _page("It is used to treat the presence of other health conditions.") == []


def test_condition_names_that_look_like_other_words() -> None:
    """ "Essential" is advice only outside "essential tremor"; "open" is a verb only before a
    space; "moderately to severely active" is a span of severity, not a clause at "to"."""
    facts = _page(
        "It is sometimes used off-label to treat essential tremor. It is used to treat open-angle glaucoma. "
        "Its primary use is in the management of moderately to severely active rheumatoid arthritis."
    )
    assert _names(facts) == {"essential tremor", "open-angle glaucoma", "active rheumatoid arthritis"}
    assert _page("It is used for essential fatty acids.") == []


def test_specifically_introduces_examples_and_numbered_kinds_share_their_head() -> None:
    facts = _page(
        "It is used to treat bacterial infections of the eye, specifically conjunctivitis. "
        "It is used to treat type 1 and type 2 diabetes and stages 3 and 4 chronic kidney disease."
    )
    assert _names(facts) == {
        "bacterial infections of the eye",
        "conjunctivitis",
        "type 1 diabetes",
        "type 2 diabetes",
        "stage 3 chronic kidney disease",
        "stage 4 chronic kidney disease",
    }
    assert _names(_page("It is specifically designed to treat acne.")) == {"acne"}


def test_a_bare_list_keeps_what_the_vocabularies_call_a_disorder() -> None:
    """A list item's gloss is read as conditions only where each is one: by a word that names
    a condition, or by being a disease or phenotype of MONDO, HPO or ICD-10-CM (boils, jock
    itch) rather than an ICD-10-CM circumstance (a surgical procedure)."""
    facts = _page("Common infections treated include:\n\n* **Skin infections:** Boils, jock itch, surgical procedures.")
    assert _names(facts) == {"skin infections", "boils", "jock itch"}


def test_used_to_reduce_names_a_condition_only_when_its_object_is_one() -> None:
    facts = _page(
        "It is primarily used to reduce excessive salivation (sialorrhea) in children. It is used to reduce "
        "the size of the gland. It is used to lower the risk of stroke. It is sometimes used to reverse "
        "muscle relaxants."
    )
    assert {(f.condition, f.relation) for f in facts} == {
        ("excessive salivation", Relation.TREATS),
        ("stroke", Relation.PREVENTS),
    }


def test_remission_frames_lead_into_the_condition_and_weight_ends_it() -> None:
    facts = _page(
        "It is indicated for inducing remission in patients with active ulcerative colitis. It is also indicated "
        "for maintaining remission in adults and children weighing at least 10 kg."
    )
    assert _names(facts) == {"active ulcerative colitis"}


def test_the_sentence_after_a_use_lists_its_examples() -> None:
    """ "These infections commonly include X, Y": the examples of a use are uses, when they are
    conditions; a lead-in shares its head with labelled items ("infections of the:")."""
    facts = _page(
        "It treats bacterial infections in pigs. These infections commonly include ileitis (inflammation of "
        "the ileum), colitis, and pneumonia. These benefits include improved energy."
    )
    assert _names(facts) == {"bacterial infections in pigs", "ileitis", "colitis", "pneumonia"}
    facts = _page(
        "Its primary use is in treating bacterial infections. These include infections of the:\n\n"
        "* **Respiratory Tract:** Infections like pneumonia and sinusitis.\n"
    )
    assert {"infections of respiratory tract", "pneumonia", "sinusitis"} <= _names(facts)


def test_who_is_protected_may_stand_between_the_verb_and_against() -> None:
    facts = _page(
        "This vaccine is used to actively immunize infants and children up to 2 years of age against five "
        "diseases: diphtheria, tetanus, and pertussis (whooping cough)."
    )
    assert {(f.condition, f.relation) for f in facts} == {
        ("diphtheria", Relation.PREVENTS),
        ("tetanus", Relation.PREVENTS),
        ("pertussis", Relation.PREVENTS),
    }


def test_helpful_in_conditions_an_antidote_and_this_includes() -> None:
    facts = _page(
        "It is used to treat COPD. This includes conditions like chronic bronchitis and emphysema. It is "
        "particularly helpful in conditions like cystic fibrosis. It is also used as an antidote in "
        "acetaminophen overdose. It is effective in patients with small, radiolucent gallstones, whether or "
        "not they have symptoms."
    )
    assert _names(facts) == {"copd", "chronic bronchitis", "emphysema", "cystic fibrosis", "acetaminophen overdose"}


def test_examples_after_a_label_are_conditions_only_when_they_name_one() -> None:
    facts = _page(
        "Its uses include:\n\n* **Eye irritation:** It relieves redness and itching caused by irritants such "
        "as dust, wind, or smoke.\n* **Sports injuries:** It relieves pain in injuries such as sprains and "
        "bruises.\n"
    )
    assert {"eye irritation", "redness", "itching", "sprains", "bruises"} <= _names(facts)
    assert not {"dust", "wind", "smoke"} & _names(facts)


def test_helps_reduce_names_conditions_only() -> None:
    facts = _page(
        "An antihistamine, it helps to reduce runny nose, sneezing, and watery eyes caused by allergies. "
        "It helps reduce the size of the spleen."
    )
    assert _names(facts) == {"runny nose", "sneezing", "watery eyes"}


def test_the_condition_the_patients_have_is_treated_too() -> None:
    facts = _page(
        "It is used to treat bronchospasm in patients with chronic obstructive pulmonary disease (COPD), "
        "including chronic bronchitis and emphysema. It lowers blood pressure in patients with kidney impairment."
    )
    assert {(f.condition, f.relation) for f in facts} == {
        ("bronchospasm", Relation.TREATS),
        ("chronic obstructive pulmonary disease", Relation.TREATS),
        ("chronic bronchitis", Relation.TREATS),
        ("emphysema", Relation.TREATS),
    }


def test_conditions_in_parentheses_after_the_use_frame() -> None:
    facts = _page(
        "In patients with cirrhosis (a liver disease), Testamine treats serious bacterial infections of the "
        "respiratory tract (pneumonia, bronchitis), the skin (like cellulitis or abscesses) and the bloodstream "
        "(septicemia). It is used to treat high blood pressure (hypertension) and chronic obstructive pulmonary "
        "disease (COPD), and for infections (to counteract infection-related diarrhea)."
    )
    names = _names(facts)
    assert {"pneumonia", "bronchitis", "cellulitis", "abscesses", "septicemia"} <= names
    # a gloss of a name already read, an abbreviation, a purpose and a parenthesis before the
    # use frame add nothing
    assert not names & {"hypertension", "copd", "liver disease", "infection-related diarrhea"}
