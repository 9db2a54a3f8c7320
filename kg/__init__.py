"""kg: export drug monographs as an RDF knowledge graph."""

__version__ = "0.1.0"
