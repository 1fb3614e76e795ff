"""What ``build`` and ``check`` say they wrote: each edition, and the articles' files as one line for their
folder (42 names for issue 38 would hide the editions)."""

from __future__ import annotations

from pathlib import Path

from horizons_pub.builder.summary import output_labels


def test_the_articles_files_are_one_label_in_place_of_the_first():
    out = Path("build/hp-38")
    outputs = [out / "horizons-publics-38.epub", out / "articles/edito.xml", out / "articles/edito.pdf",
               out / "articles/laurent/photo.jpg", out / "articles/laurent.pdf", out / "articles/laurent.xml",
               out / "horizons-publics-38-onix.xml", out / "layout.json"]
    assert output_labels(outputs, str) == [
        "build/hp-38/horizons-publics-38.epub", "build/hp-38/articles/ (1 JPG, 2 PDF, 2 XML)",
        "build/hp-38/horizons-publics-38-onix.xml", "build/hp-38/layout.json"]
    assert output_labels(outputs[:2], lambda p: p.name) == ["horizons-publics-38.epub", "articles/ (1 XML)"]


def test_without_articles_every_output_is_its_own_label():
    outputs = [Path("out/hp-test/a.epub"), Path("out/hp-test/b.pdf")]
    assert output_labels(outputs, str) == ["out/hp-test/a.epub", "out/hp-test/b.pdf"]
