"""The project's error tree: every failure the library raises on purpose is a KgError."""

from __future__ import annotations


class KgError(Exception):
    """Root of the project's errors; the CLI turns these into a message and exit status."""


class InputError(KgError):
    """An input file or folder cannot be used; the message names it (and the line when known)."""


class NothingExported(KgError):
    """No monograph could be exported from the sources given."""


class StrictModeError(KgError):
    """Problems were found and strict mode makes any problem fatal."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run; the message gives line and column when known."""


class DataError(KgError):
    """An export to query or load is missing or unreadable."""
