"""Serialize triples to files: N-Quads, N-Triples, Turtle, TriG and compact JSON-LD, byte-stable."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import terms as T
from kg.mapping import Triple

_TYPE = f"<{T.TYPE}>"


class Format(str, Enum):
    """The output formats, by the file each is written to."""

    TURTLE = "ttl"
    JSONLD = "jsonld"
    NTRIPLES = "nt"
    NQUADS = "nq"
    TRIG = "trig"

    @property
    def filename(self) -> str:
        return f"kg.{self.value}"


DEFAULT_FORMATS = (Format.TURTLE, Format.JSONLD)


# --- JSON-LD context ----------------------------------------------------------------------


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


_NAMESPACES = tuple(T.PREFIXES.values())


@lru_cache(maxsize=65536)
def _curie(iri: str) -> str | None:
    if not iri.startswith(_NAMESPACES):  # the graph's own nodes, most of the IRIs written
        return None
    for prefix, ns in T.PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if local and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return None


def _properties() -> list[str]:
    return sorted(set(T.VALUE_TYPES) | set(T.STRING_PROPERTIES))


def _term_names() -> dict[str, str]:
    """Property IRI -> JSON key: the local name, or the prefixed name when two vocabularies share one."""
    props = _properties()
    by_local: dict[str, list[str]] = {}
    for p in props:
        by_local.setdefault(_local(p), []).append(p)
    names: dict[str, str] = {}
    for local, group in by_local.items():
        for p in group:
            if len(group) == 1 or p.startswith(T.KG):
                names[p] = local
            else:
                names[p] = _curie(p) or p
    return names


def context() -> dict[str, Any]:
    """The JSON-LD context: prefixes, and a term for every property with how its values are typed."""
    ctx: dict[str, Any] = dict(sorted(T.PREFIXES.items()))
    names = _term_names()
    for p in _properties():
        kind = T.VALUE_TYPES.get(p)
        curie = _curie(p) or p
        term: Any = curie if kind is None else {"@id": curie, "@type": kind if kind == "@id" else _curie(kind)}
        ctx[names[p]] = term
    return {"@context": ctx}


# --- term parsing (N-Triples syntax back to parts) --------------------------------------------

_LITERAL = re.compile(r'^"(.*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))?$', re.S)


_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_SEQ = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf\"'\\])")


def _unescape(body: str) -> str:
    """The value of an N-Triples string body: each escape sequence read once, left to right."""
    if "\\" not in body:
        return body
    return _ESCAPE_SEQ.sub(lambda m: _ESCAPES.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), body)


class JsonLdWriter:
    """Writes triples as one compact JSON-LD document against the project's context."""

    def __init__(self) -> None:
        self.names = _term_names()
        self.types = T.VALUE_TYPES
        self.ctx = context()
        self._preds: dict[str, tuple[str, str | None]] = {}
        self._fragments: dict[tuple[str, str], str] = {}

    @staticmethod
    def _iri_value(iri: str) -> str:
        return _curie(iri) or iri

    def _pred(self, p: str) -> tuple[str, str | None]:
        """A predicate term's JSON key and value type, looked up once per predicate."""
        found = self._preds.get(p)
        if found is None:
            prop = p[1:-1]
            found = self._preds[p] = (self.names.get(prop) or _curie(prop) or prop, self.types.get(prop))
        return found

    def _value(self, kind: str | None, term: str) -> Any:
        """A term as the JSON value compact JSON-LD gives it under a key of value type ``kind``."""
        if term[0] == "<":
            iri = term[1:-1]
            return self._iri_value(iri) if kind == "@id" else {"@id": iri}
        if term[-1] == '"':  # a plain string, the common case
            text = _unescape(term[1:-1])
            return text if kind is None else {"@value": text}
        m = _LITERAL.match(term)
        if m is None:  # a blank node: the mapping never makes one
            return {"@id": term}
        text, datatype, lang = _unescape(m.group(1)), m.group(2), m.group(3)
        if lang:
            return {"@value": text, "@language": lang}
        if datatype and datatype != T.XSD + "string":
            if kind == datatype:
                return text
            return {"@value": text, "@type": self._iri_value(datatype)}
        return text if kind is None else {"@value": text}

    def _fragment(self, kind: str | None, term: str) -> str:
        """A value as JSON text, exactly as json.dumps writes what _value gives; IRIs cached."""
        if term[0] == "<":
            key = (kind or "", term)
            text = self._fragments.get(key)
            if text is None:
                text = _dumps(self._value(kind, term))
                if len(self._fragments) < 200_000:
                    self._fragments[key] = text
            return text
        if term[-1] == '"' and kind is None:
            return _json_string(_unescape(term[1:-1]))
        return _dumps(self._value(kind, term))

    def nodes(self, triples: Sequence[Triple]) -> list[str]:
        """One JSON object per subject of sorted triples, each on one line (what json.dumps of
        node() writes, built from cached pieces)."""
        out: list[str] = []
        fragment, pred = self._fragment, self._pred
        subject = None
        types: list[str] = []
        props: dict[str, list[str]] = {}
        for s, p, o in triples:
            if s != subject:
                if subject is not None:
                    out.append(_node_text(subject, types, props))
                subject, types, props = s, [], {}
            if p == _TYPE and o[0] == "<":
                types.append(_json_string(self._iri_value(o[1:-1])))
                continue
            key, kind = pred(p)
            vals = props.get(key)
            if vals is None:
                props[key] = [fragment(kind, o)]
            else:
                vals.append(fragment(kind, o))
        if subject is not None:
            out.append(_node_text(subject, types, props))
        return out


_json_string = json.encoder.encode_basestring


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _node_text(subject: str, types: list[str], props: dict[str, list[str]]) -> str:
    parts = ['{"@id":', _json_string(subject[1:-1])]
    if types:
        parts.append(',"@type":')
        parts.append(types[0] if len(types) == 1 else "[" + ",".join(types) + "]")
    for key in sorted(props):
        vals = props[key]
        parts.append(",")
        parts.append(_json_string(key))
        parts.append(":")
        parts.append(vals[0] if len(vals) == 1 else "[" + ",".join(vals) + "]")
    parts.append("}")
    return "".join(parts)


# --- files ----------------------------------------------------------------------------------


class Staging:
    """Files written beside their targets and renamed over them only when all are complete,
    so an interrupted export leaves the previous output whole."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pending: list[tuple[Path, Path]] = []

    def open(self, name: str, mode: str = "w") -> tuple[Any, Path]:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=self.directory)
        os.fchmod(fd, 0o644)
        handle = os.fdopen(fd, mode, encoding="utf-8", newline="\n") if "b" not in mode else os.fdopen(fd, mode)
        self.pending.append((Path(tmp), self.directory / name))
        return handle, Path(tmp)

    def commit(self) -> None:
        for tmp, final in self.pending:
            os.replace(tmp, final)
        self.pending.clear()

    def abort(self) -> None:
        for tmp, _ in self.pending:
            with suppress(FileNotFoundError):
                tmp.unlink()
        self.pending.clear()


_SAFE_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_TURTLE_NS = sorted(((ns, prefix) for prefix, ns in T.PREFIXES.items()), key=lambda x: -len(x[0]))
INDENT = "\t"


@lru_cache(maxsize=65536)
def _turtle_term(term: str) -> str:
    """An N-Triples term as Turtle: IRIs of the known vocabularies as prefixed names.

    N-Triples terms are valid Turtle as they stand, so only IRIs whose local part is a
    plain name are shortened and nothing else needs escaping.
    """
    if term.startswith("<"):
        iri = term[1:-1]
        for ns, prefix in _TURTLE_NS:
            if iri.startswith(ns) and _SAFE_LOCAL.fullmatch(iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return term
    if term.endswith(">") and '"^^<' in term:
        lexical, _, datatype = term.rpartition("^^")
        return f"{lexical}^^{_turtle_term(datatype)}"
    return term


def turtle(triples: Sequence[Triple], indent: str = "") -> str:
    """Sorted triples as Turtle statements, grouped by subject and predicate (no prefix lines)."""
    out: list[str] = []
    term = _turtle_term
    pred_sep = f" ;\n{indent}\t"
    subject = predicate = None
    preds: list[str] = []
    objs: list[str] = []
    for s, p, o in triples:
        if s != subject:
            if subject is not None:
                preds.append(f"{_verb(predicate)} {' , '.join(objs)}")
                out.append(f"{indent}{term(subject)} {pred_sep.join(preds)} .\n")
            subject, predicate, preds, objs = s, p, [], [term(o)]
        elif p != predicate:
            preds.append(f"{_verb(predicate)} {' , '.join(objs)}")
            predicate, objs = p, [term(o)]
        else:
            objs.append(term(o))
    if subject is not None:
        preds.append(f"{_verb(predicate)} {' , '.join(objs)}")
        out.append(f"{indent}{term(subject)} {pred_sep.join(preds)} .\n")
    return "".join(out)


def _verb(p: str | None) -> str:
    return "a" if p == _TYPE else _turtle_term(p or "")


def turtle_prefixes() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in T.PREFIXES.items()) + "\n"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One monograph's graph rendered for every format asked for, so the writer only concatenates.

    The dataset formats (N-Quads, TriG) get the monograph's whole named graph. The merged
    formats (Turtle, N-Triples, JSON-LD) get the triples whose subject belongs to this
    monograph; ``linked`` holds the graph's other triples (a shared concept pointing at this
    product), merged with the rest about that concept at the end. ``concepts`` holds the
    descriptions of shared concepts, which the writer states once, in the concepts graph.
    """

    nquads: str
    trig: str
    ntriples: str
    turtle: str
    jsonld: str
    linked: tuple[Triple, ...]
    concepts: tuple[Triple, ...]

    def texts(self) -> tuple[tuple[Format, str], ...]:
        """The texts that are appended as they are (JSON-LD needs separators between nodes)."""
        return (
            (Format.NQUADS, self.nquads),
            (Format.TRIG, self.trig),
            (Format.NTRIPLES, self.ntriples),
            (Format.TURTLE, self.turtle),
        )

    def without_texts(self) -> Rendered:
        return Rendered("", "", "", "", "", self.linked, self.concepts)


def render(
    graph: str,
    triples: Sequence[Triple],
    concepts: Iterable[Triple],
    local_prefixes: tuple[str, ...],
    formats: frozenset[Format],
) -> Rendered:
    """Render one named graph's sorted triples; pass on the concept descriptions for the writer."""
    local = [t for t in triples if t[0].startswith(local_prefixes)]
    linked = tuple(t for t in triples if not t[0].startswith(local_prefixes))
    nq = "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples) if Format.NQUADS in formats else ""
    trig = f"{_turtle_term(graph)} {{\n{turtle(triples, INDENT)}}}\n\n" if Format.TRIG in formats else ""
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in local) if Format.NTRIPLES in formats else ""
    ttl = turtle(local) if Format.TURTLE in formats else ""
    js = ",\n".join(_WRITER.nodes(local)) if Format.JSONLD in formats else ""
    return Rendered(nq, trig, nt, ttl, js, linked, tuple(concepts))


class Writer:
    """Streams rendered graphs into staged files, then adds the concepts and the default graph."""

    def __init__(self, directory: Path, formats: Iterable[Format], staging: Staging) -> None:
        self.formats = frozenset(formats)
        self.linked: set[Triple] = set()
        self.concepts: set[Triple] = set()
        self.handles: dict[Format, Any] = {}
        self.paths: dict[Format, Path] = {}
        self._js_first = True
        for fmt in sorted(self.formats, key=lambda f: f.value):
            self.handles[fmt], _ = staging.open(fmt.filename)
            self.paths[fmt] = directory / fmt.filename
        if Format.TURTLE in self.handles:
            self.handles[Format.TURTLE].write(turtle_prefixes())
        if Format.TRIG in self.handles:
            self.handles[Format.TRIG].write(turtle_prefixes())
        if Format.JSONLD in self.handles:
            js = self.handles[Format.JSONLD]
            js.write('{\n"@context": ')
            js.write(json.dumps(_WRITER.ctx["@context"], ensure_ascii=False, separators=(",", ":")))
            js.write(',\n"@graph": [')

    def close(self) -> None:
        """Close every stream still open (after a failure; finish() closes them itself)."""
        for handle in self.handles.values():
            if not handle.closed:
                handle.close()

    def _json(self, nodes: str) -> None:
        if nodes:
            self.handles[Format.JSONLD].write("\n" if self._js_first else ",\n")
            self.handles[Format.JSONLD].write(nodes)
            self._js_first = False

    def add(self, r: Rendered) -> None:
        h = self.handles
        for fmt, text in r.texts():
            if fmt in h and text:
                h[fmt].write(text)
        if Format.JSONLD in h:
            self._json(r.jsonld)
        self.linked.update(r.linked)
        self.concepts.update(r.concepts)

    def add_files(self, files: dict[Format, Path]) -> None:
        """Append the texts a worker wrote for a run of monographs (see kg.export.process_chunk)."""
        for fmt, path in files.items():
            if fmt not in self.handles:
                continue
            if path.stat().st_size:
                handle = self.handles[fmt]
                if fmt is Format.JSONLD:
                    handle.write("\n" if self._js_first else ",\n")
                    self._js_first = False
                _append(handle, path)
            path.unlink()

    def finish(self, concepts_graph: str, default_graph: Sequence[Triple]) -> dict[Format, Path]:
        """Write the concepts graph and the default graph, and close every file. The merged
        formats get every triple about a concept once, whichever monographs stated it."""
        tail = sorted(self.linked | self.concepts | set(default_graph))
        concepts = sorted(self.concepts)
        default = sorted(default_graph)
        h = self.handles
        if Format.NQUADS in h:
            h[Format.NQUADS].write("".join(f"{s} {p} {o} {concepts_graph} .\n" for s, p, o in concepts))
            h[Format.NQUADS].write("".join(f"{s} {p} {o} .\n" for s, p, o in default))
        if Format.TRIG in h:
            if concepts:
                h[Format.TRIG].write(f"{_turtle_term(concepts_graph)} {{\n{turtle(concepts, INDENT)}}}\n\n")
            h[Format.TRIG].write(turtle(default))
        if Format.NTRIPLES in h:
            h[Format.NTRIPLES].write("".join(f"{s} {p} {o} .\n" for s, p, o in tail))
        if Format.TURTLE in h:
            h[Format.TURTLE].write(turtle(tail))
        if Format.JSONLD in h:
            self._json(",\n".join(_WRITER.nodes(tail)))
            h[Format.JSONLD].write("\n]\n}\n")
        self.close()
        return dict(sorted(self.paths.items(), key=lambda kv: kv[0].value))


def _append(handle: Any, path: Path) -> None:
    """Append a file's bytes to an open output: copied inside the kernel where it can, which
    for the gigabyte of a whole collection's N-Quads is several times faster than reading
    and writing it through Python."""
    handle.flush()
    out = handle.fileno()
    with open(path, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        done = 0
        copy = getattr(os, "copy_file_range", None)  # Linux only
        try:
            while copy is not None and done < size:
                n = copy(src.fileno(), out, size - done)
                if n == 0:
                    break
                done += n
        except OSError:
            pass  # a file system or kernel without it: the rest goes through Python
        if done < size:
            src.seek(done)
            handle.buffer.flush()
            shutil.copyfileobj(src, handle.buffer, 1 << 20)
            handle.buffer.flush()


_WRITER = JsonLdWriter()
