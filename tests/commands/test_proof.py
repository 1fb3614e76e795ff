"""``horizons-pub proof ID``: the author's proof of one article of the realistic test issue (tests/data/magazine).

The PDF tests take the session's build of the issue (helpers/outputs.py's ``magazine_built``, every format:
current, so nothing is laid out again), copied so that its folder stays as the other tests read it.  The
Word tests need no build: the .docx is made from the source alone, compared with the issue's model.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers.outputs import MAGAZINE

ARTICLE = "drome"  # figures (a note in a caption, a credit), an encadré, an exergue, a table, notes
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _args(**given) -> argparse.Namespace:
    values = {"issue": str(MAGAZINE), "out": "build", "docx": False, "quiet": False, **given}
    return argparse.Namespace(**values)


def _run(**given) -> tuple[int, str, str]:
    """``proof.main`` as the command line runs it: (exit status, stdout, stderr)."""
    from horizons_pub.commands.proof import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(_args(**given))
    return status, out.getvalue(), err.getvalue()


def _same(text: str) -> str:
    """Text as compared here: the source's as pandoc sets it (its "smart" apostrophes and ellipses, the proof's
    guillemets for straight double quotes) made plain again, every kind of space one space."""
    text = text.replace("\u2019", "'").replace("\u2026", "...")
    return re.sub(r"\s+", " ", re.sub(r'["«»“”]', "", text)).strip()


@pytest.fixture(scope="module")
def issue():
    """The issue's model, as a build makes it (what the command reads)."""
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.support.diagnostics import Reporter

    return load_issue(MAGAZINE, Reporter(echo=False))


@pytest.fixture(scope="module")
def source():
    """The article as the reader reads its source, before the transforms: the edited text as typed, its notes
    as their definitions (``note_defs``), what the Word file is compared with."""
    from horizons_pub.reader.issue import read_issue_partial
    from horizons_pub.support.diagnostics import Reporter

    return read_issue_partial(MAGAZINE, Reporter(echo=False)).article(ARTICLE)


# -- the PDF: the build's own, with its folios ------------------------------------------------------------------


@pytest.fixture(scope="module")
def proved(magazine_built, tmp_path_factory):
    """``proof drome --docx`` on a copy of the session's build: (build folder, exit, stdout, stderr, stamp before)."""
    from horizons_pub.builder.stamp import STAMP

    out = tmp_path_factory.mktemp("proof")
    folder = out / magazine_built.folder.name
    shutil.copytree(magazine_built.folder, folder, ignore=shutil.ignore_patterns("archive", "proofs"))
    stamp = (folder / STAMP).read_bytes()
    status, stdout, stderr = _run(id=ARTICLE, out=str(out), docx=True)
    return folder, status, stdout, stderr, stamp


def test_the_proof_is_the_builds_article_pdf_taken_from_a_current_build(proved, magazine_built):
    from horizons_pub.builder.stamp import STAMP

    folder, status, stdout, stderr, stamp = proved
    assert status == 0, stderr
    pdf = folder / "proofs" / f"{ARTICLE}-bat.pdf"
    assert pdf.read_bytes() == (magazine_built.folder / "articles" / f"{ARTICLE}.pdf").read_bytes()
    # the build was current: taken as it is, its stamp (every format) left, nothing built again
    assert (folder / STAMP).read_bytes() == stamp
    assert f"proofs/{ARTICLE}-bat.pdf" in stdout and f"proofs/{ARTICLE}-bat.docx" in stdout, stdout
    assert "Traceback" not in stderr
    # the warnings said are the article's own; the others (the issue's other files) are counted, not said
    warned = [line for line in stderr.splitlines() if ": warning: " in line]
    source = Path(os.path.relpath(MAGAZINE / "articles" / f"{ARTICLE}.md"))
    assert warned and all(Path(line.partition(":")[0]) == source for line in warned), stderr
    assert re.search(r"\d+ warning\(s\) of the issue's other files", stdout), stdout


def test_the_proofs_pages_are_labelled_with_the_articles_folios(proved):
    import pikepdf

    folder = proved[0]
    part = next(p for p in json.loads((folder / "layout.json").read_text(encoding="utf-8"))["parts"]
                if p["article"] == ARTICLE)
    with pikepdf.open(folder / "proofs" / f"{ARTICLE}-bat.pdf") as pdf:
        labels = [page.label for page in pdf.pages]
    assert labels == [str(n) for n in range(part["first"], part["last"] + 1)] and len(labels) > 1, labels
    assert f"pages {labels[0]}–{labels[-1]}" in proved[2]


def test_the_proof_shows_the_articles_title(proved, issue):
    from horizons_pub.model.inlines import plain_text

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils")
    text = subprocess.run(["pdftotext", str(proved[0] / "proofs" / f"{ARTICLE}-bat.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert _same(plain_text(issue.article(ARTICLE).title)) in _same(text)


def test_the_word_file_written_is_the_edited_text(proved, issue):
    from horizons_pub.commands.proof import proof_docx

    docx = (proved[0] / "proofs" / f"{ARTICLE}-bat.docx").read_bytes()
    assert docx == proof_docx(issue, MAGAZINE, ARTICLE)  # the same bytes: pandoc in its sandbox has no clock


def test_without_a_current_build_of_every_format_only_the_articles_are_built(proved, tmp_path):
    from horizons_pub.builder.recipe import FORMATS
    from horizons_pub.builder.stamp import STAMP
    from horizons_pub.commands.proof import build_formats

    assert build_formats(MAGAZINE, proved[0]) == list(FORMATS)
    stale = tmp_path / proved[0].name
    shutil.copytree(proved[0], stale)
    stamp = json.loads((stale / STAMP).read_text(encoding="utf-8"))
    stamp["key"] = "0" * 64  # the stamp of other inputs
    (stale / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    assert build_formats(MAGAZINE, stale) == ["articles"]


# -- the Word file: the edited text ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx(issue):
    """(the .docx's bytes, python-docx's Document of them)."""
    import docx as python_docx

    from horizons_pub.commands.proof import proof_docx

    data = proof_docx(issue, MAGAZINE, ARTICLE)
    return data, python_docx.Document(io.BytesIO(data))


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_the_word_file_opens_with_the_title_the_people_and_the_standfirst(docx, source):
    from horizons_pub.model.inlines import plain_text

    _data, document = docx
    assert [_same(t) for t in _styled(document, "Title")] == [_same(plain_text(source.title))]
    assert [_same(t) for t in _styled(document, "Author")] == [_same(person.name) for person in source.people]
    assert [_same(t) for t in _styled(document, "Abstract")] == [_same(plain_text(source.standfirst))]
    # the front matter is not text: none of its keys is printed, nor a description of its people
    assert not [p.text for p in document.paragraphs if re.match(r"(rubric|kind|authors|title|standfirst):", p.text)]
    descriptions = [_same(plain_text(person.description)) for person in source.people if person.description]
    assert descriptions and not [p.text for p in document.paragraphs if _same(p.text) in descriptions]


def test_the_word_file_holds_the_body_and_the_blocks_in_the_templates_styles(docx, source):
    from horizons_pub.model.inlines import plain_text
    from horizons_pub.model.nodes import Heading, Paragraph, PullQuote, Sidebar

    _data, document = docx
    shown = [_same(p.text) for p in document.paragraphs]
    paragraphs = [b for b in source.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) > 3 and all(_same(plain_text(p.children)) in shown for p in paragraphs)
    # the intertitles (##) are Word's Heading 1, as the import reads them back
    assert [_same(t) for t in _styled(document, "Heading 1")] == [
        _same(plain_text(b.children)) for b in source.blocks if isinstance(b, Heading) and b.level == 2]
    sidebars = [b for b in source.blocks if isinstance(b, Sidebar)]
    assert sidebars and [_same(t) for t in _styled(document, "HP Encadré titre")] == [
        _same(plain_text(s.title)) for s in sidebars]
    assert [_same(t) for t in _styled(document, "HP Exergue")] == [
        _same(plain_text(b.children)) for b in source.blocks if isinstance(b, PullQuote)]
    assert len(document.tables) == sum(1 for b in source.blocks if type(b).__name__ == "Table") > 0


def _footnotes(data: bytes) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    return ["".join(note.itertext()) for note in root.iter(f"{W}footnote")
            if int(note.get(f"{W}id")) > 0]  # -1 and 0: Word's separators


def test_the_notes_are_word_footnotes_with_their_text_a_captions_note_too(docx, source):
    from horizons_pub.model.inlines import plain_text
    from horizons_pub.model.nodes import Figure

    data, _document = docx
    texts = [_same(t) for t in _footnotes(data)]
    assert len(texts) == len(source.note_defs) > 3
    for note in source.note_defs:  # each note's paragraphs, in its one footnote
        said = [_same(plain_text(b.children)) for b in note.blocks if hasattr(b, "children")]
        assert said and any(all(part in text for part in said) for text in texts), note.label
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert body.count("<w:footnoteReference ") == len(source.note_defs)
    # a note called in a figure's caption (drome.md: [^pompes]) is a footnote of the caption's paragraph
    captions = re.findall(r'<w:pStyle w:val="ImageCaption" />.*?</w:p>', body, re.S)
    called = [f for f in source.blocks if isinstance(f, Figure) and "NoteRef" in repr(f.caption)]
    assert called and sum(c.count("<w:footnoteReference ") for c in captions) == len(called)


def test_the_figures_are_embedded_with_their_alternative_text_caption_and_credit(docx, source):
    from horizons_pub.model.inlines import plain_text
    from horizons_pub.model.nodes import Figure

    data, document = docx
    figures = [b for b in source.blocks if isinstance(b, Figure)]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = sorted(z.read(n) for n in z.namelist() if n.startswith("word/media/"))
        body = z.read("word/document.xml").decode("utf-8")
    assert figures and media == sorted((MAGAZINE / f.src).read_bytes() for f in figures)
    described = [html.unescape(d) for d in re.findall(r'<wp:docPr descr="([^"]*)"', body)]
    assert [_same(d) for d in described] == [_same(f.alt) for f in figures]
    assert [_same(t) for t in _styled(document, "Image Caption")] == [_same(plain_text(f.caption)) for f in figures]
    assert [_same(t) for t in _styled(document, "HP Crédit")] == [_same(plain_text(f.credit)) for f in figures]


def test_small_capitals_are_words_small_capitals(issue):
    import docx as python_docx

    from horizons_pub.commands.proof import proof_docx
    from horizons_pub.model.inlines import SmallCaps, plain_text
    from horizons_pub.reader.issue import read_issue_partial
    from horizons_pub.support.diagnostics import Reporter

    article = read_issue_partial(MAGAZINE, Reporter(echo=False)).article("reseaux-chaleur")
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, SmallCaps):
            found.append(plain_text(node.children))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    walk((article.blocks, article.note_defs))
    document = python_docx.Document(io.BytesIO(proof_docx(issue, MAGAZINE, "reseaux-chaleur")))
    runs = [run.text for p in document.paragraphs for run in p.runs if run.font.small_caps]
    assert found and runs == found


# -- what is refused ----------------------------------------------------------------------------------------------


def test_an_unknown_article_is_said_with_the_nearest_id_and_nothing_is_written(tmp_path):
    status, stdout, stderr = _run(id="drom", out=str(tmp_path), docx=True)
    assert status == 1 and stdout == ""
    assert "[proof.unknown-article]" in stderr and "did you mean 'drome'?" in stderr, stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_box_printed_on_another_parts_page_has_no_pdf_of_its_own(tmp_path):
    status, _stdout, stderr = _run(id="boite-a-idees", out=str(tmp_path))
    assert status == 1 and "[proof.box]" in stderr and "page 3" in stderr, stderr
    assert list(tmp_path.iterdir()) == []


def test_a_broken_source_is_said_and_no_proof_is_made(tmp_path):
    issue_dir = tmp_path / "source" / "hp-99"
    shutil.copytree(MAGAZINE, issue_dir)
    article = issue_dir / "articles" / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("rubric: ", "rubric: x", 1), encoding="utf-8")
    status, stdout, stderr = _run(id=ARTICLE, issue=str(issue_dir), out=str(tmp_path / "out"))
    assert status == 1 and stdout == ""
    assert "[article.unknown-rubric]" in stderr and "[proof.failed]" in stderr, stderr
    assert "Traceback" not in stderr and not (tmp_path / "out").exists()


def test_pandoc_failing_is_said_and_nothing_is_written(proved, tmp_path, monkeypatch):
    from horizons_pub.support import pandoc
    from horizons_pub.support.pandoc import PandocError

    def missing() -> str:
        raise PandocError("pandoc was not found: pip install pypandoc-binary")

    monkeypatch.setattr(pandoc, "pandoc_path", missing)
    out = tmp_path / "out"
    shutil.copytree(proved[0], out / proved[0].name, ignore=shutil.ignore_patterns("proofs"))
    status, stdout, stderr = _run(id=ARTICLE, out=str(out), docx=True)
    assert status == 1 and "[proof.pandoc]" in stderr and "pypandoc-binary" in stderr, stderr
    assert "Traceback" not in stderr and not (out / proved[0].name / "proofs").exists()
