"""Concept normalisation and links to standard vocabularies (HPO, MONDO, MeSH, ChEBI, ICD-10-CM,
NCIt, SNOMED CT, UCUM).

``kg vocab build`` (kg.vocab.build, behind the ``vocab`` extra) compiles the vocabularies that
packages ship into one compact lexicon, ``data/lexicon.tsv.gz``; the exporter loads only that
(kg.vocab.lexicon) and links each concept by dictionary lookups of normalised terms.
"""
