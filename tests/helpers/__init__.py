"""Shared test helpers: small issue folders on disk, a stable text dump of the model, golden files.

Typical use::

    def test_something(workdir):                      # conftest: chdir into tmp_path
        folder = write_issue(workdir, {"a": article("Bonjour.")})
        issue, rep = load(folder)
        assert messages(rep) == []

``write_issue`` writes ``issue.yaml`` from :func:`default_issue` (patched with
``issue={...}``, merged recursively; a ``None`` value deletes a key) or takes
the whole text as ``issue_yaml=``.  By default the flatplan lists the given
articles in order, one every two pages, between a cover, a sommaire and a back
cover.  Paths in diagnostics and dumps are the ones the reader shows: relative
to the current folder, hence the ``workdir`` fixture.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import os
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from horizons_pub.builder.recipe import load_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.model.nodes import Issue, Pos

ISSUE_NAME = "hp-test"
GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"

#: The smallest valid article: front matter only.
MINIMAL_ARTICLE = "---\nrubric: edito\nkind: article\ntitle: Un titre\n---\n"


# --------------------------------------------------------------------------
# Issue folders
# --------------------------------------------------------------------------


def default_issue(article_ids: list[str] | tuple[str, ...] = ("a",)) -> dict[str, Any]:
    """A fresh, valid issue.yaml mapping (same keys as source/hp-38) whose flatplan places ``article_ids``."""
    flatplan: list[dict[str, Any]] = [{"page": 1, "part": "cover"}, {"page": 2, "part": "sommaire"}]
    page = 4
    for art_id in article_ids:
        flatplan.append({"page": page, "article": art_id})
        page += 2
    flatplan.append({"page": page, "part": "back-cover"})
    return {
        "magazine": "Horizons publics",
        "number": 99,
        "title": "Un numéro d'essai",
        "language": "fr",
        "date": dt.date(2024, 3, 1),
        "publisher": "Berger-Levrault",
        "editor_in_chief": "Julien Nessi",
        "trim": {"width_mm": 180, "height_mm": 260},
        "pages": page,
        # a test issue, not a bound revue: its page count need not make whole signatures
        **({"print": {"pages_reason": "un numéro d'essai, jamais imprimé"}} if page % 4 else {}),
        "cover": {
            "taglines": ["Comprendre", "Agir"],
            "website": "horizonspublics.fr",
            "headline": "dossier",
            "lines": [{"rubric": "dossier", "text": "Un titre de couverture"}],
        },
        "rubrics": [
            {"id": "edito", "title": "Édito"},
            {"id": "actualite", "title": "L'actualité vue par…"},
            {"id": "dossier", "title": "Dossier", "children": [{"id": "terrain", "title": "Sur le terrain"}]},
        ],
        "flatplan": flatplan,
    }


def merge(base: dict[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``patch``, recursively for mappings; a ``None`` in ``patch`` deletes the key."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def issue_yaml_text(article_ids: list[str] | tuple[str, ...] = ("a",), patch: Mapping[str, Any] | None = None) -> str:
    """The text of a valid issue.yaml placing ``article_ids``, patched with ``patch`` (see :func:`merge`)."""
    return dump_yaml(merge(default_issue(article_ids), patch or {}))


def front_matter(**meta: Any) -> str:
    """A front matter block ``---\\n…---\\n``; keys in the order given."""
    return "---\n" + dump_yaml(meta) + "---\n"


def article(body: str = "", *, rubric: str | None = "edito", kind: str = "article", title: str = "Un titre",
            **meta: Any) -> str:
    """An article file's text: front matter (rubric, kind, title, then ``meta``) and ``body``.

    Pass ``rubric=None`` to leave the key out.  The body starts on line
    ``front_matter_lines + 1``; tests that check lines should rather write
    the text literally.
    """
    head: dict[str, Any] = {}
    if rubric is not None:
        head["rubric"] = rubric
    head.update(kind=kind, title=title, **meta)
    return front_matter(**head) + ("\n" + body if body else "")


def make_png(path: Path, size: tuple[int, int] = (8, 6), color: tuple[int, int, int] = (200, 30, 30)) -> Path:
    """A small real PNG image at ``path`` (folders created)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, format="PNG")
    return path


def write_issue(root: Path, articles: Mapping[str, str | bytes] | None = None, *,
                issue: Mapping[str, Any] | None = None, issue_yaml: str | bytes | None = None,
                images: Mapping[str, tuple[int, int] | bytes] | None = None,
                extra_files: Mapping[str, str | bytes] | None = None, name: str = ISSUE_NAME) -> Path:
    """Write an issue folder ``root/name`` and return its path.

    ``articles``: ``{id: text}`` written to ``articles/<id>.md`` (``str`` as
    UTF-8, ``bytes`` as is); default: one minimal article ``a``.
    ``issue``: a patch merged into :func:`default_issue` (see :func:`merge`).
    ``issue_yaml``: the whole issue.yaml text instead (``issue`` is then ignored).
    ``images``: ``{relative path: (width, height)}`` for PNG files, or bytes.
    ``extra_files``: any other file, ``{relative path: text or bytes}``.
    """
    articles = {"a": MINIMAL_ARTICLE} if articles is None else articles
    folder = root / name
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    if issue_yaml is None:
        issue_yaml = issue_yaml_text(list(articles), issue)
    _write(folder / "issue.yaml", issue_yaml)
    for art_id, text in articles.items():
        _write(folder / "articles" / f"{art_id}.md", text)
    for rel, spec in (images or {}).items():
        if isinstance(spec, bytes):
            _write(folder / rel, spec)
        else:
            make_png(folder / rel, spec)
    for rel, content in (extra_files or {}).items():
        _write(folder / rel, content)
    return folder


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")


def load(folder: Path, strict: bool = False) -> tuple[Issue | None, Reporter]:
    """``load_issue`` (read + transforms) with a silent reporter; returns the issue (or None) and the reporter."""
    reporter = Reporter(strict=strict, echo=False)
    return load_issue(folder, reporter), reporter


def messages(reporter: Reporter) -> list[str]:
    """Every diagnostic as the user sees it: ``path:line: level: message [code]``."""
    return [d.format() for d in reporter.diagnostics]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` containing ``needle``."""
    for n, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return n
    raise ValueError(f"{needle!r} not found")


# --------------------------------------------------------------------------
# A stable text dump of the model
# --------------------------------------------------------------------------

#: Fields whose nodes are printed right under their parent, without a label.
_DIRECT = ("children", "blocks", "items")


def dump_model(node: Any, root: str | os.PathLike[str] | None = None) -> str:
    """The model tree as indented lines: ``Class field=value … @file:line``, one node a line.

    Text is shown with ``repr`` (so no-break spaces appear as ``\\xa0`` and
    ``\\u202f``); enums by value; empty tuples are left out.  ``root``, if
    given, is stripped from the front of file names.
    """
    prefix = None if root is None else str(root).rstrip(os.sep) + os.sep
    lines: list[str] = []
    _dump(node, 0, lines, prefix)
    return "\n".join(lines) + "\n"


def _dump(node: Any, depth: int, lines: list[str], prefix: str | None) -> None:
    pad = "  " * depth
    scalars: list[str] = []
    nested: list[tuple[str, tuple[Any, ...]]] = []
    where = ""
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, Pos):
            where = " @" + _pos(value, prefix)
        elif is_dataclass(value):
            nested.append((f.name, (value,)))
        elif isinstance(value, tuple) and value and all(is_dataclass(v) for v in value):
            nested.append((f.name, value))
        elif isinstance(value, tuple) and not value:
            continue
        elif f.name == "text" and isinstance(value, str):
            scalars.append(repr(value))
        else:
            scalars.append(f"{f.name}={_scalar(value, prefix)}")
    lines.append(f"{pad}{type(node).__name__}{''.join(' ' + s for s in scalars)}{where}")
    for name, children in nested:
        if name in _DIRECT:
            for child in children:
                _dump(child, depth + 1, lines, prefix)
        else:
            lines.append(f"{pad}  {name}:")
            for child in children:
                _dump(child, depth + 2, lines, prefix)


def _pos(pos: Pos, prefix: str | None) -> str:
    file = pos.file
    if prefix and file.startswith(prefix):
        file = file[len(prefix):]
    return f"{Path(file).as_posix()}:{pos.line}"


def _scalar(value: Any, prefix: str | None) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        if prefix and value.startswith(prefix):
            value = value[len(prefix):]
        return repr(value)
    if isinstance(value, tuple):
        return repr(list(value))
    return repr(value)


# --------------------------------------------------------------------------
# Golden files
# --------------------------------------------------------------------------


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/golden/<name>.txt``; ``UPDATE_GOLDEN=1`` rewrites the file instead."""
    path = GOLDEN_DIR / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no golden file {path}: run the tests with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"the model differs from {path.name} (UPDATE_GOLDEN=1 rewrites it after review)"


def run_cli(cwd: Path, *args: str) -> tuple[int, list[str]]:
    """``horizons-pub`` in this process (fast), run from ``cwd``: its exit status and its stderr lines; an
    escaping exception fails the test as a traceback would."""
    import contextlib
    import io

    from horizons_pub.cli import main

    err = io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(list(args))
    finally:
        os.chdir(before)
    return code, err.getvalue().splitlines()


class Maker:
    """What a cache calls to make an entry: the same bytes each time, and how many times it was called."""

    def __init__(self, data: bytes):
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` of the UTF-8 file ``path`` by ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_issue_yaml(folder: Path, old: str, new: str) -> None:
    edit_once(folder / "issue.yaml", old, new)
