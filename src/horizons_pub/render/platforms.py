"""What a build gives the platforms beside its editions: each article's JATS XML (``articles`` format;
the articles' PDFs are cut from the screen edition's parts by ``pdf/articles.py``), and the records
(``records``: the Crossref deposit when a DOI prefix is given, the ONIX products).  All from the model
and the pages the layout gave, never from the HTML."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..model.identity import Edition, article_file, file_name, platform_articles
from ..model.nodes import Issue
from ..support.dates import source_datetime
from .pages import PageMap


def platform_outputs(issue: Issue, out_dir: Path, formats: list[str], pages: PageMap) -> list[tuple[Path, bytes]]:
    """The files of the ``articles`` and ``records`` formats asked for, as (path, bytes), nothing written."""
    when = source_datetime(issue)
    outputs: list[tuple[Path, bytes]] = []
    if "articles" in formats:
        from ..support.cache import CACHE_DIR
        from .jats.article import jats_article
        from .jats.figures import figure_files

        for article_id in platform_articles(issue):
            article = issue.article(article_id)
            outputs.append((out_dir / article_file(article_id, "xml"), jats_article(issue, article, pages, when)))
            # its figures' files beside it, as its graphics name them: articles/<id>/<name> (render/jats/figures.py)
            outputs += [(out_dir / name, data) for name, data in figure_files(issue, article, out_dir / CACHE_DIR)]
    if "records" in formats:
        outputs.extend(_records(issue, out_dir, pages, when))
    return outputs


def _records(issue: Issue, out_dir: Path, pages: PageMap, when: _dt.datetime) -> list[tuple[Path, bytes]]:
    """The Crossref deposit (with a DOI prefix and the articles' landing pages only) and the ONIX products."""
    from .records.crossref import crossref_deposit
    from .records.onix import onix_message

    outputs = []
    if issue.distribution.doi_prefix:  # without one there is nothing to register (docs/platforms.md)
        outputs.append((out_dir / file_name(issue, Edition.CROSSREF), crossref_deposit(issue, pages, when)))
    outputs.append((out_dir / file_name(issue, Edition.ONIX), onix_message(issue, when)))
    return outputs
