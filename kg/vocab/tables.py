"""The route codes the project keeps, and the lay words the vocabularies name only inside a
longer label.

The route codes the project keeps: no installable package ships the FDA route list (NCI
Thesaurus) or SNOMED CT's route concepts, so this is the one small hand-kept table.

Each route of kg.model.Route maps to its NCI Thesaurus code from the FDA Structured Product
Labeling route list, its SNOMED CT "... route" concept, and the MeSH heading for giving a drug
that way. A field is left empty where the code could not be checked against a published
list; MeSH headings are names only, resolved to descriptor IDs from the MeSH package when the
lexicon is built, so no MeSH ID is typed here.
"""

from __future__ import annotations

from kg.model import Route

# route: (NCIt C-code, SNOMED CT concept id, MeSH heading)
ROUTE_CODES: dict[Route, tuple[str, str, str]] = {
    Route.ORAL: ("C38288", "26643006", "Administration, Oral"),
    Route.SUBLINGUAL: ("C38300", "37839007", "Administration, Sublingual"),
    Route.BUCCAL: ("C38193", "54471007", "Administration, Buccal"),
    Route.INTRAMUSCULAR: ("C28161", "78421000", "Injections, Intramuscular"),
    Route.INTRAVENOUS: ("C38276", "47625008", "Administration, Intravenous"),
    Route.SUBCUTANEOUS: ("C38299", "34206005", "Injections, Subcutaneous"),
    Route.INTRADERMAL: ("C38238", "372464004", "Injections, Intradermal"),
    Route.TOPICAL: ("C38304", "6064005", "Administration, Topical"),
    Route.TRANSDERMAL: ("C38305", "45890007", ""),
    Route.OPHTHALMIC: ("C38287", "54485002", "Administration, Ophthalmic"),
    Route.OTIC: ("C38192", "10547007", ""),
    Route.NASAL: ("C38284", "46713006", "Administration, Intranasal"),
    Route.INHALATION: ("C38216", "", "Administration, Inhalation"),
    Route.RECTAL: ("C38295", "37161004", "Administration, Rectal"),
    Route.VAGINAL: ("C38313", "16857009", "Administration, Intravaginal"),
    Route.INTRATHECAL: ("", "72607000", "Injections, Spinal"),
    Route.EPIDURAL: ("", "", "Injections, Epidural"),
    Route.INTRA_ARTICULAR: ("C38223", "12130007", "Injections, Intra-Articular"),
    Route.INTRAVITREAL: ("C38280", "", "Intravitreal Injections"),
    Route.INTRAVESICAL: ("", "", "Administration, Intravesical"),
    Route.INTRALESIONAL: ("C38250", "", "Injections, Intralesional"),
    Route.INTRAUTERINE: ("C38272", "62226000", ""),
    Route.INTRACAVERNOUS: ("C38230", "", ""),
    Route.INTRAPERITONEAL: ("C38258", "38239002", "Injections, Intraperitoneal"),
    Route.INTRA_ARTERIAL: ("C38222", "58100008", "Injections, Intra-Arterial"),
    Route.INTRAOSSEOUS: ("", "", "Infusions, Intraosseous"),
    Route.PERINEURAL: ("", "", "Nerve Block"),
    Route.INFILTRATION: ("", "", ""),
    Route.DENTAL: ("", "", ""),
    Route.OROMUCOSAL: ("", "", "Administration, Mucosal"),
    Route.ENTERAL: ("", "", "Enteral Nutrition"),
}


# Lay words of side effects that no vocabulary package lists on their own, each read as a close
# match (never an identity) of one term whose label or synonym, quoted here, contains it: the
# build checks that the term has that text in its package, and stops if not. Score 0.85 where
# the vocabulary's text is the lay word made specific by the place or the manner that a side
# effect implies, 0.8 where it names the usual clinical form of it; only the first are also read
# inside a longer mention ("swelling at the injection site").
# lay word: (CURIE, the term's label or synonym as its package writes it, score[, the one kind
# of mention, "effect" or "condition", it is read for when not both])
LAY_TERMS: dict[str, tuple[str, str, float] | tuple[str, str, float, str]] = {
    # HPO's broad synonym of Edema; "swelling" as an adverse effect is soft-tissue oedema
    "swelling": ("HP:0000969", "Soft tissue swelling", 0.85),
    # HPO's layperson synonym of Erythema
    "redness": ("HP:0010783", "Redness of skin or mucous membrane", 0.85),
    # a drug's "bleeding" is bleeding more than it should: HPO's Abnormal bleeding
    "bleeding": ("HP:0001892", "Abnormal bleeding", 0.85),
    # a drug's "bruising" is bruising easily: HPO's layperson synonym of Bruising susceptibility
    "bruising": ("HP:0000978", "Easy bruising", 0.85),
    # hepatotoxicity of a drug is drug-induced liver injury, MONDO's synonym
    "hepatotoxicity": ("MONDO:0005359", "drug induced hepatotoxicity", 0.85),
    # HPO's synonym of Dysuria, "painful or difficult urination"
    "difficulty urinating": ("HP:0100518", "Painful or difficult urination", 0.85),
    # QT prolongation is HPO's Prolonged QT interval
    "qt prolongation": ("HP:0001657", "Prolonged QT interval", 0.85),
    # skin irritation from a drug on the skin is irritant contact dermatitis
    "skin irritation": ("MONDO:0006564", "irritant dermatitis", 0.85),
    # HPO's Scaling skin (synonym "Desquamation")
    "scaling": ("HP:0040189", "Scaling skin", 0.85),
    "irritated skin": ("MONDO:0006564", "irritant dermatitis", 0.85),
    # an indication "cold" is the common cold (MONDO's own "cold" is an acronym of COPD, not
    # matched); a side effect "cold" may be feeling cold
    "cold": ("MONDO:0005709", "common cold", 0.8, "condition"),
    # HPO's synonym of Dysmenorrhea, "painful menstruation"
    "menstrual cramps": ("HP:0100607", "Painful menstruation", 0.85),
    # HPO's synonym of Nasal congestion, "stuffy nose"
    "stuffiness": ("HP:0001742", "Stuffy nose", 0.85),
    # the two words of MeSH's heading Sprains and Strains
    "sprain": ("MESH:D013180", "Sprains and Strains", 0.85),
    "muscle strain": ("MESH:D013180", "Sprains and Strains", 0.85),
    "strain": ("MESH:D013180", "Sprains and Strains", 0.8, "condition"),  # not a bacterial strain
    # MeSH's heading Wounds and Injuries
    "injury": ("MESH:D014947", "Wounds and Injuries", 0.85),
    # MeSH's heading Insect Bites and Stings
    "insect bite": ("MESH:D007299", "Insect Bites and Stings", 0.85),
    # a bruise is a contusion; a scrape an abrasion, ICD-10-CM's inclusion term
    "bruise": ("MESH:D003288", "Contusions", 0.85),
    "scrape": ("ICD10CM:T14.8", "Abrasion NOS", 0.85),
    # head lice is pediculosis capitis
    "head lice": ("HP:6000743", "Pediculosis capitis", 0.85),
    # a cut is a small laceration
    "cut": ("MESH:D022125", "Lacerations", 0.8),
    # "gas" as a complaint is flatulence (HPO: "passage of excessive amounts of gas")
    "gas": ("HP:0033589", "Flatulence", 0.8),
    # "congestion" in the monographs of cold remedies is a blocked nose; in the chest it is
    # not, so this one is read only as the whole mention
    "congestion": ("HP:0001742", "Nasal congestion", 0.8),
    # a yeast infection is candidiasis, MONDO's "Candida infection"
    "yeast infection": ("MONDO:0002026", "Candida infection", 0.85),
    # MONDO's sexually transmitted disease
    "sexually transmitted infection": ("MONDO:0021681", "sexually transmitted disease", 0.85),
}
