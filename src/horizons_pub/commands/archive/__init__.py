"""``horizons-pub archive``: the BagIt bag of an issue (RFC 8493) that a library can keep and verify for decades.

``<out>/<issue>/archive/`` holds, under ``data/``:

- ``<name>.pdf`` — the archival PDF: the screen PDF, made as PDF/A-3a with the PDF/UA-1 identification, its
  source files attached; manifest.json calls it PDF/A-3a and PDF/UA-1 only when veraPDF passed it;
- ``<name>-print.pdf`` — the print master (PDF/X-4 as the build makes it; not validated as PDF/X);
- ``<name>.epub`` — the e-reader edition; its accessibility conformance declared only after a passing
  DAISY Ace run, whose report is in ``reports/ace/``;
- ``articles/<id>.pdf`` and ``articles/<id>.xml`` — each article's PDF (PDF/UA-1 only when veraPDF passed it)
  and JATS XML (valid only when the JATS DTD passed it), and the files beside them;
- ``records/`` — the ONIX products, and the Crossref deposit when the issue has a DOI prefix;
- ``source/<issue>/`` — the source folder as it was built;
- ``reports/`` — what each validator said (veraPDF, EPUBCheck, DAISY Ace);
- ``mets.xml`` — the METS document (mets.py); ``metadata/dublin-core.xml``, ``metadata/manifest.json`` and
  ``metadata/bagit-profile.json``, the BagIt profile bag-info.txt declares (profile.py).

The modules: command.py (main: build, validate, decide, bag), validation.py (the external validators),
preflight.py (horizons-pub's own checks), metadata.py (Dublin Core, manifest.json), bag.py (BagIt, bag-info);
platform_files.py (the articles' files and the records: staged, checked), describe.py (their checks in order, the
METS document written, their roles), mets.py, profile.py; veraPDF on many PDFs in one JVM is check/verapdf.py's validate_many.
"""

from .command import main  # noqa: F401
