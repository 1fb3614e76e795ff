"""The issue folder as WeasyPrint sees it: one URL, wherever the folder is.

WeasyPrint names each image of a PDF after the md5 of its URL (``/i<md5> Do``): laid out against
the folder's own ``file:`` URL, the same source in two folders would give two PDFs.  The parts
(typeset.py) and the cover spread (cover_spread.py) are laid out against :data:`ISSUE_URL`
instead, and :class:`IssueFetcher` turns it back into the folder's URL before the sandbox
(render/sandbox.py) is asked, which decides as before.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint.urls import URLFetcher

#: the base URL of every document laid out from an issue (no folder of this name is ever read)
ISSUE_URL = "file:///horizons-pub-issue/"


class IssueFetcher(URLFetcher):
    def __init__(self, inner: URLFetcher, issue_dir: Path):
        super().__init__(fail_on_errors=False)
        self.inner = inner
        self.folder_url = Path(issue_dir).resolve().as_uri() + "/"

    def fetch(self, url, headers=None):  # noqa: D401 - WeasyPrint's API
        if url.startswith(ISSUE_URL):
            url = self.folder_url + url[len(ISSUE_URL):]
        return self.inner.fetch(url, headers)
