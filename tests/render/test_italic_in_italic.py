"""Italic inside italic turns roman, in the print and the EPUB styles alike: the styles computed by
WeasyPrint from layouts/print/print.css and layouts/epub/epub.css for real markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import CSS, HTML

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"

MARKUP = """<html lang="fr"><body>
<p>Un <em>titre cité dans <em>Le Monde</em> et <em>encore <em>plus</em></em></em> puis roman.</p>
<p class="signature">Signé <em>Libération</em> et la suite</p>
<figure><figcaption>Légende <span class="credit">Photo <em>Ouest-France</em> crédit</span></figcaption></figure>
</body></html>"""


def styles(css: Path) -> dict[str, str]:
    """Each word of the markup → its computed font-style."""
    document = HTML(string=MARKUP).render(stylesheets=[CSS(filename=str(css))])
    found: dict[str, str] = {}

    def walk(box):
        text = getattr(box, "text", None)
        if text:
            for word in text.split():
                found.setdefault(word, box.style["font_style"])
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


@pytest.mark.parametrize("css", ["print/print.css", "epub/epub.css"])
def test_italic_in_italic_is_roman(css):
    got = styles(LAYOUTS / css)
    assert got["titre"] == "italic" and got["roman."] == "normal"
    assert got["Le"] == got["Monde"] == "normal", got  # italic in italic
    assert got["encore"] == "normal" and got["plus"] == "italic", got  # and italic again one level down
    assert got["Signé"] == "italic" and got["Libération"] == "normal", got  # in an italic signature
    assert got["Photo"] == "italic" and got["Ouest-France"] == "normal", got  # in an italic credit
