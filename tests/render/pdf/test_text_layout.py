"""Issue 14 in the print layout: sidebars split with « (suite) », lists that start where the source says,
URLs without an added hyphen, running heads on one line, notes in the notes' style wherever called.

Each test lays out one part with the real WeasyPrint (``typeset.lay_out_part``, the build's own job)
and reads its boxes or its PDF's text back.
"""

from __future__ import annotations

import re
from itertools import pairwise
import subprocess

import pytest
from lxml import etree
from lxml import html as lxml_html

from helpers import article, load, write_issue
from horizons_pub.model import fr
from horizons_pub.model.nodes import plain_text
from horizons_pub.render.html.urls import BEFORE, SEPARATORS, break_points, is_url_text, url_spans
from horizons_pub.render.pdf import sidebars
from horizons_pub.render.pdf.paragraph_cut import split_paragraph
from horizons_pub.render.pdf.documents import article_doc, stylesheet_paths
from horizons_pub.render.pdf.heads import long_heads, running_head
from horizons_pub.render.pdf.job import DocumentMeta, PartJob
from horizons_pub.render.pdf.typeset import lay_out_part
from horizons_pub.render.sandbox import SandboxFetcher

pytestmark = pytest.mark.slow

PARA = ("Les communes rurales ont engagé des travaux d'isolation des écoles, des mairies et des salles des "
        "fêtes, financés par des subventions de l'État et de la région, avec le concours des syndicats d'énergie. ")


def part_job(folder, article_id: str) -> tuple[object, PartJob]:
    issue, rep = load(folder)
    assert issue is not None, [d.format() for d in rep.diagnostics]
    part = next(p for p in issue.flatplan if p.article == article_id)
    doc = article_doc(issue, part, issue.article(article_id), part.page, "print", linked=False)
    return issue, PartJob(str(folder), "print", doc.html, 1_700_000_000, DocumentMeta(title=doc.key), "test-env")


def render_document(folder, html: str):
    """The part's HTML laid out as typeset lays it out (its stylesheets, the presentational hints)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = SandboxFetcher(folder.resolve()), FontConfiguration()
    sheets = [CSS(filename=str(path), font_config=fonts, url_fetcher=fetcher) for path in stylesheet_paths()]
    return HTML(string=html, base_url=folder.resolve().as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts, presentational_hints=True)


def pdf_lines(data: bytes) -> list[str]:
    proc = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return proc.stdout.decode().splitlines()


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------

def test_a_list_starting_at_3_prints_3_4_5(workdir):
    body = "Un paragraphe.\n\n3. troisième point ;\n4. quatrième point ;\n5. cinquième point.\n"
    _, job = part_job(write_issue(workdir, {"a": article(body, kind="editorial")}), "a")
    data, _ = lay_out_part(job)
    numbers = [m.group(1) for line in pdf_lines(data) if (m := re.match(r"\s*(\d)\.\s+\w+ème point", line))]
    assert numbers == ["3", "4", "5"]


# ---------------------------------------------------------------------------
# URLs
# ---------------------------------------------------------------------------

URLS = ["https://www.ecologie.gouv.fr/politiques/transition-energetique-des-territoires?source=horizons",
        "contact.transition-energetique@ecologie-territoires.gouv.fr",
        "www.ecologie.gouv.fr/sobriete-energetique-collectivites"]


def test_url_pieces():
    assert url_spans("Voir https://a.fr/b. Et x@y.fr, puis") == [
        ("Voir ", False), ("https://a.fr/b", True), (". Et ", False), ("x@y.fr", True), (", puis", False)]
    assert url_spans("p. 12 et M. Dupont.") == [("p. 12 et M. Dupont.", False)]
    assert break_points("https://www.a-b.fr/c?d=1") == ["https://", "www.", "a", "-b.", "fr/", "c?d=1"]
    assert break_points("redaction@horizonspublics.fr") == ["redaction@", "horizonspublics.fr"]
    assert is_url_text("horizonspublics.fr", "https://horizonspublics.fr/")
    assert is_url_text("redaction@horizonspublics.fr", "mailto:redaction@horizonspublics.fr")
    assert not is_url_text("le site", "https://horizonspublics.fr")
    assert set(SEPARATORS) >= set("/.?") and BEFORE == "-"


def test_urls_break_after_their_separators_without_an_added_hyphen(workdir):
    text = (f"Une introduction. Voir {URLS[0]} et écrire à {URLS[1]} pour en savoir plus sur "
            f"[{URLS[2]}](https://{URLS[2]}). " + PARA * 2) * 3
    _, job = part_job(write_issue(workdir, {"a": article(text, rubric="dossier")}), "a")
    data, _ = lay_out_part(job)
    columns = _laid_lines(data)
    checked = 0
    for url in URLS:
        for run in _runs(columns, url):
            checked += 1
            for line, following in pairwise(run):
                assert not line.endswith(("\u2010", "-")), f"a line ends with a hyphen in {url}: {run}"
                assert line[-1] in SEPARATORS or following.startswith(BEFORE), \
                    f"{url} broken after {line[-1]!r}, not after a separator nor before a hyphen: {run}"
    assert checked >= 6, "the URLs were not found on the laid-out lines"
    assert any(len(run) > 1 for url in URLS for run in _runs(columns, url)), "no URL was broken: nothing tested"


def _laid_lines(data: bytes) -> list[str]:
    """The PDF's text lines, as poppler finds them (column by column: ``pdftotext -bbox-layout``)."""
    proc = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True, check=True)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    root = etree.fromstring(proc.stdout)
    return [" ".join(w.text for w in line.iterfind("h:word", ns)) for line in root.iterfind(".//h:line", ns)]


def _runs(lines: list[str], url: str):
    """The runs of consecutive lines over which ``url`` is set (a hyphen the layout added, U+2010, left out
    when joining them, so that a run with one is found and refused)."""
    for i, line in enumerate(lines):
        for start in range(len(line)):
            if start and line[start - 1] != " ":
                continue
            piece = line[start:]
            run, joined, j = [piece], piece, i
            while not joined.startswith(url) and url.startswith(joined.rstrip("\u2010")) and j + 1 < len(lines):
                j += 1
                run.append(lines[j])
                joined = joined.rstrip("\u2010") + lines[j]
            if joined.startswith(url):
                yield run
                break


# ---------------------------------------------------------------------------
# Notes called from a caption
# ---------------------------------------------------------------------------

def test_a_note_called_from_a_caption_a_credit_a_question_an_exergue_or_a_sidebar_takes_the_notes_style(workdir):
    body = ("::: question\nUne question[^q] ?\n:::\n\n" + PARA
            + "\n\n![Un schéma](images/s.png \"Une légende avec une note[^n].\"){credit=\"© Crédit[^c]\"}\n\n"
            + "::: exergue\nUne phrase en exergue[^x].\n:::\n\n::: encadre\n### Un encadré\n\nSon texte[^e].\n:::\n\n"
            + PARA + "\n\n[^n]: La note de la légende.\n[^c]: La note du crédit.\n[^q]: La note de la question.\n"
            "[^x]: La note de l'exergue.\n[^e]: La note de l'encadré.\n")
    folder = write_issue(workdir, {"a": article(body, rubric="dossier", kind="interview")},
                         images={"images/s.png": (600, 400)})
    _, job = part_job(folder, "a")
    from weasyprint.formatting_structure import boxes

    document = render_document(folder, job.html)
    styles, calls, text, credit = [], [], [], []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.FootnoteAreaBox):
                styles += [t.style for t in box.descendants() if isinstance(t, boxes.TextBox)
                           and not (t.element_tag or "").endswith("::footnote-marker")
                           and t.text.strip() and "note" in t.text]
            elif (box.element_tag or "").endswith("::footnote-call"):
                calls += [t.style for t in box.descendants() if isinstance(t, boxes.TextBox)]
            elif isinstance(box, boxes.TextBox) and box.text.startswith("Les communes"):
                text.append(box.style)
            elif isinstance(box, boxes.TextBox) and box.text.startswith("©"):
                credit.append(box.style)
    assert len(styles) == 5, "the five notes are not at the page's foot"
    assert text and credit and calls
    assert credit[0]["color"] != text[0]["color"] and credit[0]["font_style"] == "italic"  # what a note must not take
    for style in styles:
        assert style["font_family"] == ("Charis SIL",)
        assert round(style["font_size"] * 0.75, 1) == 7.4  # px → pt
        assert style["font_style"] == "normal" and style["font_weight"] == 400
        assert style["color"] == text[0]["color"]  # the ink, not the credit's grey
    for style in calls:  # the calls: one size and style, whether in the caption or the italic grey credit
        assert style["font_family"] == ("Inter",) and style["font_style"] == "normal"
        assert style["color"] == text[0]["color"] and style["font_size"] == calls[0]["font_size"]


# ---------------------------------------------------------------------------
# Running heads
# ---------------------------------------------------------------------------

DOSSIER_TITLE = ("Sobriété énergétique : les collectivités territoriales à l'heure des choix difficiles et des "
                 "arbitrages budgétaires")


@pytest.mark.parametrize("short", [None, "La *sobriété* au village"], ids=["long", "short_title"])
def test_a_running_head_too_long_is_measured_and_short_title_shortens_it(workdir, short):
    meta = {"short_title": short} if short else {}
    text = article(PARA * 40, rubric="terrain", **meta)
    folder = write_issue(workdir, {"a": text}, issue={"title": DOSSIER_TITLE})
    issue, job = part_job(folder, "a")
    head = running_head(issue, issue.article("a"))
    assert head == "Dossier · Sur le terrain — " + ("La sobriété au village" if short else plain_text(issue.title))
    data, facts = lay_out_part(job)
    heads = [t for t, _, _ in facts.long_heads]
    if short:
        assert heads == []
        assert any("L A S O B R I É T É A U V I L L AG E" in line for line in pdf_lines(data))
    else:
        assert heads == [head.upper()]
        (_, width, room) = facts.long_heads[0]
        assert width > room > 300


def test_running_heads_never_wrap(workdir):
    folder = write_issue(workdir, {"a": article(PARA * 40, rubric="terrain")}, issue={"title": DOSSIER_TITLE})
    _, job = part_job(folder, "a")
    document = render_document(folder, job.html)
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        for box in page._page_box.children:
            if isinstance(box, boxes.MarginBox) and box.at_keyword in ("@top-left", "@top-right"):
                assert sum(isinstance(b, boxes.LineBox) for b in box.descendants()) <= 1
    assert long_heads(document)


# ---------------------------------------------------------------------------
# Sidebars
# ---------------------------------------------------------------------------

LONG_SIDEBAR = "\n\n".join(PARA * 3 for _ in range(7))


def sidebar_issue(workdir, title: bool = True):
    head = "### Un long encadré sur les travaux\n\n" if title else ""
    body = (f"{PARA * 5}\n\n::: encadre\n### Un encadré court\n\nLe texte, avec une note[^t].\n:::\n\n"
            f"{PARA * 6}\n\n::: encadre\n{head}{LONG_SIDEBAR}\n:::\n\n{PARA * 6}\n\n[^t]: La note de l'encadré.\n")
    return write_issue(workdir, {"a": article(body, rubric="dossier")})


def _words(text: str) -> list[str]:
    return text.replace("\u2019", "'").split()  # the typography's apostrophes


@pytest.mark.parametrize("title", [True, False], ids=["titled", "untitled"])
def test_a_long_sidebar_is_split_with_a_continuation(workdir, title):
    folder = sidebar_issue(workdir, title)
    _, job = part_job(folder, "a")
    document, html = sidebars.settle(job.html, lambda h: render_document(folder, h))
    root = lxml_html.document_fromstring(html)
    parts = [a for a in root.iter("aside") if a.get("data-sidebar", "").split(".")[0] == "2"]
    assert len(parts) >= 2, "the long sidebar was not split"
    fragments = sidebars.sidebar_fragments(document)
    assert all(len(f) == 1 for f in fragments.values()), "a part of a sidebar is still broken"
    # the continuation says « (suite) »; every part has a name of its own
    for part in parts[1:]:
        head = part[0]
        assert head.text_content().endswith(fr.CONTINUED)
        assert head.text_content() == (f"Un long encadré sur les travaux {fr.CONTINUED}" if title else fr.CONTINUED)
    names = [a.get("aria-label") for a in root.iter("aside") if "encadre" in a.get("class", "")]
    assert len(names) == len(set(names))
    assert names[2] == ("Encadré 2\u00a0: Un long encadré sur les travaux (suite)" if title else "Encadré 2 (suite)")
    # not a word lost or doubled
    text = " ".join(" ".join(b.text_content() for b in part if "encadre-title" not in (b.get("class") or "")
                             and "encadre-continued" not in (b.get("class") or "")) for part in parts)
    assert _words(text) == _words(LONG_SIDEBAR)
    # the first part starts where it is called (no hole before it) and ends at the column's foot: no empty tint
    first = fragments[parts[0].get("data-sidebar")][0]
    page = next(p._page_box for p in document.pages if first in list(p._page_box.descendants()))
    from weasyprint.formatting_structure import boxes

    notes = [b.position_y for b in page.descendants() if isinstance(b, boxes.FootnoteAreaBox) and b.children]
    foot = min(notes, default=page.content_box_y() + page.height)  # the text's foot: above the notes
    line = 11.8 / 0.75  # the sidebar's line, in px
    assert first.position_y > page.content_box_y() + 5 * line, "the long sidebar was moved to a column's top"
    # its tint ends with its text (padding cloned), and the text at the column's foot, give or take the lines
    # that widows, orphans and the columns' balance keep apart
    assert foot - (first.position_y + first.margin_height()) < 4 * line, "a hole at the foot of the first part"
    last_line = [b for b in first.descendants() if type(b).__name__ == "LineBox"][-1]
    assert first.position_y + first.margin_height() - (last_line.position_y + last_line.height) < 20, \
        "empty tint under the first part's text"


def test_a_sidebar_that_fits_a_column_is_kept_whole(workdir):
    folder = sidebar_issue(workdir)
    _, job = part_job(folder, "a")
    document, _ = sidebars.settle(job.html, lambda h: render_document(folder, h))
    assert len(sidebars.sidebar_fragments(document)["1"]) == 1


def test_split_paragraph_keeps_markup_and_notes_whole():
    p = etree.fromstring('<p>Un <em>texte avec</em> une note<span class="footnote">La note longue</span> et'
                         ' la <a href="x">fin du</a> paragraphe.</p>')
    first, second = split_paragraph(p, len("Untexteavecunenoteetla"))
    assert etree.tostring(first, encoding="unicode") == (
        '<p>Un <em>texte avec</em> une note<span class="footnote">La note longue</span> et la</p>')
    assert etree.tostring(second, encoding="unicode") == '<p><a href="x">fin du</a> paragraphe.</p>'
    # a cut inside a word (a hyphen the layout added) sends the whole word on
    first, second = split_paragraph(p, len("Untex"))
    assert etree.tostring(first, encoding="unicode") == "<p>Un <em></em></p>"
    assert second.xpath("string()").startswith("texte avec")


@pytest.mark.parametrize("kind", ["article", "editorial"], ids=["two columns", "one column"])
def test_sidebars_that_fit_are_never_broken(workdir, kind):
    """Sidebars of a third of a column between paragraphs: some meet a column's (or the page's) foot, and move
    on whole rather than break."""
    side = "::: encadre\n### Un encadré moyen\n\n" + PARA * 3 + "\n:::\n\n"
    body = "".join(PARA * (1 + i % 3) + "\n\n" + side for i in range(8))
    folder = write_issue(workdir, {"a": article(body, rubric="dossier", kind=kind)})
    _, job = part_job(folder, "a")
    document, html = sidebars.settle(job.html, lambda h: render_document(folder, h))
    fragments = sidebars.sidebar_fragments(document)
    assert len(fragments) == 8 and all(len(f) == 1 for f in fragments.values())
    assert "(suite)" not in html
    # without break-inside: avoid one of them breaks (so that this test means something)
    loose = job.html.replace("</head>", "<style>aside.encadre { break-inside: auto !important }</style></head>")
    assert any(len(f) > 1 for f in sidebars.sidebar_fragments(render_document(folder, loose)).values())


def test_a_sidebar_carried_to_the_next_column_is_moved_after_the_text_that_fills_the_hole(workdir):
    from horizons_pub.render.pdf.sidebar_moves import MOVED_ATTR, holes

    side = "::: encadre\n### Un encadré moyen\n\n" + PARA * 4 + "\n:::\n\n"
    for count in range(2, 14):  # a sidebar called lower and lower in the first column, until it meets its foot
        folder = write_issue(workdir / str(count), {"a": article(
            "\n\n".join([PARA] * count) + "\n\n" + side + "\n\n".join([PARA * 2] * 12), rubric="dossier")})
        _, job = part_job(folder, "a")
        if holes(render_document(folder, job.html)):
            break
    else:
        pytest.fail("no sidebar left a hole: nothing tested")
    document, html = sidebars.settle(job.html, lambda h: render_document(folder, h))
    assert holes(document) == []
    assert all(len(f) == 1 for f in sidebars.sidebar_fragments(document).values())
    root = lxml_html.document_fromstring(html)
    (aside,) = root.iter("aside")
    assert int(aside.get(MOVED_ATTR)) >= 1 and "(suite)" not in html
