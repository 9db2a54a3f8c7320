"""Parsing: front matter, sections and their heading variants, blocks with lines, FAQ forms."""

from __future__ import annotations

import pytest

from kg.model import BlockKind, Section, Severity
from kg.parse import ParseError, classify_heading, decode, parse

PAGE = """---
layout: minimal-medicine
title: Examplamine
---

# Examplamine
### Generic Name
Examplamine

### Usage
Examplamine is used to treat hypertension.

### Dosage
* **Oral Administration (Tablets):** 10 mg once daily.
    * Children: 5 mg once daily.

### Side Effects
**Common Side Effects:**
* Nausea

### How it Works
It relaxes blood vessels.

### Precautions
* **Pregnancy:** Avoid.

### FAQs
* **Q: Can I drink alcohol?** A: Avoid it.

**Disclaimer:** This is not medical advice.
"""


def test_sections_and_lines() -> None:
    doc = parse(PAGE, "ex.md", "ex")
    assert doc.title == "Examplamine"
    assert [s.section for s in doc.sections] == [
        Section.GENERIC_NAME,
        Section.USAGE,
        Section.DOSAGE,
        Section.SIDE_EFFECTS,
        Section.HOW_IT_WORKS,
        Section.PRECAUTIONS,
        Section.FAQS,
    ]
    usage = doc.section(Section.USAGE)[0]
    assert usage.line == 10
    assert usage.blocks[0].line == 11
    dosage = doc.blocks(Section.DOSAGE)
    assert dosage[0].label == "Oral Administration (Tablets)"
    assert dosage[0].rest == "10 mg once daily."
    assert (dosage[0].line, dosage[0].depth) == (14, 1)
    assert dosage[1].depth == 2 and dosage[1].parent == dosage[0].text and dosage[1].line == 15
    effects = doc.blocks(Section.SIDE_EFFECTS)
    assert effects[0].label == "Common Side Effects" and effects[0].kind is BlockKind.PARAGRAPH
    assert effects[1].text == "Nausea" and effects[1].line == 19


def test_faq_and_disclaimer_kept_apart() -> None:
    doc = parse(PAGE, "ex.md", "ex")
    assert [(q.question, q.answer, q.line) for q in doc.faqs] == [("Can I drink alcohol?", "Avoid it.", 28)]
    assert [n.label for n in doc.notes] == ["Disclaimer"]
    assert all("Disclaimer" not in b.text for b in doc.blocks(Section.FAQS))


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Generic Name", (Section.GENERIC_NAME, None, None)),
        ("Side Effects:", (Section.SIDE_EFFECTS, None, None)),
        (
            "Generic Name: Alprazolam + Fluoxetine (Combination Therapy)",
            (Section.GENERIC_NAME, None, "Alprazolam + Fluoxetine (Combination Therapy)"),
        ),
        ("Usage: Cetirizine is an antihistamine.", (Section.USAGE, None, "Cetirizine is an antihistamine.")),
        ("Usage (Alprazolam)", (Section.USAGE, "Alprazolam", None)),
        ("Acebrophylline Usage", (Section.USAGE, "Acebrophylline", None)),
        ("FAQs (Combined Use)", (Section.FAQS, None, None)),
        ("Dosage (Not Applicable)", (Section.DOSAGE, None, None)),
        ("Alprazolam", (None, "Alprazolam", None)),
    ],
)
def test_heading_variants(heading: str, expected: tuple[object, ...]) -> None:
    assert classify_heading(heading) == expected


FAQ_FORMS = {
    "A": "* **Q: Is it safe?** A: Yes, mostly.\n",
    "B": "**Q: Is it safe?**\nA: Yes, mostly.\n",
    "C": "* **Q: Is it safe?**\n    * A: Yes, mostly.\n",
    "C-italic": "* **Q: Is it safe?**\n    *A: Yes, mostly.\n",
    "D": "* **Is it safe?** Yes, mostly.\n",
    "E": "**Q: Is it safe?** A: Yes, mostly.\n",
    "F": "**Q: Is it safe?** Yes, mostly.\n",
}


@pytest.mark.parametrize("form", sorted(FAQ_FORMS))
def test_faq_forms(form: str) -> None:
    text = f"---\ntitle: X\n---\n# X\n### FAQs\n\n{FAQ_FORMS[form]}\n**Disclaimer:** Not advice.\n"
    doc = parse(text, "x.md", "x")
    assert [(q.question, q.answer) for q in doc.faqs] == [("Is it safe?", "Yes, mostly.")]
    assert doc.faqs[0].line == 7


def test_bold_pseudo_headings_and_components() -> None:
    text = """---
title: A + B
---
# A + B
### Alpha

**Usage:** Alpha is used to treat gout.

**Side Effects:**

* Rash

### Beta

**Usage:** Beta is used to treat pain.
"""
    doc = parse(text, "ab.md", "ab")
    usage = doc.section(Section.USAGE)
    assert [(s.component, s.blocks[0].text, s.blocks[0].line) for s in usage] == [
        ("Alpha", "Alpha is used to treat gout.", 7),
        ("Beta", "Beta is used to treat pain.", 15),
    ]
    assert doc.section(Section.SIDE_EFFECTS)[0].component == "Alpha"
    assert doc.blocks(Section.SIDE_EFFECTS)[0].text == "Rash"


def test_mojibake_repaired_with_warning() -> None:
    text, problems = decode("---\ntitle: X\n---\nItâ€™s fine.\n".encode(), "x.md")
    assert "It’s fine." in text
    assert [(p.code, p.line) for p in problems] == [("mojibake", 4)]


def test_curly_quotes_are_kept() -> None:
    text, problems = decode("It’s “quoted” – fine.\n".encode(), "x.md")
    assert text == "It’s “quoted” – fine.\n" and problems == []


def test_latin1_and_bom_and_crlf() -> None:
    text, problems = decode(b"\xef\xbb\xbf---\r\ntitle: Caf\xe9\r\n---\r\n", "x.md")
    assert text == "---\ntitle: Café\n---\n"
    assert {p.code for p in problems} == {"bom", "not-utf8"}


def test_unreadable_content_raises_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        parse(b"", "empty.md", "empty")
    assert str(info.value) == "empty.md:1: error: file is empty [empty]"
    with pytest.raises(ParseError) as info:
        parse(b"\x00\x01\x02binary", "bin.md", "bin")
    assert info.value.problem.code == "binary"


def test_front_matter_problems_name_their_line() -> None:
    doc = parse(
        "---\ntitle: [unclosed\n---\n# Heading\n### Usage\nText.\n### Dosage\nX.\n### Side Effects\n* Y\n", "y.md", "y"
    )
    err = [p for p in doc.problems if p.severity is Severity.ERROR]
    assert [str(p) for p in err] == [
        "y.md:3: error: front matter is not valid YAML: did not find expected ',' or ']' [front-matter-yaml]"
    ]
    assert doc.title == "Heading"
    assert any(p.code == "title-missing" for p in doc.problems)


def test_markdown_without_front_matter_or_sections_is_not_a_monograph() -> None:
    with pytest.raises(ParseError) as info:
        parse("# Notes\n\nSome text about the collection.\n", "README.md", "README")
    assert info.value.problem.code == "not-monograph"


@pytest.mark.parametrize(
    ("line", "text", "lead"),
    [
        ("* **Common:** headache, *mild* nausea", "Common: headache, mild nausea", "Common:"),
        ("* ***H. pylori* infection:** triple therapy", "H. pylori infection: triple therapy", "H. pylori infection:"),
        ("* H<sub>2</sub>O and CO<sub>2</sub> &gt; 5", "H2O and CO2 > 5", None),
        ("* Use `as directed`, 5 \\* 2 times", "Use as directed, 5 * 2 times", None),
        ("* an _underlined_ word and snake_case_name", "an underlined word and snake_case_name", None),
        ("* **unclosed bold and *A: stray star", "**unclosed bold and *A: stray star", None),
    ],
)
def test_inline_markup_to_plain_text(line: str, text: str, lead: str | None) -> None:
    doc = parse(f"---\ntitle: X\n---\n### Usage\n{line}\n", "x.md", "x")
    block = doc.blocks(Section.USAGE)[0]
    assert (block.text, block.lead) == (text, lead)
