"""The preview's pages in the browser (layouts/preview/): the chemin de fer (board.html.j2) and a spread
(spread.html.j2), rendered from a real flatplan Plan (commands/flatplan/plan.build_plan over a LayoutFile
made by hand): French, every thumbnail a link to its spread, the reserved, overflowing and pushed pages
marked, placeholders for the pages without an image, the spread's links and keys, no inline script, the
user's text escaped.  Fast: templates only, no WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from horizons_pub.commands.flatplan.plan import build_plan
from horizons_pub.commands.flatplan.records import Plan
from horizons_pub.commands.preview.snapshot import BuildStatus, Entry, Snapshot
from horizons_pub.render.pdf.layout_file import LaidOutPart, LayoutDiagnostic, LayoutFile
from horizons_pub.render.templates import render
from horizons_pub.support.resources import layouts_dir

HOSTILE = 'Terrain <script>alert("x")</script> & co'


def _part(key, kind, planned, first, last, title, rubric=(), has_text=True) -> LaidOutPart:
    article = key.removeprefix("reserved-") if kind in ("article", "reserved") else None
    return LaidOutPart(key=key, kind=kind, article=article, title=title, rubric=tuple(rubric),
                       rubric_id=(rubric[0].lower() if rubric else kind), has_text=has_text, planned=planned,
                       first=first, last=last)


def sample_layout(title: str = "Un article de terrain") -> LayoutFile:
    """16 pages: the « terrain » article overflows its slot (4–8) onto page 9, which pushes « entretien »
    (planned on 9) to 10–12 and its reserved page to 13; « brèves » has no text yet; a note moved."""
    parts = (
        _part("cover", "cover", 1, 1, 1, "Couverture"),
        _part("edito", "article", 2, 2, 2, "Édito", ["Édito"]),
        _part("sommaire", "sommaire", 3, 3, 3, "Sommaire"),
        _part("terrain", "article", 4, 4, 9, title, ["Dossier", "Sur le terrain"]),
        _part("entretien", "article", 9, 10, 12, "Un entretien", ["Dossier"]),
        _part("reserved-entretien", "reserved", 9, 13, 13, "Un entretien", ["Dossier"]),
        _part("breves", "article", 14, 14, 15, "Brèves", ["Actualités"], has_text=False),
        _part("back-cover", "back-cover", 16, 16, 16, "Quatrième de couverture"),
    )
    diagnostics = (
        LayoutDiagnostic("warning", "layout.overflow", "the part needs 6 pages, its slot has 5 (pages 4–8)",
                         "articles/terrain.md", 1, None, {"first": 4, "last": 9, "next": 9}),
        LayoutDiagnostic("warning", "note.moved", "note 2 is printed on page 6, its call on page 5",
                         "articles/terrain.md", 12, None, {"note": 2, "page": 6, "call": 5}),
    )
    return LayoutFile("hp-99", "Horizons publics", 99, 16, 16, parts, diagnostics)


def spread_href(plan: Plan, edition: str) -> dict[int, str]:
    """folio → its spread's address, as site.py names them (the spread by its left-hand page, 1 alone)."""
    base = "/screen/spread/" if edition == "screen" else "/spread/"
    return {p.folio: base + str(p.folio if p.folio == 1 or p.folio % 2 == 0 else p.folio - 1) for p in plan.pages}


def chrome(**extra) -> dict:
    snap = Snapshot(entries=(Entry("cover", "cover", "Couverture", 1), Entry("terrain", "article", HOSTILE, 4)),
                    version=3, good_at="10:00:00")
    return {"issue": None, "issue_label": "Horizons publics n° 99", "entry": None, "prev": None, "next": None,
            "snap": snap, "problems": [], "page_warnings": [], "has_flatplan": False,
            "build": BuildStatus(state="done", finished="10:00:07", seconds=7.25), **extra}


def board_context(plan: Plan, edition: str = "print", with_thumbs=lambda folio: folio != 7, **extra) -> dict:
    for page in plan.pages:
        page.thumb = f"/page-thumb/t{page.folio:03d}.png" if with_thumbs(page.folio) else ""
    other = {"href": "/", "label": "Impression"} if edition == "screen" else {"href": "/screen/", "label": "Écran"}
    return chrome(**{
        "plan": plan, "edition": edition, "edition_label": "Écran" if edition == "screen" else "Impression",
        "other_edition": other, "spread_href": spread_href(plan, edition), "fresh": {4, 5, 6, 7, 8, 9},
        "pending": {10, 11}, "board_state": "ready", "board_note": "", "board_seconds": 1.24,
        "outputs": [{"name": "hp-99.pdf", "href": "/out/hp-99.pdf", "size": "1.2 MB", "time": "10:00:07",
                     "stale": False}], "missing": ["hp-99.epub"], "out_dir": "out/hp-99",
        "warnings": ["articles/terrain.md:3: warning: a warning <b>here</b> [x.y]"], **extra})


def spread_context(plan: Plan, left: int, edition: str = "print", images_for=lambda folio: True, **extra) -> dict:
    by_folio = {p.folio: p for p in plan.pages}
    spread = [by_folio.get(left) if left > 1 else None, by_folio.get(left + 1 if left > 1 else 1)]
    shown = [p.folio for p in spread if p]
    base = "/screen/" if edition == "screen" else "/"
    return chrome(
        plan=plan, edition=edition, edition_label="Écran" if edition == "screen" else "Impression",
        other_edition={"href": ("/spread/" if edition == "screen" else "/screen/spread/") + str(shown[0]),
                       "label": "Impression" if edition == "screen" else "Écran"},
        spread=spread, images={f: {"href": f"/page-image/i{f:03d}.png", "width": 762, "height": 1100}
                               for f in shown if images_for(f)},
        prev_href=(base + "spread/" + str(max(1, left - 2))) if left > 1 else None,
        next_href=(base + "spread/" + str(left + 2 if left > 1 else 2)) if left + 1 < len(plan.pages) else None,
        index_href=f"{base}#p-{shown[0]}", label="Pages " + "–".join(map(str, shown)) if len(shown) == 2
        else f"Page {shown[0]}", page_diagnostics=[("warning", "p. 9 : the part needs 6 pages [layout.overflow]")],
        fresh={8, 9}, pending=set(), **extra)


def parse(markup: str):
    return lxml_html.document_fromstring(markup)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan(sample_layout(HOSTILE))


@pytest.fixture(scope="module")
def board(plan):
    return render("preview/board.html.j2", **board_context(plan))


def pages_of(doc) -> dict[int, object]:
    return {int(f.get("data-page")): f for f in doc.xpath('//figure[contains(concat(" ", @class, " "), " page ")]')}


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def test_the_board_is_french_and_every_thumbnail_opens_its_spread(plan, board):
    doc = parse(board)
    assert doc.get("lang") == "fr"
    pages = pages_of(doc)
    assert sorted(pages) == list(range(1, 17))
    hrefs = spread_href(plan, "print")
    for folio, fig in pages.items():
        links = fig.xpath('.//a[contains(@class, "sheet")]')
        assert len(links) == 1 and links[0].get("href") == hrefs[folio], folio
        assert fig.get("id") == f"p-{folio}"  # the spread's « index » link comes back to it
    # page 7 has no thumbnail yet: a placeholder with its folio, no <img>
    assert not pages[7].xpath(".//img") and pages[7].xpath('.//*[@class="hp-placeholder-folio"]')[0].text == "7"
    img = pages[4].xpath(".//img")[0]
    assert img.get("src") == "/page-thumb/t004.png" and img.get("alt") == "Page 4"
    assert (img.get("width"), img.get("height")) == tuple(str(n) for n in plan.thumb_size)
    assert pages[13].xpath(".//img")[0].get("alt") == "Page 13 (réservée)"
    # the diagnostics' page links open the spreads too
    links = doc.xpath('//section[@id="diagnostics"]//td[@class="pages"]/a')
    assert [a.get("href") for a in links] == ["/spread/8", "/spread/6", "/spread/4"]
    assert "Diagnostics de mise en page" in board and "Construction en arrière-plan" in board
    assert "7,2" in doc.xpath('string(//p[contains(@class, "hp-build")])')  # French decimals


def test_reserved_overflowing_pushed_fresh_and_pending_pages_carry_their_state(board):
    pages = pages_of(parse(board))
    assert "reserved" in classes(pages[13]) and pages[13].xpath('string(.//*[contains(@class, "reserved-tag")])') == "réservée"
    assert "reserved" not in classes(pages[12])
    assert pages[9].get("data-problem") == "débord" and "problem" in classes(pages[9])
    assert pages[9].xpath('string(.//*[contains(@class, "problem-tag")])') == "débord"
    assert {f for f, p in pages.items() if p.get("data-problem") == "décalée"} == {10, 11, 12, 13}
    assert [f for f, p in pages.items() if "problem" in classes(p)] == [9, 10, 11, 12, 13]
    assert {f for f, p in pages.items() if "fresh" in classes(p)} == {4, 5, 6, 7, 8, 9}
    assert {f for f, p in pages.items() if "pending" in classes(p)} == {10, 11}
    assert "mise en page en cours" in pages[10].text_content() and "mise en page en cours" not in pages[12].text_content()
    assert "no-text" in classes(pages[14])
    assert [m.get("class") for m in pages[6].xpath('.//li[contains(@class, "mark")]')] == ["mark moved"]
    # the part's title over its first page, the rubric with it
    head = pages[4].xpath('.//div[contains(@class, "title-block")]')[0]
    assert head.xpath('string(.//span[@class="title"])') == HOSTILE
    assert head.xpath('string(.//span[@class="rubric"])') == "Dossier › Sur le terrain"


def test_user_text_is_escaped_and_no_script_is_inline(plan, board):
    spread = render("preview/spread.html.j2", **spread_context(plan, 4))
    for markup in (board, spread):
        assert "<script>alert" not in markup and "&lt;script&gt;alert" in markup
        assert "<b>here</b>" not in markup
        doc = parse(markup)
        assert doc.xpath("//script") == []  # site.py adds the one external script, with its nonce
        assert not doc.xpath("//@*[starts-with(name(), 'on')]")  # no event handler attribute either
        assert not doc.xpath('//a[starts-with(normalize-space(@href), "javascript:")]')


def test_the_board_before_any_page_is_laid_out(plan):
    empty = Plan("hp-99", "Horizons publics", 99, "", "", [], 16, [], [])
    doc = parse(render("preview/board.html.j2", **board_context(empty, board_state="none", board_seconds=None)))
    state = doc.xpath('//p[@role="status"]')[0]
    assert "hp-board-none" in classes(state) and "Mise en page des pages en cours" in state.text_content()
    assert "moment\u202f; les vignettes" in state.text_content()  # French spaces: narrow before ; ! ?
    assert not pages_of(doc) and doc.xpath('//main[@id="plan"]')
    failed = parse(render("preview/board.html.j2", **board_context(
        plan, board_state="failed", board_note="La partie « terrain » n’a pas pu être mise en page.")))
    state = failed.xpath('//p[@role="status"]')[0]
    assert "hp-board-failed" in classes(state) and "« terrain »" in state.text_content()
    assert "Ci-dessous\u00a0: les dernières pages" in state.text_content()  # no-break space before :
    assert "La mise en page a échoué." not in state.text_content()  # the note says it, once
    assert len(pages_of(failed)) == 16  # the last good pages stay


def test_the_screen_board_links_its_own_spreads_and_the_print_edition(plan):
    doc = parse(render("preview/board.html.j2", **board_context(plan, "screen")))
    assert pages_of(doc)[5].xpath('.//a[contains(@class, "sheet")]')[0].get("href") == "/screen/spread/4"
    switch = doc.xpath('//*[contains(@class, "hp-editions")]')[0]
    assert switch.xpath('string(.//*[@aria-current="page"])') == "Écran"
    assert [a.get("href") for a in switch.xpath(".//a")] == ["/"]


def test_a_spread_shows_its_two_facing_pages_and_its_links(plan):
    doc = parse(render("preview/spread.html.j2", **spread_context(plan, 8, images_for=lambda folio: folio != 9)))
    assert doc.get("lang") == "fr"
    pages = pages_of(doc)
    assert sorted(pages) == [8, 9]
    assert "left" in classes(pages[8]) and "right" in classes(pages[9])
    assert doc.xpath('//figure[@data-page]/@data-page') == ["8", "9"]  # the left-hand page first
    img = pages[8].xpath(".//img")[0]
    assert (img.get("src"), img.get("width"), img.get("height"), img.get("alt")) == (
        "/page-image/i008.png", "762", "1100", "Page 8")
    # page 9 has no image yet: its folio in a placeholder; its overflow said with what it means
    assert not pages[9].xpath(".//img") and pages[9].xpath('string(.//*[@class="hp-placeholder-folio"])') == "9"
    assert pages[9].get("data-problem") == "débord" and "au-delà de la p. 8" in pages[9].text_content()
    assert "fresh" in classes(pages[9]) and HOSTILE in pages[9].text_content()
    nav = doc.xpath("//nav[@data-hp-keys]")[0]
    assert nav.xpath('.//a[@rel="prev"]')[0].get("href") == "/spread/6"
    assert nav.xpath('.//a[@rel="next"]')[0].get("href") == "/spread/10"
    assert nav.xpath('.//a[contains(@class, "hp-index-link")]')[0].get("href") == "/#p-8"
    assert (nav.get("data-first"), nav.get("data-last"), nav.get("data-index")) == ("/spread/1", "/spread/16", "/#p-8")
    assert doc.xpath('string(//h1[@class="hp-spread-label"])').startswith("Pages 8–9")
    assert "layout.overflow" in doc.xpath('string(//ul[@class="hp-spread-diagnostics"])')
    edition = doc.xpath('//*[contains(@class, "hp-editions")]//a')[0]
    assert edition.get("href") == "/screen/spread/8" and edition.text == "Écran"


def test_the_first_and_a_reserved_spread(plan):
    doc = parse(render("preview/spread.html.j2", **spread_context(plan, 1)))
    nav = doc.xpath("//nav[@data-hp-keys]")[0]
    assert not nav.xpath('.//a[@rel="prev"]') and nav.xpath('.//a[@rel="next"]')[0].get("href") == "/spread/2"
    assert sorted(pages_of(doc)) == [1] and doc.xpath('//div[contains(@class, "blank")]')  # page 1 alone, on the right
    doc = parse(render("preview/spread.html.j2", **spread_context(plan, 12, "screen")))
    pages = pages_of(doc)
    assert "reserved" in classes(pages[13]) and "Pages réservées" in pages[13].text_content()
    assert pages[12].get("data-problem") == "décalée" and "prévue p." in pages[12].text_content()
    nav = doc.xpath("//nav[@data-hp-keys]")[0]
    assert nav.get("data-first") == "/screen/spread/1" and nav.get("data-index") == "/screen/#p-12"


def test_the_keys_and_the_scroll_are_in_the_one_script():
    script = (layouts_dir() / "preview" / "reload.js").read_text(encoding="utf-8")
    for needed in ("/__version?path=", "X-Page-Tag", "location.reload()", "data-hp-keys", "ArrowLeft", "PageDown",
                   "Home", "End", "Escape", "sessionStorage", "event.altKey"):
        assert needed in script, needed


@pytest.mark.parametrize("name", ["chrome", "index", "message"])
def test_the_other_pages_are_french(name):
    text = (Path(layouts_dir()) / "preview" / f"{name}.html.j2").read_text(encoding="utf-8")
    for english in ("The source has errors", "Nothing to show", "Flatplan<", "Back to the index", 'lang="en"',
                    "Background build", "Warnings"):
        assert english not in text, english
