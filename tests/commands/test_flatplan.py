"""``horizons-pub flatplan``: the chemin de fer as HTML (thumbnails in spreads) and as one PNG.

Issue 38 and the long test issue (tests/longissue.py: an article overflows its
pages, pushes the next parts and moves a note) are each built and drawn once,
at the same time, by the command as a user runs it.  The HTML is then opened in
headless Chromium, as a production editor opens it: its screenshot is kept in
build/test-artifacts/flatplan-hp-38.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from horizons_pub.commands.flatplan.colours import PROBLEM
from horizons_pub.commands.flatplan.plan import build_plan, thumbnails_by_folio
from horizons_pub.render.pdf.layout_file import LayoutFile, read_layout
from helpers import write_issue
from helpers.longissue import LONG_ID, LONG_TITLE, NEXT_ID, NEXT_TITLE, issue_yaml, long_article, next_article, \
    write_long_issue
from helpers.outputs import HP38, ROOT

ARTIFACTS = ROOT / "build" / "test-artifacts"
SCREENSHOT = ARTIFACTS / "flatplan-hp-38.png"
CHROMIUM_TIMEOUT = 90


@dataclass
class Drawn:
    folder: Path  # <out>/<issue>/
    proc: subprocess.CompletedProcess

    @property
    def html_path(self) -> Path:
        return self.folder / "flatplan.html"

    @property
    def png_path(self) -> Path:
        return self.folder / "flatplan.png"

    @property
    def layout(self) -> dict:
        return json.loads((self.folder / "layout.json").read_text(encoding="utf-8"))

    def doc(self):
        return lxml_html.fromstring(self.html_path.read_bytes())


def flatplan_command(issue_dir: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "horizons_pub", "flatplan", str(issue_dir), "--out", str(out), *extra]


def run_flatplan(issue_dir: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(flatplan_command(issue_dir, out, *extra), capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, Drawn]:
    """Both flatplans, made by two child processes at once (building the issues takes most of the time)."""
    long_dir = write_long_issue(tmp_path_factory.mktemp("long-source"))
    jobs = {"hp-38": (HP38, tmp_path_factory.mktemp("flatplan-38")),
            "hp-long": (long_dir, tmp_path_factory.mktemp("flatplan-long"))}
    running = {name: subprocess.Popen(flatplan_command(src, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True, cwd=ROOT) for name, (src, out) in jobs.items()}
    out = {}
    for name, proc in running.items():
        stdout, stderr = proc.communicate(timeout=300)
        src, root = jobs[name]
        out[name] = Drawn(root / src.name, subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    out["long-source"] = Drawn(long_dir, out["hp-long"].proc)  # the source folder, for the re-run test
    return out


@pytest.fixture(scope="module")
def hp38_plan(drawn) -> Drawn:
    plan = drawn["hp-38"]
    assert plan.proc.returncode == 0, plan.proc.stderr
    return plan


@pytest.fixture(scope="module")
def long_plan(drawn) -> Drawn:
    plan = drawn["hp-long"]
    assert plan.proc.returncode == 0, plan.proc.stderr
    return plan


def pages_of(doc) -> list:
    return doc.xpath('//main//figure[contains(concat(" ", @class, " "), " page ")]')


def by_folio(doc) -> dict[int, object]:
    return {int(f.get("data-page")): f for f in pages_of(doc)}


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def text(el) -> str:
    return " ".join(el.text_content().split())


def flat(s: str) -> str:
    """Spaces of any kind (the typography's no-break spaces) as one space."""
    return " ".join(s.replace("\u202f", " ").replace("\xa0", " ").split())


def head_title(figure) -> str:
    titles = figure.xpath('.//div[contains(@class, "title-block")][not(contains(@class, "continued"))]'
                          '/span[@class="title"]')
    return text(titles[0]) if titles else ""


# -- issue 38: the HTML ------------------------------------------------------------


def test_flatplan_writes_html_png_and_thumbnails(hp38_plan):
    assert hp38_plan.html_path.is_file() and hp38_plan.png_path.is_file()
    assert "flatplan.html" in hp38_plan.proc.stdout and "flatplan.png" in hp38_plan.proc.stdout
    assert len(list((hp38_plan.folder / "flatplan").glob("page-*.png"))) == 108


def test_every_page_is_a_thumbnail_whose_file_exists(hp38_plan):
    doc = hp38_plan.doc()
    figures = pages_of(doc)
    assert [int(f.get("data-page")) for f in figures] == list(range(1, 109))
    sizes = set()
    for figure in figures:
        img = figure.xpath('.//img')
        assert len(img) == 1, f"page {figure.get('data-page')}: {len(img)} images"
        src = img[0].get("src")
        assert not re.match(r"^[a-z]+:|^/", src), f"the thumbnail is not relative to the HTML: {src}"
        path = hp38_plan.folder / src
        assert path.is_file(), f"missing thumbnail {src}"
        with Image.open(path) as thumb:
            sizes.add(thumb.size)
        assert figure.xpath('string(.//figcaption[contains(@class, "folio")])').split()[0] == figure.get("data-page")
    assert len(sizes) == 1, f"thumbnails of different sizes: {sizes}"
    width, height = sizes.pop()
    assert 100 <= width <= 440 and 1.3 < height / width < 1.6, (width, height)  # a trim page, 180 × 260 mm


def test_page_count_is_shown(hp38_plan):
    doc = hp38_plan.doc()
    assert doc.xpath('string(//main/@data-pages)') == "108"
    assert "108 pages" in text(doc.xpath('//*[contains(@class, "page-count")]')[0])


def test_spreads_page_one_alone_on_the_right_then_pairs(hp38_plan):
    spreads = hp38_plan.doc().xpath('//main/section[contains(@class, "spread")]')
    folios = [[int(f.get("data-page")) for f in s.xpath('./figure')] for s in spreads]
    assert folios[0] == [1]
    assert spreads[0].xpath('./*[1][contains(@class, "blank")]'), "page 1 is not on the right of its spread"
    assert folios[1:-1] == [[n, n + 1] for n in range(2, 108, 2)]
    assert folios[-1] == [108] and spreads[-1].xpath('./*[2][contains(@class, "blank")]'), \
        "the last (even) page is not alone on the left"
    assert all("left" in classes(f) for f in pages_of(hp38_plan.doc()) if int(f.get("data-page")) % 2 == 0)


def test_every_title_stands_over_the_first_page_of_its_part(hp38_plan):
    pages = by_folio(hp38_plan.doc())
    layout = hp38_plan.layout
    for part in layout["parts"]:
        if part["kind"] == "reserved":
            continue
        assert flat(head_title(pages[part["first"]])) == flat(part["title"]), (
            f"page {part['first']}: {head_title(pages[part['first']])!r}, not {part['title']!r}")
    # the article printed in the sommaire's pages is named there too
    assert "Boîte à idées" in text(pages[3])


def test_reserved_pages_are_marked(hp38_plan):
    pages = by_folio(hp38_plan.doc())
    assert head_title(pages[4]) == "Philippe Laurent" and "reserved" not in classes(pages[4])
    for folio in (5, 6, 7):
        assert "reserved" in classes(pages[folio]) and "réservée" in text(pages[folio]), f"page {folio}"
    reserved = {n for p in hp38_plan.layout["parts"] if p["kind"] == "reserved"
                for n in range(p["first"], p["last"] + 1)}
    assert {n for n, f in pages.items() if "reserved" in classes(f)} == reserved
    assert not [n for n, f in pages.items() if "problem" in classes(f)], "issue 38 overflows nowhere"


def test_pages_take_the_colour_of_their_root_rubric_with_a_legend(hp38_plan):
    doc = hp38_plan.doc()
    colour = {}
    for figure in pages_of(doc):
        m = re.search(r"--rubric:\s*(#[0-9a-fA-F]{6})", figure.get("style") or "")
        assert m, f"page {figure.get('data-page')} has no rubric colour"
        colour.setdefault(figure.get("data-rubric"), set()).add(m[1].lower())
    assert all(len(c) == 1 for c in colour.values()), colour
    rubrics = {r: c.pop() for r, c in colour.items() if r not in ("cover", "back-cover", "sommaire")}
    assert len(set(rubrics.values())) == len(rubrics) == 9, rubrics
    legend = text(doc.xpath('//nav[contains(@class, "legend")]')[0])
    for title in ("Édito", "Dossier", "Grand entretien", "Cultures publiques", "réservée", "débord"):
        assert title in legend


def test_no_diagnostics_for_issue_38(hp38_plan):
    section = hp38_plan.doc().xpath('//section[@id="diagnostics"]')[0]
    # none but the loose lines of its justified text (layout.loose-line: how the text's spacing came out)
    codes = {row.get("data-code") for row in section.xpath(".//tbody/tr")}
    assert codes <= {"layout.loose-line"}, text(section)
    assert codes or "Aucun diagnostic" in text(section)


def test_html_uses_nothing_from_the_network(hp38_plan):
    raw = hp38_plan.html_path.read_text(encoding="utf-8")
    doc = hp38_plan.doc()
    for attr in ("src", "href", "srcset", "poster", "data"):
        for value in doc.xpath(f"//@{attr}"):
            assert not re.match(r"^\s*(https?:|//|ftp:)", value), f"{attr}={value}"
    assert not doc.xpath('//script[@src] | //link[@rel="stylesheet"] | //iframe | //object')
    for css in doc.xpath("//style/text()") + doc.xpath("//@style"):
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:|//)", css), css[:80]
    assert not re.search(r"https?://", raw), "an http(s) address in the HTML"


# -- issue 38: the PNG and the page in a browser ------------------------------------


def test_png_is_the_whole_plan_not_blank(hp38_plan):
    with Image.open(hp38_plan.png_path) as im:
        im = im.convert("RGB")
        width, height = im.size
        assert width >= 1000 and height > width, im.size
        colours = im.getcolors(width * height)
    assert len(colours) > 500, "the PNG has almost no colours"
    background = max(colours)[1]
    other = sum(n for n, c in colours if c != background)
    assert other > 0.3 * width * height, "the PNG is mostly empty"


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.fail("Chromium is not installed: apt-get install chromium")
    return exe


def run_chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={tmp}", *args], capture_output=True, text=True,
                          timeout=CHROMIUM_TIMEOUT, env={**os.environ, "HOME": str(tmp)})


@pytest.mark.tools
def test_chromium_shows_the_plan(hp38_plan, tmp_path):
    url = hp38_plan.html_path.resolve().as_uri()
    shot = tmp_path / "shot.png"
    proc = run_chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,2000",
                        "--hide-scrollbars", url)
    assert shot.is_file(), proc.stderr[-2000:]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOT)
    with Image.open(shot) as im:
        im = im.convert("RGB")
        pixels = im.size[0] * im.size[1]
        colours = im.getcolors(pixels)
    assert len(colours) > 200, f"the screenshot has {len(colours)} colours: blank? ({SCREENSHOT})"
    white = sum(n for n, c in colours if min(c) > 245)
    assert white < 0.8 * pixels, f"the screenshot is mostly white ({SCREENSHOT})"
    # the cover's thumbnail is drawn (the image loaded from the file system): its blue covers most of it
    with Image.open(hp38_plan.folder / "flatplan" / "page-001.png") as cover:
        cover_rgb = max(cover.convert("RGB").getcolors(1 << 20))[1]
    near = sum(n for n, c in colours if all(abs(a - b) <= 6 for a, b in zip(c, cover_rgb)))
    assert near > 0.4 * 110 * 159, f"the cover's thumbnail does not show in the screenshot ({SCREENSHOT})"


@pytest.mark.tools
def test_chromium_dom_has_every_page(hp38_plan, tmp_path):
    proc = run_chromium(tmp_path / "profile", "--dump-dom", hp38_plan.html_path.resolve().as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = lxml_html.fromstring(proc.stdout)
    assert doc.xpath('string(//main/@data-pages)') == "108"
    assert len(doc.xpath('//main//figure//img')) == 108
    assert "108 pages" in text(doc.xpath('//*[contains(@class, "page-count")]')[0])


# -- the long issue: an overflow, pushed parts, a moved note --------------------------


def test_overflow_and_pushed_pages_are_red(long_plan):
    layout = long_plan.layout
    pages = by_folio(long_plan.doc())
    assert len(pages) == layout["pages"] > layout["planned_pages"]
    long_part = next(p for p in layout["parts"] if p["article"] == "long" and p["kind"] == "article")
    nxt = next(p for p in layout["parts"] if p["article"] == "suite" and p["kind"] == "article")
    slot_end = nxt["planned"] - 1
    assert long_part["last"] > slot_end, "the long article no longer overflows (see tests/longissue.py)"
    red = {n for n, f in pages.items() if "problem" in classes(f)}
    assert red == set(range(slot_end + 1, len(pages) + 1)), sorted(red)
    for n in range(slot_end + 1, long_part["last"] + 1):
        assert pages[n].get("data-problem") == "débord" and "débord" in text(pages[n])
    for n in range(nxt["first"], len(pages) + 1):
        assert pages[n].get("data-problem") == "décalée", n
    assert f"prévue p. {nxt['planned']}" in text(pages[nxt["first"]])
    for n in range(1, slot_end + 1):
        assert "problem" not in classes(pages[n]), f"page {n} is within its slot"
    assert flat(head_title(pages[4])) == flat(LONG_TITLE) and flat(head_title(pages[nxt["first"]])) == flat(NEXT_TITLE)
    count = long_plan.doc().xpath('//*[contains(@class, "page-count")]')[0]
    assert "problem" in classes(count) and f"{layout['planned_pages']} prévues" in text(count)


def test_moved_note_is_marked_on_its_pages(long_plan):
    moved = [d for d in long_plan.layout["diagnostics"] if d["code"] == "note.moved"]
    assert moved, "the long issue no longer moves a note (see tests/longissue.py)"
    pages = by_folio(long_plan.doc())
    for diag in moved:
        number, printed, call = map(int, re.search(r"note (\d+) is printed on page (\d+), not on page (\d+)",
                                                   diag["message"]).groups())
        here = pages[printed].xpath(f'.//li[contains(@class, "moved")][@data-note="{number}"]')
        assert here and f"p. {call}" in text(here[0]), f"note {number} not marked on page {printed}"
        assert pages[call].xpath(f'.//li[contains(@class, "call")][@data-note="{number}"]'), \
            f"the call of note {number} not marked on page {call}"


def test_diagnostics_are_listed_below_the_plan_with_links(long_plan):
    doc = long_plan.doc()
    rows = doc.xpath('//section[@id="diagnostics"]//tbody/tr')
    assert sorted(r.get("data-code") for r in rows) == sorted(d["code"] for d in long_plan.layout["diagnostics"])
    anchors = {f.get("id") for f in pages_of(doc)}
    for row in rows:
        links = row.xpath('.//a/@href')
        assert links and all(h.startswith("#") and h[1:] in anchors for h in links), (row.get("data-code"), links)
        assert re.search(r"\.(md|yaml):\d+", text(row)), "no file:line"
    overflow = next(r for r in rows if r.get("data-code") == "layout.overflow")
    assert "p. 8–" in text(overflow)


def test_long_png_shows_the_red(long_plan):
    red = tuple(int(PROBLEM[i:i + 2], 16) for i in (1, 3, 5))
    with Image.open(long_plan.png_path) as im:
        colours = im.convert("RGB").getcolors(im.size[0] * im.size[1])
    assert sum(n for n, c in colours if c == red) > 2000, "no page marked in red in flatplan.png"


def test_second_run_does_not_rebuild(drawn, long_plan):
    pdf = next(long_plan.folder.glob("*-print.pdf"))
    before = (pdf.stat().st_mtime_ns, long_plan.html_path.read_bytes())
    proc = run_flatplan(drawn["long-source"].folder, long_plan.folder.parent, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert (pdf.stat().st_mtime_ns, long_plan.html_path.read_bytes()) == before


# -- without a build ------------------------------------------------------------------


def test_not_an_issue_folder_fails(tmp_path):
    proc = run_flatplan(tmp_path, tmp_path / "out")
    assert proc.returncode == 1
    assert "[issue.missing]" in proc.stderr
    assert not (tmp_path / "out").exists()


def layout_of(report: dict, folder: Path) -> LayoutFile:
    """``report`` as the build writes it to layout.json, read back as the flatplan reads it."""
    path = folder / "layout.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return read_layout(path)


def test_lost_note_and_odd_page_count_from_a_layout_report(tmp_path):
    report = {"issue": "hp-x", "magazine": "Horizons publics", "number": 1, "pages": 5, "planned_pages": 5,
              "parts": [
                  {"key": "cover", "kind": "cover", "article": None, "title": "Couverture", "rubric": [],
                   "rubric_id": "cover", "has_text": True, "planned": 1, "first": 1, "last": 1},
                  {"key": "a", "kind": "article", "article": "a", "title": "Un article", "rubric": ["Dossier"],
                   "rubric_id": "dossier", "has_text": True, "planned": 2, "first": 2, "last": 3},
                  {"key": "reserved-a", "kind": "reserved", "article": "a", "title": "Un article",
                   "rubric": ["Dossier"], "rubric_id": "dossier", "has_text": True, "planned": 2, "first": 4,
                   "last": 4},
                  {"key": "back-cover", "kind": "back-cover", "article": None, "title": "Quatrième de couverture",
                   "rubric": [], "rubric_id": "back-cover", "has_text": True, "planned": 5, "first": 5, "last": 5}],
              "diagnostics": [{"code": "note.lost", "severity": "error", "file": "hp-x/articles/a.md", "line": 7,
                               "message": "note 3 is not printed (its call is on page 3): the layout lost it",
                               "path": None, "data": {"note": 3, "call": 3}}]}
    plan = build_plan(layout_of(report, tmp_path))
    spreads = [[p.folio if p else None for p in s] for s in plan.spreads]
    assert spreads == [[None, 1], [2, 3], [4, 5]]
    page3 = plan.pages[2]
    assert [(m.kind, m.number) for m in page3.marks] == [("lost", 3)]
    assert plan.diagnostics[0].links == [("p. 3", 3)] and plan.diagnostics[0].where == "hp-x/articles/a.md:7"
    assert [p.folio for p in plan.pages if p.reserved] == [4]
    assert plan.pages[1].head.title == "Un article" and plan.pages[1].head.span == 2
    # page 4 is the rest of the article's slot: a head of its own, not the article's title going on
    assert plan.pages[3].head.title == "Pages réservées" and not plan.pages[3].head.continued
    # the rubric's total is the pages its article fills (2–3), not its slot's reserved page 4
    assert [(e.label, e.pages) for e in plan.legend if e.label == "Dossier"] == [("Dossier", 2)]
    assert plan.reserved_count == 1


def part(key, kind, planned, first, last, title=None, article=None):
    return {"key": key, "kind": kind, "article": article, "title": title or key, "rubric": [], "rubric_id": kind,
            "has_text": True, "planned": planned, "first": first, "last": last}


def test_a_folio_given_to_two_parts_is_said_and_shows_the_later_part(tmp_path):
    """What a failed layout can hold (the sommaire pushed past its slot while the next part keeps its place):
    the plan says it below the pages, and each thumbnail is the page of the part the plan shows there."""
    report = {"issue": "hp-x", "magazine": "Horizons publics", "number": 1, "pages": 7, "planned_pages": 5,
              "parts": [part("cover", "cover", 1, 1, 1), part("long", "article", 2, 2, 4, "Long", "long"),
                        part("sommaire", "sommaire", 3, 5, 5, "Sommaire"),
                        part("suite", "article", 4, 4, 4, "Suite", "suite"),
                        part("reserved-suite", "reserved", 4, 5, 5, "Suite", "suite"),
                        part("back-cover", "back-cover", 6, 6, 6)],
              "diagnostics": []}
    layout = layout_of(report, tmp_path)
    plan = build_plan(layout)
    assert [p.folio for p in plan.pages] == [1, 2, 3, 4, 5, 6]  # no gap page for the two laid out twice
    assert [(p.folio, p.part.key) for p in plan.pages][3:5] == [(4, "suite"), (5, "reserved-suite")]
    said = [(d.code, d.message, d.links) for d in plan.diagnostics]
    assert said == [
        ("flatplan.overlap", "page 4 is given to two parts by this layout (Long; Suite): the plan shows the last "
         "of them there; fix the overflow before them", [("p. 4", 4)]),
        ("flatplan.overlap", "page 5 is given to two parts by this layout (Sommaire; Suite): the plan shows the "
         "last of them there; fix the overflow before them", [("p. 5", 5)])]
    # the PDF's pages follow the parts: cover, long ×3, sommaire, suite, its reserved page, back cover
    pdf_pages = ["cover", "long-2", "long-3", "long-4", "sommaire-5", "suite-4", "reserved-5", "back-6"]
    assert thumbnails_by_folio(layout, pdf_pages) == ["cover", "long-2", "long-3", "suite-4", "reserved-5", "back-6"]
    assert thumbnails_by_folio(layout, pdf_pages[:-1]) == pdf_pages[:-1]  # not this layout's PDF: as it is


def test_a_layout_that_gives_every_folio_once_says_no_overlap(tmp_path):
    report = {"issue": "hp-x", "magazine": "Horizons publics", "number": 1, "pages": 4, "planned_pages": 4,
              "parts": [part("cover", "cover", 1, 1, 1), part("a", "article", 2, 2, 3, "A", "a"),
                        part("back-cover", "back-cover", 4, 4, 4)], "diagnostics": []}
    layout = layout_of(report, tmp_path)
    assert build_plan(layout).diagnostics == []
    assert thumbnails_by_folio(layout, ["1", "2", "3", "4"]) == ["1", "2", "3", "4"]


# -- an overflow onto the pages reserved after it, then onto a sommaire with no room ----------------------------

SQUEEZED = "hp-squeeze"


def squeezed_yaml(next_page: int, back_cover: int) -> str:
    """Cover 1, the long article on page 2 alone (it fills 2–4), the sommaire on 3, the next article on
    ``next_page``, the back cover on ``back_cover`` (the last page)."""
    head = issue_yaml(4).split("flatplan:\n")[0].replace("pages: 12\n", f"pages: {back_cover}\n")
    assert f"pages: {back_cover}" in head
    if back_cover % 4:
        head += "print: {pages_reason: un numéro d'essai}\n"
    return head + ("flatplan:\n  - {page: 1, part: cover}\n"
                   f"  - {{page: 2, article: {LONG_ID}}}\n  - {{page: 3, part: sommaire}}\n"
                   f"  - {{page: {next_page}, article: {NEXT_ID}}}\n  - {{page: {back_cover}, part: back-cover}}\n")


@pytest.fixture(scope="module")
def squeezed(tmp_path_factory) -> dict:
    """The flatplan of one issue drawn twice by the command: first with the sommaire's slot on pages 3–7 (the
    long article's overflow takes pages 3–4 of it, the sommaire goes to page 5, pages 6–7 stay reserved),
    then with the next article on page 4, which leaves the sommaire no page: the build fails."""
    root = tmp_path_factory.mktemp("squeezed")
    out = root / "out"
    folder = write_issue(root, {LONG_ID: long_article(paragraphs=16, note_every=1000), NEXT_ID: next_article()},
                         issue_yaml=squeezed_yaml(8, 10), name=SQUEEZED)
    roomy = run_flatplan(folder, out)
    built = out / SQUEEZED
    kept = {p.name: p.read_bytes() for p in built.iterdir() if p.is_file() and not p.name.startswith("flatplan")}
    roomy_doc = lxml_html.fromstring((built / "flatplan.html").read_bytes()) if roomy.returncode == 0 else None
    roomy_layout = json.loads((built / "layout.json").read_text(encoding="utf-8")) if roomy.returncode == 0 else {}
    (folder / "issue.yaml").write_text(squeezed_yaml(4, 6), encoding="utf-8")
    tight = run_flatplan(folder, out)
    return {"source": folder, "folder": built, "roomy": roomy, "roomy_doc": roomy_doc, "roomy_layout": roomy_layout, "kept": kept,
            "tight": tight}


@pytest.mark.slow
def test_an_overflow_onto_reserved_pages_is_drawn(squeezed):
    proc = squeezed["roomy"]
    assert proc.returncode == 0, proc.stderr
    assert "[layout.overflow]" in proc.stderr and "error" not in proc.stderr
    parts = {p["key"]: (p["first"], p["last"]) for p in squeezed["roomy_layout"]["parts"]}
    assert parts[LONG_ID] == (2, 4) and parts["sommaire"] == (5, 5) and parts["reserved-sommaire"] == (6, 7), \
        "the long article no longer overflows onto the sommaire's reserved pages"
    pages = by_folio(squeezed["roomy_doc"])
    assert sorted(pages) == list(range(1, 11))
    for folio in (3, 4):
        assert pages[folio].get("data-problem") == "débord", folio
    assert pages[5].get("data-kind") == "sommaire" and pages[5].get("data-problem") == "décalée"
    assert "prévue p. 3" in text(pages[5])
    assert all("reserved" in classes(pages[f]) for f in (6, 7))
    assert flat(head_title(pages[8])) == flat(NEXT_TITLE) and "problem" not in classes(pages[8])


@pytest.mark.slow
def test_an_overflow_the_sommaire_cannot_take_is_drawn_as_the_layout_stands(squeezed):
    proc = squeezed["tight"]
    built = squeezed["folder"]
    assert proc.returncode == 1  # the build failed
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert any(line.endswith("[layout.sommaire-overflow]") and ": error: " in line for line in lines), proc.stderr
    draft_pdf = built / ".cache" / "draft" / "horizons-publics-99-print.pdf"
    source = squeezed["source"]
    loose = sum(line.endswith("[layout.loose-line]") for line in lines)  # the text's spacing: not counted here
    assert f"{source}: build failed (1 error, {1 + loose} warning{'s' if loose else ''}), no output written: the " \
           f"flatplan shows the layout as it stands, from {draft_pdf}" in lines
    assert f"{source} → {built / 'flatplan.html'}" in proc.stdout.splitlines()
    # the outputs of the good build are left as they were; the plan is the draft's
    assert {p.name: p.read_bytes() for p in built.iterdir() if p.is_file() and not p.name.startswith("flatplan")} \
        == squeezed["kept"]
    draft = json.loads((built / ".cache" / "draft" / "layout.json").read_text(encoding="utf-8"))
    doc = lxml_html.fromstring((built / "flatplan.html").read_bytes())
    pages = by_folio(doc)
    assert sorted(pages) == [1, 2, 3, 4, 5, 6] and draft["planned_pages"] == 6
    assert flat(head_title(pages[2])) == flat(LONG_TITLE) and pages[3].get("data-problem") == "débord"
    rows = {r.get("data-code"): text(r) for r in doc.xpath('//section[@id="diagnostics"]//tbody/tr')}
    assert {"layout.overflow", "layout.sommaire-overflow", "flatplan.overlap"} <= set(rows)
    assert ".cache/draft/horizons-publics-99-print.pdf" in text(doc.xpath("//footer")[0])
    with Image.open(built / "flatplan" / "page-002.png") as thumb:  # drawn from the draft's pages
        assert thumb.convert("L").getextrema()[0] < 100, "page 2 of the draft is blank"
