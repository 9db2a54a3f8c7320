"""The route codes the project keeps: no installable package ships the FDA route list (NCI
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
