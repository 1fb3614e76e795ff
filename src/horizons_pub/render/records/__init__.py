"""The records a build sends beyond its editions: the Crossref deposit (``crossref.py``) and the ONIX 3.0
products of the EPUB and the print edition (``onix.py``), from the model and the laid-out pages."""
