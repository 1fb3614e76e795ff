"""The source document model: the nodes (``nodes``), the traversals beside them (``walk``),
who signs what (``bylines``), the issue's identity (``identity``) and the
words the editions print that the source does not give (``fr``)."""
