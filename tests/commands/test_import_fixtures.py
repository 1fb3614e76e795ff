"""The Word files of tests/data/docx/ (made by pandoc, LibreOffice and python-docx: README.md there)
imported, and compared ON THE MODEL with the article the editor must get (``expected/<id>.md``, read by
the project's own reader), with their diagnostics at the expected paragraphs, and their images."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from helpers import run_cli, write_issue
from helpers.model_compare import without_pos
from horizons_pub.model.nodes import iter_rubrics
from horizons_pub.model.walk import iter_figures
from horizons_pub.reader.article import read_article
from horizons_pub.reader.docx.article import read_docx
from horizons_pub.reader.docx.stylemap import default_style_map
from horizons_pub.reader.issue import read_issue_partial
from horizons_pub.support.diagnostics import Reporter

DATA = Path(__file__).resolve().parents[1] / "data" / "docx"
#: fixture → the article id the import makes of its file name
IMPORTED = {"pandoc.docx": "pandoc", "libreoffice-clean.docx": "libreoffice-clean", "house-style.docx": "house-style"}


def expected_diagnostics(name: str) -> Counter:
    lines = (DATA / "expected" / f"{Path(name).stem}.diagnostics").read_text(encoding="utf-8").split("\n")
    return Counter(tuple(line.split()) for line in lines if line.strip())


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, tuple[int, list[str], Path]]:
    """Each fixture imported once into its own copy of a test issue: (exit status, stderr lines, issue)."""
    root = tmp_path_factory.mktemp("import")
    out = {}
    for name in (*IMPORTED, "libreoffice.docx", "Entretien Mme DUPONT v3 (relu) FINAL.docx"):
        issue = write_issue(root / Path(name).stem.replace(" ", "_"))
        shutil.copy(DATA / name, issue.parent / name)
        code, err = run_cli(issue.parent, "import", name, "--issue", issue.name, "--rubric", "dossier")
        out[name] = (code, err, issue)
    return out


def read_back(issue: Path, path: Path, article_id: str):
    reporter = Reporter(echo=False)
    partial = read_issue_partial(issue, Reporter(echo=False))
    rubrics = {r.id for r in iter_rubrics(partial.rubrics)}
    article = read_article(path, str(path), article_id, issue, rubrics, reporter)
    return article, reporter


@pytest.mark.parametrize("name", IMPORTED)
def test_the_article_equals_the_expected_one_on_the_model(imported, name: str) -> None:
    code, err, issue = imported[name]
    article_id = IMPORTED[name]
    assert code == 0, err
    got, got_said = read_back(issue, issue / "articles" / f"{article_id}.md", article_id)
    (issue / "expected").mkdir(exist_ok=True)
    expected_path = issue / "expected" / f"{article_id}.md"
    shutil.copy(DATA / "expected" / f"{article_id}.md", expected_path)
    want, want_said = read_back(issue, expected_path, article_id)
    assert want is not None and not want_said.errors, [d.format() for d in want_said.diagnostics]
    assert got is not None and not got_said.errors, [d.format() for d in got_said.diagnostics]
    assert without_pos(got) == without_pos(want)


@pytest.mark.parametrize("name", IMPORTED)
def test_the_model_read_from_word_is_the_one_written(imported, name: str) -> None:
    """What reader/docx/ makes of the file, before it is written, is what the written file reads back as:
    the Markdown writer loses nothing on real content."""
    _code, _err, issue = imported[name]
    article_id = IMPORTED[name]
    made = read_docx((DATA / name).read_bytes(), name, article_id, "dossier", default_style_map(),
                     Reporter(echo=False))
    got, _ = read_back(issue, issue / "articles" / f"{article_id}.md", article_id)
    assert without_pos(made.article) == without_pos(got)


@pytest.mark.parametrize("name", [*IMPORTED, "libreoffice.docx"])
def test_the_diagnostics_are_at_the_expected_paragraphs(imported, name: str) -> None:
    _code, err, _issue = imported[name]
    said = Counter()
    for line in err:
        if line.startswith(f"{name}:"):
            paragraph = line[len(name) + 1:].split(":", 1)[0]
            said[(paragraph, line.rsplit("[", 1)[1].rstrip("]"))] += 1
    assert said == expected_diagnostics(name), err


def test_a_file_with_tracked_changes_and_a_comment_is_refused_and_nothing_written(imported) -> None:
    code, err, issue = imported["libreoffice.docx"]
    assert code == 1
    assert any("Camille Roux" in line and "[import.tracked-change]" in line for line in err), err
    assert any("Vérifier le nom exact" in line and "[import.comment]" in line for line in err), err
    assert sorted(p.name for p in (issue / "articles").iterdir()) == ["a.md"]
    assert not (issue / "images").exists()


def test_a_careless_file_name_makes_a_clean_id(imported) -> None:
    code, err, issue = imported["Entretien Mme DUPONT v3 (relu) FINAL.docx"]
    assert code == 0, err
    assert (issue / "articles" / "entretien-mme-dupont-v3-relu-final.md").is_file()


@pytest.mark.parametrize("name", IMPORTED)
def test_every_image_is_extracted_byte_for_byte_and_its_figure_points_at_it(imported, name: str) -> None:
    _code, _err, issue = imported[name]
    article_id = IMPORTED[name]
    article, _ = read_back(issue, issue / "articles" / f"{article_id}.md", article_id)
    with zipfile.ZipFile(DATA / name) as docx:
        media = {docx.read(n) for n in docx.namelist() if n.startswith("word/media/")}
    figures = list(iter_figures(article.blocks))
    assert figures and len(figures) == len(media)
    for figure in figures:
        data = (issue / figure.src).read_bytes()
        assert data in media
        with Image.open(issue / figure.src) as img:
            assert img.format in ("PNG", "JPEG") and img.size == (1600, 1000)
        assert figure.alt and "À REMPLIR" not in figure.alt


@pytest.mark.slow
def test_the_imported_articles_build_with_the_fonts_of_fonts(tmp_path: Path) -> None:
    """Given pages in the flatplan, the three imported articles build: EPUB and screen PDF, no error (a
    nested list's marker once fell back to a system font: font.fallback)."""
    from helpers import default_issue, dump_yaml

    spec = default_issue(["x"])
    spec.pop("print", None)
    spec.update(pages=20, flatplan=[{"page": 1, "part": "cover"}, {"page": 2, "part": "sommaire"},
                                    {"page": 4, "article": "house-style"}, {"page": 8, "article": "pandoc"},
                                    {"page": 14, "article": "libreoffice-clean"}, {"page": 20, "part": "back-cover"}])
    issue = write_issue(tmp_path, articles={}, issue_yaml=dump_yaml(spec))
    for name in IMPORTED:
        shutil.copy(DATA / name, tmp_path / name)
        code, err = run_cli(tmp_path, "import", name, "--issue", issue.name, "--rubric", "dossier")
        assert code == 0, err
    code, err = run_cli(tmp_path, "build", issue.name, "--format", "epub", "--format", "screen")
    assert code == 0, err
    assert not [line for line in err if ": error:" in line], err
