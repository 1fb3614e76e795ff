"""Each article as JATS 1.3 XML (the Journal Archiving and Interchange tag set), from the model:
docs/platforms.md (## JATS)."""

#: the schema every article's XML validates against (``support/xmlschemas.py``'s ``validate``): the
#: Archiving tag set's DTD, as NLM delivers it (schemas/jats/NOTICE.md)
JATS_SCHEMA = "jats/JATS-archivearticle1-3-mathml3.dtd"
