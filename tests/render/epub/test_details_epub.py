"""The French typographic details in the EPUB's text (issue 14): each rule of docs/source-format.md
section 5 as the reader finds it in the book's XHTML, the markup of its nodes included.

Built like the book (read, transforms, then ``page_xhtml``, the bytes the EPUB stores), without
packing a whole EPUB; tests/transforms/test_details.py has the same rules on the model.
"""

from __future__ import annotations

import pytest
from helpers import article, load, write_issue
from lxml import etree

from horizons_pub.render.epub.documents import documents, page_xhtml
from horizons_pub.render.pages import PageMap

NBSP, NNBSP = "\u00a0", "\u202f"

BODY = """Le 1er mai, la 1re fois, le 2e jour, la 2nde et le 1ère.

Au XXIe siècle, sous la Ve République.

Mme Roux, Mlle Martin, Me Dupont et Dr Martin ; Me voilà.

Le n° 4 et les nos 5 et 6.

Un logement de 30 m2 sur 5 km2 ; le m3 d'eau.

Le CO2 et le CH4.

Le travail - ici - continue, de 2019-2024.

L'INRAE, la CNIL et [l'ADEME]{.smallcaps}, mais Louis XIV.

Elinor Ostrom, et les [commons]{lang=en} de [Me Too and the CNIL]{lang=en}.
"""

RULES = {
    "ordinal": ["1<sup>er</sup> mai", "1<sup>re</sup> fois", "2<sup>e</sup> jour", "2<sup>nde</sup>", "1<sup>re</sup>."],
    "century": ['<span class="caps">XXI</span><sup>e</sup> siècle', "V<sup>e</sup> "],
    "abbreviation": ["M<sup>me</sup> ", "M<sup>lle</sup> ", "M<sup>e</sup> ", "D<sup>r</sup> ", "Me voilà"],
    "numero": [f"n<sup>o</sup>{NBSP}4", "n<sup>os</sup> 5"],
    "unit": [f"30{NNBSP}m<sup>2</sup>", f"5{NNBSP}km<sup>2</sup>", "m<sup>3</sup> d’eau"],
    "formula": ["CO<sub>2</sub>", "CH<sub>4</sub>"],
    "dash": [f"travail{NBSP}– ici{NBSP}– continue", "2019-2024"],
    "acronym": ['<span class="caps">INRAE</span>', '<span class="caps">CNIL</span>',
                '<span class="smallcaps">l’<span class="caps">ADEME</span></span>', "Louis XIV"],
    "capitalised": ['<span class="nohyph">Ostrom</span>', '<span class="nohyph">Elinor</span>'],
    "foreign": ['<span lang="en" xml:lang="en">commons</span>',
                '<span lang="en" xml:lang="en">Me Too and the CNIL</span>'],
}


@pytest.fixture(scope="module")
def xhtml(tmp_path_factory) -> str:
    import os

    here = os.getcwd()
    workdir = tmp_path_factory.mktemp("details")
    os.chdir(workdir)  # the reader shows paths relative to the current folder
    try:
        issue, rep = load(write_issue(workdir, {"a": article(BODY)}))
    finally:
        os.chdir(here)
    assert issue is not None, [d.format() for d in rep.diagnostics]
    doc = next(d for d in documents(issue, PageMap.planned(issue)) if d.article is not None)
    data = page_xhtml(issue, doc)
    etree.fromstring(data)  # well-formed XHTML
    return data.decode("utf-8")


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_in_the_epub_text(xhtml, rule):
    for expected in RULES[rule]:
        assert expected in xhtml, f"{rule}: {expected!r} not in the EPUB text"


def test_no_detail_inside_foreign_words(xhtml):
    english = xhtml.split('xml:lang="en">', 2)[2].split("</span>")[0]
    assert english == "Me Too and the CNIL"


def test_the_epub_stylesheet_sets_the_details():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "layouts" / "epub" / "epub.css").read_text(encoding="utf-8")
    assert ".caps { font-variant-caps: all-small-caps; }" in css
    assert "hyphenate-limit-chars: 6 3 3" in css
    assert '.nohyph, .caps, [lang]:not([lang|="fr"]) {' in css


def test_the_epub_fonts_keep_the_small_capitals_of_the_capitals():
    # the book's Charis SIL is a subset: its c2sc lookups must still map the capitals typed (INRAE)
    import io
    from pathlib import Path

    from fontTools.ttLib import TTFont

    from horizons_pub.render.epub.fonts import subset_fonts

    css = (Path(__file__).resolve().parents[3] / "layouts" / "epub" / "epub.css").read_text(encoding="utf-8")
    fonts = {Path(name).name: data for name, _, data in subset_fonts(css, "L’INRAE et la CNIL")}
    font = TTFont(io.BytesIO(fonts["CharisSIL-Regular.ttf"]))
    gsub, cmap = font["GSUB"].table, font.getBestCmap()
    mapped = {}
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "c2sc":
            for index in record.Feature.LookupListIndex:
                for table in gsub.LookupList.Lookup[index].SubTable:
                    mapped.update(getattr(getattr(table, "ExtSubTable", table), "mapping", {}) or {})
    for letter in "INRAECL":
        glyph = cmap[ord(letter)]
        assert glyph in mapped and mapped[glyph] != glyph, f"no small capital for {letter}"
