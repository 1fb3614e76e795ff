"""The imported article checked as a build checks it: read back from the file written, in its issue.

The article is read by the project's own reader (its front matter, its text, its images, its rubric
among the issue's), its notes numbered, and the French typography and details run on it, as the build
runs them; every problem is said at its line of the new file. Then each superscript or subscript of
the Word file, imported as plain text, is looked for among those the details made: one they did not
make again is said where it was (``import.superscript``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ...model.nodes import Article, Inline, Subscript, Superscript, iter_rubrics, plain_text
from ...model.walk import iter_inlines, map_article
from ...reader.article import read_article
from ...reader.docx.inlines import Raised
from ...reader.issue import read_issue_partial
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from ...transforms.details import french_details
from ...transforms.notes import number_notes
from ...transforms.typography import french_typography


def check_article(folder: Path, path: Path, article_id: str, reporter: Reporter) -> Article | None:
    """The article as the build reads it (after the transforms), or None when it cannot be read."""
    issue = read_issue_partial(folder, Reporter(echo=False))  # the issue's rubrics; its own problems are not ours
    rubric_ids = {r.id for r in iter_rubrics(issue.rubrics)} if issue is not None else set()
    errors = len(reporter.errors)
    article = read_article(path, display_path(path), article_id, folder, rubric_ids, reporter)
    if article is None:
        return None
    article = number_notes(article, reporter)
    if len(reporter.errors) > errors:
        return None
    return french_details(french_typography(article))


def check_raised(article: Article, raised: tuple[Raised, ...], reporter: Reporter) -> None:
    """Say each superscript (subscript) of Word that the French details did not make again."""
    made: Counter[tuple[str, str]] = Counter()

    def collect(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
        for node in iter_inlines(seq):
            if isinstance(node, (Superscript, Subscript)):
                kind = "superscript" if isinstance(node, Superscript) else "subscript"
                made[(kind, plain_text(node.children).strip())] += 1
        return seq

    map_article(article, collect)
    for item in raised:
        key = (item.kind, item.text.strip())
        if made[key] > 0:
            made[key] -= 1
            continue
        reporter.warning("import.superscript", f"paragraph {item.pos.line}, « …{item.before}{item.text}… »: the "
                         f"{item.kind} « {item.text} » of the Word file is imported as plain text, and the French "
                         "details do not raise it again (they raise ordinals, Mme, n°, units and formulas): "
                         "reword it, or write it out (« au carré »)", item.pos)

