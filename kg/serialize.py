"""Serialize triples to files: N-Quads, N-Triples, Turtle, TriG and compact JSON-LD, byte-stable."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import terms as T
from kg.mapping import Triple


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


def _curie(iri: str) -> str | None:
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
_U8 = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    body = _U8.sub(lambda m: chr(int(m.group(1), 16)), body).replace("\\'", "'")
    return str(json.loads(f'"{body}"'))


class JsonLdWriter:
    """Writes triples as one compact JSON-LD document against the project's context."""

    def __init__(self) -> None:
        self.names = _term_names()
        self.types = T.VALUE_TYPES
        self.ctx = context()

    def _iri_value(self, iri: str) -> str:
        return _curie(iri) or iri

    def _value(self, prop: str, term: str) -> Any:
        kind = self.types.get(prop)
        if term.startswith("<"):
            iri = term[1:-1]
            return self._iri_value(iri) if kind == "@id" else {"@id": iri}
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
        if kind is None:
            return text
        return {"@value": text}

    def node(self, subject: str, triples: Iterable[Triple]) -> dict[str, Any]:
        obj: dict[str, Any] = {"@id": subject[1:-1]}
        types: list[str] = []
        props: dict[str, list[Any]] = {}
        for _, p, o in triples:
            prop = p[1:-1]
            if prop == T.TYPE and o.startswith("<"):
                types.append(self._iri_value(o[1:-1]))
                continue
            key = self.names.get(prop) or _curie(prop) or prop
            props.setdefault(key, []).append(self._value(prop, o))
        if types:
            obj["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(props):
            vals = props[key]
            obj[key] = vals[0] if len(vals) == 1 else vals
        return obj

    def nodes(self, triples: Sequence[Triple]) -> list[str]:
        """One JSON object per subject of sorted triples, each on one line."""
        out: list[str] = []
        i, n = 0, len(triples)
        while i < n:
            subject = triples[i][0]
            j = i
            while j < n and triples[j][0] == subject:
                j += 1
            out.append(json.dumps(self.node(subject, triples[i:j]), ensure_ascii=False, separators=(",", ":")))
            i = j
        return out


# --- files ----------------------------------------------------------------------------------


class Staging:
    """Files written beside their targets and renamed over them only when all are complete,
    so an interrupted export leaves the previous output whole."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pending: list[tuple[Path, Path]] = []
        self.scratch: list[Path] = []

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
        self._clean()

    def abort(self) -> None:
        for tmp, _ in self.pending:
            with suppress(FileNotFoundError):
                tmp.unlink()
        self.pending.clear()
        self._clean()

    def _clean(self) -> None:
        for tmp in self.scratch:
            with suppress(FileNotFoundError):
                tmp.unlink()
        self.scratch.clear()


@dataclass(frozen=True, slots=True)
class Rendered:
    """One monograph's graph rendered for every format, so the writer only concatenates.

    ``local`` holds the triples whose subject belongs to this monograph alone; ``shared``
    those about concepts that other monographs may state too, merged once at the end.
    """

    nquads: str
    ntriples: str
    jsonld: str
    shared: tuple[Triple, ...]


def render(graph: str, triples: Sequence[Triple], local_prefixes: tuple[str, ...], formats: frozenset[Format]) -> Rendered:
    """Render one named graph's sorted triples."""
    local = [t for t in triples if t[0].startswith(local_prefixes)]
    shared = tuple(t for t in triples if not t[0].startswith(local_prefixes))
    nq = ""
    if formats & {Format.NQUADS, Format.TRIG}:
        nq = "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples)
    nt = ""
    if formats & {Format.NTRIPLES, Format.TURTLE}:
        nt = "".join(f"{s} {p} {o} .\n" for s, p, o in local)
    js = ""
    if Format.JSONLD in formats:
        js = ",\n".join(_WRITER.nodes(local))
    return Rendered(nq, nt, js, shared)


class Writer:
    """Streams rendered graphs into staged files, then adds the shared triples and derived formats."""

    def __init__(self, directory: Path, formats: Iterable[Format], staging: Staging) -> None:
        self.directory = directory
        self.formats = frozenset(formats)
        self.staging = staging
        self.shared: set[Triple] = set()
        self.paths: dict[Format, Path] = {}
        self._nq = self._nt = self._js = None
        self._js_first = True
        if self.formats & {Format.NQUADS, Format.TRIG}:
            self._nq, self._nq_tmp = self._open(Format.NQUADS)
        if self.formats & {Format.NTRIPLES, Format.TURTLE}:
            self._nt, self._nt_tmp = self._open(Format.NTRIPLES)
        if Format.JSONLD in self.formats:
            self._js, _ = self._open(Format.JSONLD)
            self._js.write('{\n"@context": ')
            self._js.write(json.dumps(_WRITER.ctx["@context"], ensure_ascii=False, separators=(",", ":")))
            self._js.write(',\n"@graph": [')

    def _open(self, fmt: Format) -> tuple[Any, Path]:
        if fmt in self.formats:
            handle, tmp = self.staging.open(fmt.filename)
            self.paths[fmt] = self.directory / fmt.filename
            return handle, tmp
        # a format needed only to derive another one goes to a scratch file
        fd, tmp = tempfile.mkstemp(prefix=f".{fmt.filename}.", suffix=".tmp", dir=self.directory)
        self.staging.scratch.append(Path(tmp))
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), Path(tmp)

    def close(self) -> None:
        """Close every stream still open (after a failure; finish() closes them itself)."""
        for handle in (self._nq, self._nt, self._js):
            if handle is not None and not handle.closed:
                handle.close()

    def add(self, r: Rendered) -> None:
        if self._nq is not None:
            self._nq.write(r.nquads)
        if self._nt is not None:
            self._nt.write(r.ntriples)
        if self._js is not None and r.jsonld:
            self._js.write("\n" if self._js_first else ",\n")
            self._js.write(r.jsonld)
            self._js_first = False
        self.shared.update(r.shared)

    def finish(self, default_graph: Sequence[Triple]) -> dict[Format, Path]:
        """Write the shared and default-graph triples, derive Turtle and TriG, close every file."""
        tail = sorted(self.shared | set(default_graph))
        if self._nq is not None:
            self._nq.write("".join(f"{s} {p} {o} .\n" for s, p, o in sorted(default_graph)))
            self._nq.close()
        if self._nt is not None:
            self._nt.write("".join(f"{s} {p} {o} .\n" for s, p, o in tail))
            self._nt.close()
        if self._js is not None:
            nodes = _WRITER.nodes(tail)
            if nodes:
                self._js.write("\n" if self._js_first else ",\n")
                self._js.write(",\n".join(nodes))
            self._js.write("\n]\n}\n")
            self._js.close()
        prefixes = dict(T.PREFIXES)
        if Format.TURTLE in self.formats:
            handle, _ = self.staging.open(Format.TURTLE.filename, "wb")
            with handle:
                quads = ox.parse(path=str(self._nt_tmp), format=ox.RdfFormat.N_TRIPLES)
                ox.serialize((q.triple for q in quads), handle, ox.RdfFormat.TURTLE, prefixes=prefixes)
            self.paths[Format.TURTLE] = self.directory / Format.TURTLE.filename
        if Format.TRIG in self.formats:
            handle, _ = self.staging.open(Format.TRIG.filename, "wb")
            with handle:
                quads = ox.parse(path=str(self._nq_tmp), format=ox.RdfFormat.N_QUADS)
                ox.serialize(quads, handle, ox.RdfFormat.TRIG, prefixes=prefixes)
            self.paths[Format.TRIG] = self.directory / Format.TRIG.filename
        return dict(sorted(self.paths.items(), key=lambda kv: kv[0].value))


_WRITER = JsonLdWriter()
