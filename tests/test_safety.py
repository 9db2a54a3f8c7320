"""Output safety: hostile titles, text and file names can neither inject triples nor break
any output format. Each generated monograph is exported in all five formats and read back
with two independent parsers, rdflib and pyoxigraph, which must agree on one graph."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef

from kg import terms as T
from kg.export import export
from kg.mapping import Options
from kg.parse import parse
from kg.query import RDF_FORMATS
from kg.serialize import Format

RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EXAMPLES = int(os.environ.get("KG_SAFETY_EXAMPLES", "25"))

# Pieces chosen to break a careless writer: the characters the issue names, quoting and
# escaping of every format, line breaks, bidi controls, and whole injection attempts.
HOSTILE = [
    "<",
    ">",
    '"',
    "{",
    "}",
    "|",
    "\\",
    "^",
    "`",
    "\n",
    "\r",
    "\t",
    "'",
    "@",
    "#",
    "%",
    ":",
    ";",
    ".",
    "[",
    "]",
    "(",
    ")",
    "😀",
    "👩‍⚕️",
    "עברית",
    "العربية",
    "\u202e",
    "\u200b",
    "\u2028",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    '" . <http://x/a> <http://x/b> <http://x/c> .',
    '"""',
    "'''",
    '"@en',
    '"^^<http://x/t>',
    "_:b0",
    '","@id":"http://x/"}',
    "}]}",
    "\\u0022",
    '\\"',
    "</script>",
    "<script>alert(1)</script>",
    "%0A",
    "%3E",
]
_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), _char), min_size=1, max_size=12).map("".join)
# File names: anything a Linux name can hold except "/" and NUL; hidden names are not read.
file_names = (
    st.lists(
        st.one_of(
            st.sampled_from([h for h in HOSTILE if "/" not in h]),
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda n: not n.startswith(".") and len(os.fsencode(n)) < 200)
)


def monograph(title: str, words: list[str]) -> bytes:
    """A monograph whose title and text are hostile; the title is written as YAML would."""
    one_line = [w.replace("\n", " ").replace("\r", " ") for w in words]
    front = yaml.safe_dump({"layout": "minimal-medicine", "title": title}, allow_unicode=True)
    body = "\n".join(
        [
            f"# {one_line[0]}",
            "### Usage",
            f"It is used to treat {one_line[0]} and {one_line[-1]}.",
            "### Dosage",
            f"* **Adults:** 10 mg orally once daily for {one_line[0]}.",
            "### Side Effects",
            *(f"* {w}" for w in one_line),
            "### How it Works",
            f"It blocks {one_line[-1]}.",
            "### Precautions",
            f"* **{one_line[0]}:** use with caution.",
            "### FAQs",
            f"* **Q: Is {one_line[0]} safe?** A: {one_line[-1]}",
            "",
        ]
    )
    return f"---\n{front}---\n{body}".encode()


Term = tuple[str, ...]


def _from_rdflib(term: object) -> Term:
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        return ("lit", str(term), str(term.datatype or XSD_STRING) if not term.language else "", term.language or "")
    raise AssertionError(f"unexpected term {term!r} (a blank node?)")


def _from_ox(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return ("lit", term.value, term.datatype.value if not term.language else "", term.language or "")
    raise AssertionError(f"unexpected term {term!r} (a blank node?)")


def read_rdflib(path: Path) -> set[tuple[Term, Term, Term]]:
    fmt = RDFLIB[path.suffix[1:]]
    if fmt in ("nquads", "trig"):
        ds = Dataset()
        ds.parse(data=path.read_bytes(), format=fmt)
        triples = ((s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)))
    else:
        triples = iter(Graph().parse(data=path.read_bytes(), format=fmt))
    return {(_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in triples}


def read_ox(path: Path) -> set[tuple[Term, Term, Term]]:
    return {
        (_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object))
        for q in ox.parse(path=str(path), format=RDF_FORMATS[path.suffix])
    }


def export_one(name: str, data: bytes, out: Path) -> Path:
    src = out / "src"
    src.mkdir()
    (src / f"{name}.md").write_bytes(data)
    export([src], out / "out", list(Format), jobs=1)
    return out / "out"


# Words with a letter or digit: a punctuation-only side effect ("* ;") crashes the side
# effect extractor (tracked by test_fuzz.py::test_punctuation_only_side_effect_item).
words_with_text = hostile_text.filter(lambda w: any(c.isalnum() for c in w))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile_text, words=st.lists(words_with_text, min_size=1, max_size=5), name=file_names)
def test_hostile_monograph_round_trips_through_both_parsers(title: str, words: list[str], name: str) -> None:
    data = monograph(title, words)
    with tempfile.TemporaryDirectory() as tmp:
        out = export_one(name, data, Path(tmp))
        expected_title = parse(data, "x", "x").title  # what the library decided the title is
        graphs: dict[str, set[tuple[Term, Term, Term]]] = {}
        for fmt in Format:
            path = out / fmt.filename
            by_rdflib, by_ox = read_rdflib(path), read_ox(path)
            assert by_rdflib == by_ox, f"rdflib and pyoxigraph read {path.name} differently"
            graphs[fmt.value] = by_ox
    # Every format holds one and the same graph.
    reference = graphs["nq"]
    for fmt, triples in graphs.items():
        assert triples == reference, f"{fmt} differs from N-Quads"
    # Exactly one product, named by the title verbatim: nothing injected, nothing lost.
    products = {s for s, p, o in reference if p == ("iri", T.TYPE) and o == ("iri", T.PRODUCT)}
    assert len(products) == 1
    (product,) = products
    names = [o for s, p, o in reference if s == product and p == ("iri", T.NAME)]
    assert names == [("lit", expected_title, XSD_STRING, "")]
    # Every subject is one of ours or a vocabulary term a concept links to: no text became
    # a subject IRI of its own.
    base = Options().base
    matches = {("iri", T.SKOS + "exactMatch"), ("iri", T.SKOS + "closeMatch")}
    linked = {o for _, p, o in reference if p in matches}
    assert all(s[0] == "iri" and (s[1].startswith(base) or s in linked) for s, _, _ in reference)
    # The graph name and the product sit under the file's percent-encoded key.
    assert "\n" not in product[1] and " " not in product[1] and '"' not in product[1]


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(title=hostile_text)
def test_any_title_is_a_valid_literal_in_ntriples(title: str) -> None:
    """The cheap core of the property, many more examples: a title is one escaped literal."""
    from kg.mapping import lit

    term = lit(title)
    parsed = list(ox.parse(f"<http://x/s> <http://x/p> {term} .\n", format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == 1 and parsed[0].object.value == title
    g = Graph().parse(data=f"<http://x/s> <http://x/p> {term} .\n", format="nt")
    assert len(g) == 1 and str(next(iter(g))[2]) == title


def test_issue_titles_each_survive_verbatim(tmp_path: Path) -> None:
    """The titles the issue names, one by one (a newline is joined, as title-lines says)."""
    cases = [
        "a < b",
        "a > b",
        'say "hi"',
        "{x}",
        "a | b",
        "back\\slash",
        "x^2",
        "co`de",
        "line\nbreak",
        "pill 😀",
        "תרופה",
        "\u202edrug",
    ]
    for i, title in enumerate(cases):
        src = tmp_path / f"src{i}"
        src.mkdir()
        (src / "x.md").write_bytes(monograph(title, ["nausea"]))
        export([src], tmp_path / f"out{i}", [Format.TURTLE, Format.JSONLD], jobs=1)
        for fmt in ("ttl", "jsonld"):
            graph = read_ox(tmp_path / f"out{i}" / f"kg.{fmt}")
            assert graph == read_rdflib(tmp_path / f"out{i}" / f"kg.{fmt}")
            names = {o[1] for s, p, o in graph if p == ("iri", T.NAME) and s[1].endswith("/product/x")}
            assert names == {title.replace("\n", " ")}, fmt
