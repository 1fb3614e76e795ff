"""``horizons-pub archive``: the BagIt bag of an issue (RFC 8493) that a library can keep and verify for decades.

``<out>/<issue>/archive/`` holds, under ``data/``:

- ``<name>.pdf`` — the archival PDF: the screen PDF, made as PDF/A-3a with the PDF/UA-1 identification, its
  source files attached; manifest.json calls it PDF/A-3a and PDF/UA-1 only when veraPDF passed it;
- ``<name>-print.pdf`` — the print master (PDF/X-4 as the build makes it; not validated as PDF/X);
- ``<name>.epub`` — the e-reader edition; its accessibility conformance declared only after a passing
  DAISY Ace run, whose report is in ``reports/ace/``;
- ``source/<issue>/`` — the source folder as it was built;
- ``reports/`` — what each validator said (veraPDF, EPUBCheck, DAISY Ace);
- ``metadata/dublin-core.xml`` and ``metadata/manifest.json``.

The modules: command.py (main: build, validate, decide, bag), validation.py (the external validators),
preflight.py (horizons-pub's own checks), metadata.py (Dublin Core, manifest.json), bag.py (BagIt, bag-info).
"""

from .command import main  # noqa: F401
