"""The author's proof read back: every article of the realistic test issue (tests/data/magazine: notes,
tables, figures with credits, encadrés with lists, exergues, interviews) written as a Word file by
``proof --docx``, then imported: the same article, on the model, after the notes and the French
typography have run, but for what a Word file cannot carry (said in docs/import.md): the notes' labels
(they are numbered), a figure's file name (its bytes are compared) and its ``place=``, the words marked in
another language, the people's descriptions and the running head's short title.  Two articles are left
out: in gand and bibliotheques, words marked in Dutch and English (``[Lichtplan]{lang=nl}``) come back
unmarked, so the French details treat them as French (a capitalised word is kept unhyphenated): the
language marks are what a Word file imported loses."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers.model_compare import without_pos
from horizons_pub.commands.proof import proof_docx
from horizons_pub.reader.docx.article import read_docx
from horizons_pub.reader.docx.stylemap import default_style_map
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.transforms.details import french_details
from horizons_pub.transforms.notes import number_notes
from horizons_pub.transforms.typography import french_typography

MAGAZINE = Path(__file__).resolve().parents[1] / "data" / "magazine"


def comparable(node, image_bytes):
    """The model as plain values, without what a Word file cannot carry (the module's docstring)."""
    if isinstance(node, dict):
        if node.get("node") == "Foreign":
            return [comparable(child, image_bytes) for child in node["children"]]
        out = {key: comparable(value, image_bytes) for key, value in node.items()}
        if out.get("node") == "Note":
            out["label"] = ""
        if out.get("node") == "Figure":
            out["src"], out["place"] = hashlib.sha256(image_bytes(node["src"])).hexdigest(), ""
        return out
    if isinstance(node, tuple):
        flat: list = []
        for item in node:
            value = comparable(item, image_bytes)
            flat.extend(value if isinstance(value, list) else [value])
        return tuple(_joined(flat))
    return node


def _joined(nodes: list) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, dict) and node.get("node") == "Text" and out and isinstance(out[-1], dict) \
                and out[-1].get("node") == "Text":
            out[-1] = {**out[-1], "text": out[-1]["text"] + node["text"]}
        else:
            out.append(node)
    return out


def transformed(article):
    return french_details(french_typography(number_notes(article, Reporter(echo=False))))


@pytest.fixture(scope="module")
def issue():
    return read_issue(MAGAZINE, Reporter(echo=False))


@pytest.mark.slow
@pytest.mark.parametrize("article_id", ["achats-publics", "budgets", "drome", "kessler", "martin", "piscine",
                                        "reseaux-chaleur", "dossier", "edito", "boite-a-idees"])
def test_a_proof_imported_again_is_the_same_article(issue, article_id: str) -> None:
    article = issue.article(article_id)
    reporter = Reporter(echo=False)
    imported = read_docx(proof_docx(issue, MAGAZINE, article_id), f"{article_id}-bat.docx", article_id,
                         article.rubric, default_style_map(), reporter)
    assert imported is not None and not reporter.errors, [d.format() for d in reporter.diagnostics]
    images = {image.path: image.data for image in imported.images}
    want, got = transformed(article), transformed(imported.article)
    for key in ("title", "standfirst", "blocks"):
        assert comparable(without_pos(getattr(got, key)), images.__getitem__) == \
            comparable(without_pos(getattr(want, key)), lambda src: (MAGAZINE / src).read_bytes()), key
    assert [p.name for p in got.people] == [p.name for p in want.people]
