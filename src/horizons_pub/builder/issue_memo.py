"""What a long-lived process (the preview) keeps between two reads of an issue: each article as read and
transformed, under the key of everything its reading and its transforms depend on, with the diagnostics
they gave, said again in the same order when it is taken from here.  ``load_issue(folder, reporter,
memo=memo)`` then reads again only the articles whose key changed; the Issue and the diagnostics are
those of a fresh load (tests/builder/test_issue_memo.py).

An article's key (:meth:`IssueMemo.read_article`), and why each part is in it:

- the sha256 of its file's bytes, read by the reader's own rules (inside the issue folder, a regular
  file, at most the reader's size limit); a file those rules refuse is never kept (it is read afresh);
- its path as shown (every position and message carries it: it follows the current folder), its id, the
  issue folder as given and as resolved (the images are resolved against it);
- the rubric ids of issue.yaml (the one fact of issue.yaml the article's reading uses: an unknown rubric
  is an error); the rest of issue.yaml is read afresh on each load, and the flatplan decides which files
  are read, under which ids, and (through the errors) each article's ``complete`` below;
- ``strict`` (a warning is then an error, and an error in the front matter changes what is read);
- the code: the reader's, the transforms', the model's and support's source files, the Python and library
  versions (:func:`code_key`), and Pillow's pixel limit;
- each image the article names, as the image check finds it: the name, where it resolves (and whether
  inside the issue folder), the sha256 of its bytes or why they cannot be read (:func:`image_print`).

The transforms' result is kept beside the reading's, by ``complete`` (no error of the reader in that file,
which the notes check reads) and ``checks_only`` (the reader found an error somewhere: only the checks
run).  An article whose file or images changed while it was read is not kept.  Each load keeps only what
it used: the memo holds one issue's articles, never every version saved.  One load at a time.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ..model.nodes import Article
from ..reader.article import read_article
from ..reader.images import MAX_BYTES as IMAGE_MAX_BYTES
from ..reader.images import ImageChecker
from ..reader.textfile import MAX_BYTES as TEXT_MAX_BYTES
from ..support.diagnostics import Diagnostic, Reporter
from ..support.environment import PACKAGE, library_versions, tree_files
from ..support.sourcefile import SourceFileError, read_inside, read_regular, resolve_inside
from ..transforms.pipeline import transform_article

#: the packages whose code reads and transforms an article
CODE = ("model", "support", "reader", "transforms")


@functools.cache
def code_key() -> str:
    """The hash of the code that reads and transforms an article, and of the versions it runs on."""
    digest = hashlib.sha256(sys.version.encode())
    for package in CODE:
        for path in tree_files(PACKAGE / package):
            digest.update(f"{package}/{path.relative_to(PACKAGE / package).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update("\0".join(library_versions()).encode())
    return digest.hexdigest()


def _failure(exc: Exception) -> tuple[str, ...]:
    if isinstance(exc, SourceFileError):
        return ("refused", exc.kind, exc.reason, exc.fix)
    return ("failed", type(exc).__name__, str(exc))


def image_print(issue_dir: Path, src: str) -> tuple:
    """Every fact of the file system the image check (reader/images.py) reads for ``src``: where the name
    leads (the check's test of the issue folder), where it resolves by the source files' rules, and the
    sha256 of the bytes it reads there (or why it cannot).  ``issue_dir``: resolved."""
    facts: list = [src]
    try:
        facts.append(os.path.realpath(issue_dir / src))
        target = resolve_inside(issue_dir, src)
        facts.append(str(target))
        facts.append(hashlib.sha256(read_regular(target, IMAGE_MAX_BYTES)).hexdigest())
    except Exception as exc:  # noqa: BLE001 - whatever stops the check here, the check meets it too
        facts.append(_failure(exc))
    return tuple(facts)


def _file_digest(folder: Path, path: Path) -> str | None:
    """The sha256 of the article file as the reader reads it, None when the reader would refuse it."""
    try:
        return hashlib.sha256(read_inside(folder, path.relative_to(folder), TEXT_MAX_BYTES)).hexdigest()
    except (SourceFileError, ValueError, OSError):
        return None


@dataclass
class _Entry:
    """One article's reading: the article (None: none was given), its diagnostics, the images it names with
    their prints, and its transforms' results by (complete, checks_only)."""

    article: Article | None
    diagnostics: tuple[Diagnostic, ...]
    images: tuple[tuple[str, tuple], ...]
    transformed: dict[tuple[bool, bool], tuple[Article, tuple[Diagnostic, ...]]] = field(default_factory=dict)


class IssueMemo:
    """Kept by the caller between loads, passed to ``load_issue(..., memo=...)``.  ``read``, ``transformed``:
    how many articles the last load read and transformed anew (the others came from the memo)."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self._used: dict[tuple, _Entry] = {}
        self._of_article: dict[int, _Entry] = {}  # the articles the memo gave in this load → their entries
        self.read = self.transformed = 0

    def start(self) -> None:
        self._used, self._of_article = {}, {}
        self.read = self.transformed = 0

    def finish(self) -> None:
        """After a load: keep only what it used."""
        self._entries, self._used, self._of_article = self._used, {}, {}

    def read_article(self, path: Path, shown: str, article_id: str, issue_dir: Path, rubric_ids: set[str],
                     reporter: Reporter) -> Article | None:
        """reader/article.py's ``read_article``, from the memo when nothing it depends on changed."""
        digest = _file_digest(issue_dir, path)
        if digest is None:  # refused (said by the reader): not kept
            self.read += 1
            return read_article(path, shown, article_id, issue_dir, rubric_ids, reporter)
        real_dir = Path(os.path.realpath(issue_dir))
        key = (code_key(), Image.MAX_IMAGE_PIXELS, digest, shown, article_id, str(issue_dir), str(real_dir),
               tuple(sorted(rubric_ids)), reporter.strict)
        entry = self._entries.get(key) or self._used.get(key)
        if entry is None or any(image_print(real_dir, src) != facts for src, facts in entry.images):
            entry = self._read(key, path, shown, article_id, issue_dir, rubric_ids, reporter.strict, real_dir)
        else:
            self._used[key] = entry
        reporter.extend(list(entry.diagnostics))  # as the reader would have said them, in its order
        if entry.article is not None:
            self._of_article[id(entry.article)] = entry
        return entry.article

    def _read(self, key: tuple, path: Path, shown: str, article_id: str, issue_dir: Path, rubric_ids: set[str],
              strict: bool, real_dir: Path) -> _Entry:
        self.read += 1
        found = Reporter(strict=strict, echo=False)
        seen: dict[str, tuple] = {}

        class Noting(ImageChecker):
            def check(self, src, pos):
                seen.setdefault(src, image_print(real_dir, src))  # before the check reads the file
                return super().check(src, pos)

        article = read_article(path, shown, article_id, issue_dir, rubric_ids, found, checker=Noting)
        entry = _Entry(article, tuple(found.diagnostics), tuple(seen.items()))
        steady = (_file_digest(issue_dir, path) == key[2]
                  and all(image_print(real_dir, src) == facts for src, facts in entry.images))
        if steady:  # else changed while read: given this once, not kept
            self._used[key] = entry
        return entry

    def transform_article(self, article: Article, reporter: Reporter, complete: bool, checks_only: bool
                          ) -> Article:
        """transforms/pipeline.py's ``transform_article``, from the memo for an article it gave."""
        entry = self._of_article.get(id(article))
        if entry is None or entry.article is not article:
            self.transformed += 1
            return transform_article(article, reporter, complete, checks_only)
        kept = entry.transformed.get((complete, checks_only))
        if kept is None:
            self.transformed += 1
            found = Reporter(strict=reporter.strict, echo=False)
            kept = entry.transformed[(complete, checks_only)] = (
                transform_article(article, found, complete, checks_only), tuple(found.diagnostics))
        reporter.extend(list(kept[1]))
        return kept[0]
