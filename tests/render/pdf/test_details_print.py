"""The French details and the hyphenation in print, measured on WeasyPrint's layout (issue 14).

WeasyPrint lays out a few paragraphs written by the print writer with the print stylesheets;
no build.  What is measured: acronyms are set in the font's real small capitals of the capitals
(Charis SIL's c2sc: the word comes out narrower than in capitals, while its text stays « INRAE »
for search and copy); superscripts and subscripts leave the line spacing alone; no hyphenation
leaves fewer than 3 letters on either side; words that start with a capital, acronyms and
foreign words are never hyphenated, while ordinary French words still are.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path

from helpers import article, load, write_issue
from lxml import etree

from horizons_pub.render.html.writer import HtmlWriter

ROOT = Path(__file__).resolve().parents[3]
CSS = [ROOT / "layouts" / "common" / "fonts.css", ROOT / "layouts" / "print" / "print.css"]
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character

LONG_FRENCH = ("Les collectivités territoriales expérimentent continuellement des méthodologies "
               "participatives, intercommunales et transversales, particulièrement dans l'administration "
               "numérique, l'accompagnement personnalisé et l'aménagement durable des territoires ruraux. ")
NAMES = ("Constantinople, Massachusetts, Montmorillon, Schwarzenegger et Aubervilliers rencontrent "
         "Chateaubriand, Villeurbanne, Ouagadougou, Tananarive et Valenciennes. ")


def _html(body: str, width_mm: float) -> tuple[str, str]:
    here = os.getcwd()
    workdir = Path(tempfile.mkdtemp(prefix="details-print-"))
    os.chdir(workdir)
    try:
        issue, rep = load(write_issue(workdir, {"a": article(body)}))
    finally:
        os.chdir(here)
    assert issue is not None, [d.format() for d in rep.diagnostics]
    root = etree.Element("div", style=f"width: {width_mm}mm")
    HtmlWriter(issue, "print").blocks(root, issue.article("a").blocks)
    fragment = etree.tostring(root, encoding="unicode", method="html")
    return f'<html lang="fr"><body>{fragment}</body></html>', fragment


@functools.cache
def _lines(body: str, width_mm: float) -> list[tuple[str, float, list]]:
    """(text, height, text boxes) of every laid-out line."""
    from weasyprint import CSS as WCSS
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html, _ = _html(body, width_mm)
    fonts = FontConfiguration()
    sheets = [WCSS(filename=str(p), font_config=fonts) for p in CSS]
    doc = HTML(string=html, base_url=str(ROOT)).render(stylesheets=sheets, font_config=fonts)
    lines: list[tuple[str, float, list]] = []

    def walk(box, inside: bool = False) -> None:
        inside = inside or getattr(box, "element_tag", None) == "body"  # not the page's margin boxes (folios)
        if inside and type(box).__name__ == "LineBox":
            texts = []

            def leaves(b):
                if type(b).__name__ == "TextBox":
                    texts.append(b)
                for c in getattr(b, "children", ()):
                    leaves(c)

            leaves(box)
            lines.append(("".join(t.text for t in texts), box.height, texts))
            return
        for child in getattr(box, "children", ()):
            walk(child, inside)

    for page in doc.pages:
        walk(page._page_box)
    return lines


def test_the_print_html_marks_the_details():
    _, html = _html("Le 1er de l'INRAE, le CO2 et les [commons]{lang=en} d'Ostrom.", 80)
    assert "1<sup>er</sup>" in html and "CO<sub>2</sub>" in html
    assert '<span class="caps">INRAE</span>' in html and '<span class="nohyph">Ostrom</span>' in html
    assert '<span lang="en">commons</span>' in html  # HTML for WeasyPrint: lang (xml:lang is XHTML's)


def test_acronyms_use_the_fonts_real_small_capitals():
    lines = _lines("INRAE [INRAE]{.smallcaps} `INRAE`", 120)
    boxes = [t for _, _, texts in lines for t in texts if t.text.strip() == "INRAE"]
    assert len(boxes) == 3, [t.text for t in boxes]
    code, caps, smallcaps = sorted(boxes, key=lambda t: t.style["font_family"] != ("Inter",))
    # the body's INRAE and [INRAE]{.smallcaps} are the same small capitals; a code span stays in capitals
    assert caps.style["font_variant_caps"] == smallcaps.style["font_variant_caps"] == "all-small-caps"
    assert code.style["font_variant_caps"] == "normal"
    assert abs(caps.width - smallcaps.width) < 0.01
    # the glyphs are the font's small capitals: as wide as small caps of the lowercase word (smcp),
    # narrower than the capitals (left in capitals in another language)
    lowercase = _lines("[inrae]{.smallcaps}", 120)[0][2][0]
    capitals = _lines("[INRAE]{lang=en}", 120)[0][2][0]
    assert capitals.text == "INRAE" and capitals.style["font_variant_caps"] == "normal"
    assert abs(caps.width - lowercase.width) < 0.01, (caps.width, lowercase.width)
    assert caps.width < 0.95 * capitals.width, (caps.width, capitals.width)


def test_superscripts_and_subscripts_keep_the_line_spacing():
    body = ("Texte courant sans rien. " * 6 + "\n\nLe 1er, Mme, n° 4, 30 m2, le XXIe siècle et le CO2, "
            "le 2e, Mlle, le CO2, le CH4 et les 1res, puis encore du texte ordinaire.")
    heights = {round(h, 3) for _, h, _ in _lines(body, 50)}
    assert len(heights) == 1, heights  # every line the height of the line grid (12.6 pt)


def test_hyphenation_leaves_three_letters_and_spares_names():
    body = (LONG_FRENCH * 3 + "\n\n" + NAMES * 3 + "\n\n"
            + "[Transformations interdisciplinaires extraordinairement]{lang=en} " * 3
            + "\n\nle CNRS, l'INRAE, l'ADEME, l'UNESCO, la DREAL, l'ANCT, la CNIL et l'OCDE. " * 3)
    lines = _lines(body, 38)
    cut = [(text, lines[i + 1][0]) for i, (text, _, _) in enumerate(lines[:-1]) if text.rstrip().endswith(HYPHEN)]
    assert len(cut) >= 3, "French hyphenation is off: no word was cut"
    for first, second in cut:
        before = re.search(r"(\w+)" + HYPHEN + r"\s*$", first).group(1)
        after = re.match(r"\W*(\w+)", second).group(1)
        assert len(before) >= 3 and len(after) >= 3, (before, after)
        assert not before[0].isupper(), f"a capitalised word cut: {before}-{after}"
        assert (before + after).lower() not in "transformations interdisciplinaires extraordinairement", \
            f"a word in another language cut: {before}-{after}"
