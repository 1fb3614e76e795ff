"""``horizons-pub new NUMBER``: a new issue folder, from layouts/new-issue/, that builds as it is.

The issue is created and built once per module (all formats, in a child process, as a user runs it);
the other tests read it or create their own folders in-process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from horizons_pub import cli
from horizons_pub.commands import new as newissue
from horizons_pub.builder.recipe import load_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.model.nodes import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Figure,
    Heading,
    Kind,
    Note,
    NoteRef,
    Role,
    Sidebar,
    iter_rubrics,
    plain_text,
)
from horizons_pub.reader.article import split_front_matter
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.resources import layouts_dir
from helpers.outputs import HP38, ROOT, run_build

NUMBER = 39
EXPECTED_FILES = [
    "articles/boite-a-idees.md",
    "articles/dossier.md",
    "articles/edito.md",
    "articles/exemple-article.md",
    "articles/exemple-entretien.md",
    "images/exemple.png",
    "issue.yaml",
]
#: Every placeholder the template leaves, as ``build`` reports it: (file, line, marker), in the reader's order
#: (issue.yaml, then the articles in flatplan order, each front matter before its text).  Counted by hand
#: from layouts/new-issue/; test_the_placeholders_are_every_marked_value_of_the_template counts them again.
CHANGER, PERSON, DATE = "« À CHANGER »", "« Prénom Nom »", "the date 2000-01-01"
EXPECTED_PLACEHOLDERS = [
    ("issue.yaml", 31, CHANGER),  # title
    ("issue.yaml", 41, DATE),  # date
    ("issue.yaml", 81, CHANGER),  # the cover lines: a text,
    ("issue.yaml", 84, PERSON),  # a person,
    ("issue.yaml", 85, CHANGER),  # a text
    ("articles/edito.md", 21, CHANGER),  # title
    ("articles/edito.md", 28, CHANGER),  # the text
    ("articles/exemple-entretien.md", 18, CHANGER),  # standfirst
    ("articles/exemple-entretien.md", 22, PERSON),  # the interviewee,
    ("articles/exemple-entretien.md", 24, CHANGER),  # a description,
    ("articles/exemple-entretien.md", 25, PERSON),  # the interviewer
    ("articles/exemple-entretien.md", 29, CHANGER),  # title (the text's first '# ' line)
    ("articles/exemple-entretien.md", 31, CHANGER),  # the text
    ("articles/dossier.md", 9, CHANGER),  # title
    ("articles/dossier.md", 11, PERSON),  # the coordinator,
    ("articles/dossier.md", 13, CHANGER),  # a description,
    ("articles/dossier.md", 15, PERSON),  # a contributor
    ("articles/dossier.md", 18, CHANGER),  # the text
    ("articles/exemple-article.md", 11, CHANGER),  # title
    ("articles/exemple-article.md", 12, CHANGER),  # standfirst
    ("articles/exemple-article.md", 18, PERSON),  # the author
    ("articles/exemple-article.md", 21, CHANGER),  # the text
]
PLACEHOLDER = re.compile(r"^(?P<file>.+?):(?P<line>\d+): warning: (?P<marker>« [^»]+ »|the date 2000-01-01) is a "
                         r"placeholder left from the new-issue template: .+ \[source\.placeholder\]$")
ENV = {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "horizons_pub", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **ENV})


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def created(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``horizons-pub new 39 --source <tmp>/src``, run from <tmp>."""
    work = tmp_path_factory.mktemp("new")
    proc = run_cli("new", str(NUMBER), "--source", "src", cwd=work)
    assert proc.returncode == 0, proc.stderr
    return work / "src" / f"hp-{NUMBER}", proc


@pytest.fixture(scope="module")
def built(created, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The new issue built in every format (PDF for reading, print PDF, EPUB)."""
    folder, _ = created
    out = tmp_path_factory.mktemp("new-out")
    return out / folder.name, run_build(folder, out, env=ENV)


@pytest.fixture(scope="module")
def issue(created):
    folder, _ = created
    reporter = Reporter(echo=False)
    model = load_issue(folder, reporter)
    assert model is not None and reporter.codes() == ["source.placeholder"] * len(EXPECTED_PLACEHOLDERS), \
        [d.format() for d in reporter.diagnostics]
    return model


def placeholders_of(lines: list[str], folder: Path) -> list[tuple[str, int, str]]:
    """The source.placeholder warnings of ``lines`` as (file relative to ``folder``, line, marker)."""
    out = []
    for line in lines:
        match = PLACEHOLDER.match(line)
        assert match, f"not a placeholder warning: {line!r}"
        out.append((Path(match["file"]).resolve().relative_to(folder.resolve()).as_posix(), int(match["line"]),
                    match["marker"]))
    return out


# -- what is created ----------------------------------------------------------------------------------------


def test_the_template_ships_with_the_layouts():
    # resources.layouts_dir() is layouts/ in a checkout and horizons_pub/_data/layouts/ in the wheel
    template = layouts_dir() / "new-issue"
    assert [p.as_posix() for p in newissue.template_files(template)] == EXPECTED_FILES


def test_new_writes_the_issue_and_says_what_next(created):
    folder, proc = created
    assert sorted(files_of(folder)) == EXPECTED_FILES
    assert proc.stderr == ""
    shown = f"src/hp-{NUMBER}"
    for rel in EXPECTED_FILES:
        assert f"{shown}/{rel}" in proc.stdout
    assert f"horizons-pub build {shown}" in proc.stdout
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_the_number_is_filled_in_and_nothing_else_varies(created, tmp_path):
    folder, _ = created
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^number: {NUMBER}$", text, re.M)
    for name, data in files_of(folder).items():
        if name.endswith((".md", ".yaml")):
            assert newissue.NUMBER_MARK not in data.decode("utf-8") and "{{" not in data.decode("utf-8"), name
    # no clock, no randomness: the same command writes the same bytes
    again, _ = newissue.create_issue(tmp_path, NUMBER)
    assert files_of(again) == files_of(folder)


def test_issue_yaml_has_every_key_commented_in_french(created):
    lines = (created[0] / "issue.yaml").read_text(encoding="utf-8").splitlines()
    keys = ["magazine", "number", "title", "language", "date", "publisher", "editor_in_chief", "rights", "trim",
            "pages", "cover", "rubrics", "flatplan"]
    for key in keys:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].startswith("#"), f"'{key}' has no comment above it"
    for key in ("taglines", "website", "headline", "lines"):
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
        assert lines[index - 1].strip().startswith("#"), f"cover '{key}' has no comment above it"
    comments = "\n".join(line for line in lines if line.lstrip().startswith("#"))
    assert "# isbn:" in comments and "# issn:" in comments  # the optional keys, ready to uncomment
    assert "À CHANGER" in comments and "À REMPLIR" in comments


def test_issue_yaml_placeholders(issue):
    assert issue.number == NUMBER and issue.id == f"hp-{NUMBER}"
    assert plain_text(issue.title).replace("\u202f", " ").replace("\xa0", " ") == "À CHANGER : titre du dossier"
    assert issue.date == dt.date(2000, 1, 1)  # a fixed, obviously provisional date (never today's)
    assert issue.pages == 108
    assert [(p.page, p.kind.value, p.article, p.boxes) for p in issue.flatplan] == [
        (1, "cover", None, ()),
        (2, "article", "edito", ()),
        (3, "sommaire", None, ("boite-a-idees",)),
        (18, "article", "exemple-entretien", ()),
        (30, "article", "dossier", ()),
        (32, "article", "exemple-article", ()),
        (108, "back-cover", None, ()),
    ]
    assert all(p.page % 2 == 0 for p in issue.flatplan if p.article)
    assert {line.article for line in issue.cover.lines} == {"exemple-article", "exemple-entretien"}


def test_the_rubrics_are_the_magazines(created):
    reporter = Reporter(echo=False)
    new, hp38 = read_issue(created[0], reporter), read_issue(HP38, reporter)  # as written, before typography

    def tree(rubrics):
        return [(r.id, r.title, tree(r.children)) for r in rubrics]

    assert tree(new.rubrics) == tree(hp38.rubrics)
    assert [r.id for r in iter_rubrics(new.rubrics)][-3:] == ["anticipations", "cartoscopie", "cultures"]


def test_articles_carry_their_guidance_in_yaml_comments_not_html(created):
    for path in sorted((created[0] / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, _, body, _ = split_front_matter(text)
        assert front is not None and body is not None, path.name
        assert front.lstrip().startswith("#"), f"{path.name}: the front matter opens without its comment"
        assert "<!--" not in text, path.name  # the reader refuses HTML comments as raw HTML


# -- its placeholders: every provisional value is marked, and reported at its line ------------------------


def test_the_reader_reports_every_placeholder_at_its_line(created):
    folder, _ = created
    reporter = Reporter(echo=False)
    assert read_issue(folder, reporter) is not None  # warnings only: it still reads
    assert placeholders_of([d.format() for d in reporter.diagnostics], folder) == EXPECTED_PLACEHOLDERS


MARKED = re.compile(r"[AÀ] CHANGER|À REMPLIR|Prénom Nom|2000-01-01")


def test_the_placeholders_are_every_marked_value_of_the_template(created):
    """Counted again from the files: every line that is not a YAML comment and holds a marker (and no
    other), so that a placeholder added to the template without its line in EXPECTED_PLACEHOLDERS fails."""
    folder, _ = created
    found = set()
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        yaml_lines = len(text.split("\n")) if path.suffix == ".yaml" else split_front_matter(text)[3]
        for number, line in enumerate(text.split("\n"), start=1):
            if number <= yaml_lines and line.lstrip().startswith("#"):
                continue  # a YAML comment: the template explains itself there
            for marker in MARKED.findall(line):
                found.add((path.relative_to(folder).as_posix(), number, marker))
    shown = {"À CHANGER": CHANGER, "Prénom Nom": PERSON, "2000-01-01": DATE}
    assert {(f, n, shown[m]) for f, n, m in found} == set(EXPECTED_PLACEHOLDERS)
    # what an editor must replace is marked: the titles, people and dates of every article but the idea box
    issue = read_issue(folder, Reporter(echo=False))
    for article in issue.articles:
        if article.id != "boite-a-idees":
            assert plain_text(article.title).startswith("À CHANGER"), article.id
            assert all(p.name == "Prénom Nom" or p.name == "Julien Nessi" for p in article.people), article.id


# -- it builds as it is ----------------------------------------------------------------------------------


def test_the_new_issue_builds_with_its_placeholders_as_its_only_warnings(built, created):
    out, proc = built
    assert proc.returncode == 0, proc.stderr
    # no error, and no other warning (overflow, pushed part, moved or unused note…): only the placeholders,
    # each at its line
    # (and the loose lines of its justified text, layout.loose-line, which say how its spacing came out)
    said = proc.stderr.splitlines()
    loose = [line for line in said if line.endswith("[layout.loose-line]")]
    assert placeholders_of([line for line in said if line not in loose], created[0]) == EXPECTED_PLACEHOLDERS
    assert proc.stdout.splitlines()[-1].endswith(f"hp-{NUMBER}: built (0 errors, "
                                                 f"{len(EXPECTED_PLACEHOLDERS) + len(loose)} warnings)")
    stem = f"horizons-publics-{NUMBER}"
    for name in (f"{stem}.epub", f"{stem}-print.pdf", f"{stem}-screen.pdf"):
        assert (out / name).stat().st_size > 0, name
    import pikepdf

    with pikepdf.open(out / f"{stem}-screen.pdf") as pdf:
        assert len(pdf.pages) == 108


# -- the examples show every kind and every construct -------------------------------------------------------


def _walk(node, seen: list) -> None:
    """Every model node under ``node`` (dataclass fields and tuples, notes' blocks included)."""
    if isinstance(node, tuple):
        for child in node:
            _walk(child, seen)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        seen.append(node)
        for f in dataclasses.fields(node):
            if f.name != "pos":
                _walk(getattr(node, f.name), seen)


def test_the_examples_cover_every_kind_role_and_construct(issue):
    assert {a.kind for a in issue.articles} == set(Kind)
    assert {p.role for a in issue.articles for p in a.people} == set(Role)
    nodes: list = []
    for article in issue.articles:
        _walk(article.blocks, nodes)
        _walk(article.standfirst, nodes)
        _walk(tuple(p.description for p in article.people), nodes)
    types = {type(n) for n in nodes}
    assert set(BLOCK_TYPES) - types == set()
    assert set(INLINE_TYPES) - {NoteRef} - types == set()  # the notes transform replaced every call
    # each construct in its full form
    assert {h.level for h in nodes if isinstance(h, Heading)} == {2, 3}
    assert any(s.title for s in nodes if isinstance(s, Sidebar))
    assert any(f.alt and f.caption and f.credit for f in nodes if isinstance(f, Figure))
    assert any(len(n.blocks) > 1 for n in nodes if isinstance(n, Note))  # a note of several paragraphs
    assert any(a.standfirst for a in issue.articles)
    for article in issue.articles:  # notes numbered from 1 in each article, in call order
        mine: list = []
        _walk(article.blocks, mine)
        numbers = [n.number for n in mine if isinstance(n, Note)]
        assert numbers == list(range(1, len(numbers) + 1)), article.id


# -- refusals ------------------------------------------------------------------------------------------------


@pytest.mark.slow  # two child processes
def test_new_refuses_an_existing_folder_and_leaves_it_alone(tmp_path):
    first = run_cli("new", "40", "--source", "src", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "src" / "hp-40"
    (folder / "articles" / "edito.md").write_text("---\nkind: brief\ntitle: Déjà commencé\n---\n", encoding="utf-8")
    before = files_of(folder)
    proc = run_cli("new", "40", "--source", "src", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("src/hp-40: error: this folder already exists, and nothing was written")
    assert proc.stderr.rstrip().endswith("[new.exists]") and proc.stderr.count("\n") == 1
    assert files_of(folder) == before
    assert sorted(p.name for p in (tmp_path / "src").iterdir()) == ["hp-40"]


def test_new_refuses_a_file_in_the_way(workdir, capsys):
    (workdir / "source").mkdir()
    (workdir / "source" / "hp-41").write_text("", encoding="utf-8")
    assert cli.main(["new", "41"]) == 1
    assert "[new.exists]" in capsys.readouterr().err


@pytest.mark.parametrize("number", ["0", "-3"])
def test_new_refuses_a_number_that_is_not_an_issue(workdir, capsys, number):
    assert cli.main(["new", number]) == 1
    assert "[new.number]" in capsys.readouterr().err
    assert not (workdir / "source").exists()


def test_new_refuses_a_source_that_is_a_file(workdir, capsys):
    (workdir / "source").write_text("", encoding="utf-8")
    assert cli.main(["new", "42"]) == 1
    assert capsys.readouterr().err == "source: error: this is a file, not a folder: name the folder where issues " \
                                      "live with --source [new.source]\n"


def test_new_defaults_to_source_and_quiet_prints_nothing(workdir, capsys):
    assert cli.main(["new", "43"]) == 0
    out = capsys.readouterr().out
    assert "horizons-pub build source/hp-43" in out
    assert (workdir / "source" / "hp-43" / "issue.yaml").is_file()
    assert cli.main(["new", "44", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (workdir / "source" / "hp-44" / "issue.yaml").is_file()


def test_a_failed_creation_leaves_nothing_behind(workdir, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(newissue.shutil, "copyfile", broken)  # fails on the image, after the texts
    assert cli.main(["new", "45"]) == 1
    assert "[new.write]" in capsys.readouterr().err
    assert list((workdir / "source").iterdir()) == []
