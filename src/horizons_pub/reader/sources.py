"""The files an issue is built from, as the reader found them."""

from __future__ import annotations

from pathlib import Path

from ..model.walk import iter_figures
from ..model.nodes import Issue
from .issue import ISSUE_FILE


def source_files(issue: Issue) -> list[Path]:
    """The files the issue is built from, and only those: issue.yaml, every article, every image a
    figure shows (the reader has checked that each lies inside the issue folder)."""
    folder = Path(issue.folder)
    files = {folder / ISSUE_FILE}
    for article in issue.articles:
        files.add(folder / "articles" / f"{article.id}.md")
        files.update(folder / figure.src for figure in iter_figures(article.blocks))
    return sorted(files)
