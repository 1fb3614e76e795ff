"""The print edition as the printer, the reader and a PDF viewer get it: the real PDFs of issue 38.

Issue 38 is built once per session (``hp38`` in outputs.py); every test reads
the PDFs with real tools: poppler's ``pdftotext`` for what is printed where
(``-layout`` for a page's text, ``-tsv`` word boxes for the margins: running
heads in the top margin, folios in the bottom one), pypdfium2 where pdftotext
loses characters (it turns U+202F into a plain space) and to render a page,
pikepdf for the PDF structure, fontTools for the fonts.  Expectations come from
the model (``load_issue``), never from the renderer's own code.

The print PDF under test (``pdf``, "print") is the print edition with every page, the cover
board's too (``hp38_whole_print``): the build's print PDF is its interior, pages 3 … 106, and the
cover PDF holds the other four (test_cover_spread.py).  Page index = folio − 1 everywhere in
issue 38 (nothing overflows).  Positions
on a page are in millimetres from the top-left corner of the trim box, so that
the print PDF (3 mm bleed around the trim) and the screen PDF (the trim only)
are read alike.

The last tests build a small issue whose long article overflows its pages
(``longissue.py``), once per module.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from helpers.longissue import LONG_ID, NEXT_TITLE, flatplan_line, note_marker, write_long_issue
from helpers.outputs import HP38, ROOT, pdftotext_pages, run_build

from horizons_pub.builder.recipe import load_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.model.nodes import Article, Issue, Kind, Note, Paragraph, PartKind, plain_text
from horizons_pub.model.walk import iter_block_inline_seqs, iter_inlines

MM = 72 / 25.4
TRIM = (180 * MM, 260 * MM)  # 510.236 × 737.008 pt
BLEED = 3 * MM
TOLERANCE = 0.1  # pt

ISSUE: Issue = load_issue(HP38, Reporter(echo=False))
assert ISSUE is not None, "source/hp-38 does not load"

EXPECTED_OPENINGS = [4, 8, 10, 12, 14, 18, 32, 38, 48, 54, 62, 68, 74, 80, 88, 92, 96, 100, 102]


# ---------------------------------------------------------------------------
# The model: the flatplan as slots of pages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A flatplan part and the pages it is given: ``first``…``last`` (folios)."""

    key: str  # article id or part kind
    kind: PartKind
    first: int
    last: int
    article: Article | None

    @property
    def folios(self) -> range:
        return range(self.first, self.last + 1)


def slots(issue: Issue) -> list[Slot]:
    out = []
    plan = issue.flatplan
    for index, part in enumerate(plan):
        last = (plan[index + 1].page if index + 1 < len(plan) else issue.pages + 1) - 1
        art = issue.article(part.article) if part.article else None
        out.append(Slot(part.article or part.kind.value, part.kind, part.page, last, art))
    return out


SLOTS = slots(ISSUE)
ARTICLE_SLOTS = [s for s in SLOTS if s.article is not None]


def slot_of(folio: int) -> Slot:
    return next(s for s in SLOTS if folio in s.folios)


def sommaire_part():
    return next(p for p in ISSUE.flatplan if p.kind is PartKind.SOMMAIRE)


def title(article: Article) -> str:
    return plain_text(article.title)


def notes_of(article: Article) -> list[Note]:
    out = []
    for seq in iter_block_inline_seqs(article.blocks):
        out.extend(n for n in iter_inlines(seq) if isinstance(n, Note))
    return out


def note_text(note: Note) -> str:
    return " ".join(plain_text(b.children) for b in note.blocks if isinstance(b, Paragraph))


def magazine_head(issue: Issue) -> str:
    return f"{issue.magazine} n° {issue.number}"


def rubric_head(issue: Issue, article: Article) -> str:
    """The right-hand running head: the rubric path, and the dossier's title on the dossier's pages."""
    path = issue.rubric_path(article.rubric)
    head = " · ".join(r.title for r in path)
    if path[0].id == issue.cover.headline_rubric:
        head += " — " + plain_text(issue.title)
    return head


def expected_head(issue: Issue, slot: Slot, folio: int) -> str:
    if slot.kind in (PartKind.COVER, PartKind.BACK_COVER) or folio == slot.first:
        return ""
    if folio % 2 == 0:
        return magazine_head(issue)
    return rubric_head(issue, slot.article) if slot.article else ""


# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------


def flat(text: str) -> str:
    """Whitespace runs (line ends, NBSP, U+202F included) as one space, case folded (CSS may uppercase)."""
    return " ".join(text.split()).casefold()


def squeeze(text: str) -> str:
    """No whitespace at all, case folded: letter-spaced heads come out of pdftotext as ``H O R I ZO N S``."""
    return "".join(text.split()).casefold()


def words_pattern(text: str, count: int) -> str:
    """A regex for the first ``count`` words of ``text``, any whitespace between them."""
    return r"\s+".join(re.escape(w) for w in text.split()[:count])


def running_sources(slot: Slot, issue: Issue = ISSUE) -> list[str]:
    """The text of the invisible running-head sources on the slot's pages (see test_no_invisible_running_head_text).

    Each part's HTML holds its running heads as text clipped to nothing, at the
    top of the text area: « Horizons publics n° 38L’actualité vue par… ».
    """
    if slot.kind in (PartKind.COVER, PartKind.BACK_COVER):
        return []
    rubric = rubric_head(issue, slot.article) if slot.article and slot.article.rubric else ""
    return [magazine_head(issue) + rubric]


def visible(text: str, slot: Slot) -> str:
    """``squeeze(text)`` without hyphenation marks and without the slot's invisible running-head sources.

    The printed heads are letter-spaced capitals, so only the invisible source
    (which starts with the magazine's name) is taken out.
    """
    out = squeeze(text).replace("\u2010", "")
    for source in running_sources(slot):
        out = out.replace(squeeze(source), "", 1)
    return out


# ---------------------------------------------------------------------------
# Reading the PDFs (cached: each PDF is read once per session and tool)
# ---------------------------------------------------------------------------


@functools.cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    return tuple(pdftotext_pages(pdf))


@functools.cache
def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


@dataclass(frozen=True)
class Zone:
    """A rectangle of the trim box, in mm from its top-left corner."""

    x: float
    y: float
    w: float
    h: float


HEAD_ZONE = Zone(0, 0, 180, 18)  # the running head's baseline sits 16 mm down; the text area starts at 21 mm
BODY_ZONE = Zone(0, 19, 180, 221)  # the text area and the notes (top margin 21 mm, bottom margin 20 mm)
FOOT_ZONE = Zone(0, 241, 180, 19)  # the folio, 6 mm under the text area
FOOT_LEFT = Zone(0, 241, 90, 19)
FOOT_RIGHT = Zone(90, 241, 90, 19)


@dataclass(frozen=True)
class Word:
    """A word as pdftotext finds it: its box in mm from the trim box's top-left corner."""

    x: float
    y: float
    w: float
    h: float
    text: str


@functools.cache
def page_words(pdf: Path) -> tuple[tuple[Word, ...], ...]:
    """Each page's words, in pdftotext's reading order (``pdftotext -tsv``, once per file)."""
    with pikepdf.open(pdf) as doc:
        first = doc.pages[0]
        media = [float(v) for v in first.mediabox]
        trim = [float(v) for v in first.trimbox]
        count = len(doc.pages)
    dx, dy = trim[0] - media[0], media[3] - trim[3]  # pdftotext measures from the media box's top-left corner
    out = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[Word]] = [[] for _ in range(count)]
    for row in out.splitlines()[1:]:
        level, page, *_, left, top, width, height, _conf, text = row.split("\t")
        if level == "5":  # a word
            pages[int(page) - 1].append(Word((float(left) - dx) / MM, (float(top) - dy) / MM, float(width) / MM,
                                             float(height) / MM, text))
    return tuple(tuple(words) for words in pages)


@functools.cache
def zone_texts(pdf: Path, zone: Zone) -> tuple[str, ...]:
    """Each page's words whose centre lies in ``zone``, joined by spaces."""
    def inside(word: Word) -> bool:
        cx, cy = word.x + word.w / 2, word.y + word.h / 2
        return zone.x <= cx < zone.x + zone.w and zone.y <= cy < zone.y + zone.h

    return tuple(" ".join(w.text for w in words if inside(w)) for words in page_words(pdf))


@functools.cache
def pdfium_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text as pdfium extracts it (keeps U+202F and U+00A0)."""
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return tuple(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def page_label_folios(doc: pikepdf.Pdf) -> list[int | None]:
    """The decimal page label of each page, from ``/PageLabels`` (None where there is no decimal label)."""
    nums: list = []

    def collect(node) -> None:
        if "/Nums" in node:
            nums.extend(node.Nums)
        for kid in node.get("/Kids", []):
            collect(kid)

    collect(doc.Root.PageLabels)
    ranges = sorted((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    out: list[int | None] = []
    for index in range(len(doc.pages)):
        start, label = max((r for r in ranges if r[0] <= index), key=lambda r: r[0])
        out.append(int(label.get("/St", 1)) + index - start if label.get("/S") == "/D" else None)
    return out


def xmp(doc: pikepdf.Pdf) -> dict[str, str]:
    """Every XMP property, as ``{namespace}name`` → text, whether written as an element or an attribute."""
    root = ET.fromstring(doc.Root.Metadata.read_bytes())
    props: dict[str, str] = {}
    for el in root.iter():
        if el.text and el.text.strip() and len(el) == 0:
            props.setdefault(el.tag, el.text.strip())
        for key, value in el.attrib.items():
            props.setdefault(key, value)
    return props


NS_PDFXID = "{http://www.npes.org/pdfx/ns/id/}"
NS_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
NS_PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"


def iter_fonts(doc: pikepdf.Pdf):
    """Every font dictionary reached from the pages' resources, form XObjects' resources included."""
    seen: set[tuple[int, int]] = set()

    def new(obj) -> bool:
        if obj.objgen == (0, 0):
            return True
        if obj.objgen in seen:
            return False
        seen.add(obj.objgen)
        return True

    def walk(resources):
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            if new(font):
                yield font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form" and new(xobject):
                yield from walk(xobject.get("/Resources"))

    for page in doc.pages:
        yield from walk(page.obj.get("/Resources"))


def descriptor(font) -> pikepdf.Dictionary | None:
    holder = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
    return holder.get("/FontDescriptor")


def font_file(desc) -> tuple[str, pikepdf.Stream] | None:
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if desc is not None and key in desc:
            return key, desc[key]
    return None


def embedded_postscript_name(desc) -> str:
    """The PostScript name written inside the embedded font program itself."""
    key, stream = font_file(desc)
    data = stream.read_bytes()
    if key == "/FontFile2" or stream.get("/Subtype") == "/OpenType":
        return TTFont(io.BytesIO(data))["name"].getDebugName(6)
    if key == "/FontFile3":  # bare CFF
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        return cff.fontNames[0]
    match = re.search(rb"/FontName\s*/(\S+)", data)  # Type 1
    return match.group(1).decode() if match else ""


@functools.cache
def repository_fonts() -> dict[str, str]:
    """PostScript name → file name, for every font file in fonts/."""
    return {TTFont(f)["name"].getDebugName(6): f.name for f in sorted((ROOT / "fonts").glob("*.[ot]tf"))}


def subset_name(font) -> tuple[str, str]:
    """``/ABCDEF+Name`` → (``ABCDEF``, ``Name``); ("", name) when there is no subset tag."""
    name = str(font.BaseFont)[1:]
    tag, plus, rest = name.partition("+")
    return (tag, rest) if plus else ("", name)


def shown_cids(doc: pikepdf.Pdf):
    """(page number, font name, CID) for every glyph shown with a two-byte (Identity-H) font."""

    def walk(content, resources, page_no):
        fonts = (resources or {}).get("/Font") or {}
        two_bytes = False
        name = ""
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            if op == "Tf":
                font = fonts.get(str(instruction.operands[0]))
                name = str(font.BaseFont) if font is not None else str(instruction.operands[0])
                two_bytes = font is not None and font.get("/Subtype") == "/Type0"
            elif op in ("Tj", "'", '"', "TJ") and two_bytes:
                strings = instruction.operands[-1]
                strings = strings if isinstance(strings, pikepdf.Array) else [strings]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        for i in range(0, len(raw) - 1, 2):
                            yield page_no, name, int.from_bytes(raw[i:i + 2], "big")
            elif op == "Do":
                xobject = ((resources or {}).get("/XObject") or {}).get(str(instruction.operands[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    yield from walk(xobject, xobject.get("/Resources") or resources, page_no)

    for number, page in enumerate(doc.pages, start=1):
        yield from walk(page, page.obj.get("/Resources"), number)


def all_operators(doc: pikepdf.Pdf):
    """(page number, operator) for every operator of every page, form XObjects included."""

    def walk(content, resources, page_no, seen):
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            yield page_no, op
            if op == "Do":
                xobject = ((resources or {}).get("/XObject") or {}).get(str(instruction.operands[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    yield from walk(xobject, xobject.get("/Resources") or resources, page_no, seen | {xobject.objgen})

    for number, page in enumerate(doc.pages, start=1):
        yield from walk(page, page.obj.get("/Resources"), number, frozenset())


def rendered_corners_are_blank(pdf: Path, page_index: int, size_mm: float = 3) -> bool:
    """Whether the four ``size_mm`` corners of the page as rendered (its media box) are pure white."""
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        image = doc[page_index].render(scale=4).to_pil().convert("L")
    finally:
        doc.close()
    side = round(size_mm * MM * 4)
    w, h = image.size
    boxes = [(0, 0, side, side), (w - side, 0, w, side), (0, h - side, side, h), (w - side, h - side, w, h)]
    return all(image.crop(box).getextrema()[0] >= 250 for box in boxes)


def near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def box(page: pikepdf.Page, name: str) -> list[float] | None:
    value = page.obj.get(name)
    return None if value is None else [float(v) for v in value]


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(params=["print", "screen"])
def pdf(request, hp38, hp38_whole_print) -> Path:
    """Each PDF of issue 38 in turn, the print one with every page."""
    return hp38_whole_print if request.param == "print" else hp38.screen_pdf


# ---------------------------------------------------------------------------
# 1. What is printed on which page
# ---------------------------------------------------------------------------


def test_the_flatplan_under_test_is_the_one_of_issue_38():
    """Guards the page numbers the other tests rely on."""
    starts = [s.first for s in ARTICLE_SLOTS if s.article.kind not in (Kind.EDITORIAL, Kind.OPENER)]
    assert starts == EXPECTED_OPENINGS
    assert [s.first for s in SLOTS if s.article and s.article.kind is Kind.OPENER] == [30]
    assert ISSUE.pages == 108


def test_page_count(pdf):
    assert page_count(pdf) == ISSUE.pages == 108
    assert len(page_texts(pdf)) == 108, "pdftotext does not see 108 pages"


@pytest.mark.parametrize("slot", ARTICLE_SLOTS, ids=lambda s: f"p{s.first}-{s.key}")
def test_article_title_on_its_first_page(pdf, slot):
    page = visible(page_texts(pdf)[slot.first - 1], slot)
    assert squeeze(title(slot.article)) in page, (
        f"{pdf.name}: the title of '{slot.key}' ({title(slot.article)!r}) is not on page {slot.first}:\n{page[:300]}")


def test_editorial_sommaire_and_dossier_opener_pages(pdf):
    texts = page_texts(pdf)
    edito, sommaire, dossier = (next(s for s in SLOTS if s.key == key) for key in ("edito", "sommaire", "dossier"))
    assert (edito.first, sommaire.first, dossier.first) == (2, 3, 30)
    page = visible(texts[1], edito)
    assert page.startswith(squeeze("Édito") + squeeze(title(edito.article))), f"page 2: {page[:80]!r}"
    page = visible(texts[2], sommaire)
    assert page.startswith("sommaire"), f"page 3 does not open with « Sommaire »: {page[:80]!r}"
    for box_id in sommaire_part().boxes:
        assert squeeze(title(ISSUE.article(box_id))) in page, f"the box '{box_id}' is not on the sommaire's page"
    page = visible(texts[29], dossier)
    assert page.startswith(squeeze("Dossier") + squeeze(title(dossier.article))), f"page 30: {page[:80]!r}"


# ---------------------------------------------------------------------------
# 2. The sommaire prints each article's folio next to its title
# ---------------------------------------------------------------------------


def folio_near_title(lines: list[str], article: Article, folio: int) -> bool:
    pattern = re.compile(words_pattern(title(article), 3), re.IGNORECASE)
    number = re.compile(rf"(?<!\d){folio}(?!\d)")
    for i, line in enumerate(lines):
        for match in pattern.finditer(line):
            col = match.start()
            if number.search(line[max(0, col - 45):col]):
                return True
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and number.search(lines[j][max(0, col - 45):col + 20]):
                    return True
    return False


@pytest.mark.parametrize("slot", [s for s in ARTICLE_SLOTS if s.article.kind in (Kind.ARTICLE, Kind.INTERVIEW,
                                                                                 Kind.OPENER)],
                         ids=lambda s: f"p{s.first}-{s.key}")
def test_sommaire_prints_the_folio_next_to_the_title(pdf, slot):
    lines = page_texts(pdf)[2].splitlines()
    assert any(re.search(words_pattern(title(slot.article), 3), line, re.IGNORECASE) for line in lines), (
        f"'{slot.key}' is not in the sommaire")
    assert folio_near_title(lines, slot.article, slot.first), (
        f"the sommaire does not print {slot.first} next to « {title(slot.article)} »:\n" + "\n".join(lines))


# ---------------------------------------------------------------------------
# 3. Running heads and folios
# ---------------------------------------------------------------------------


def _slot_param(slot: Slot):
    marks = []
    return pytest.param(slot, id=f"p{slot.first}-{slot.key}", marks=marks)


@pytest.mark.parametrize("slot", [_slot_param(s) for s in SLOTS])
def test_running_heads(pdf, slot):
    """Opening page: none; then even pages « HORIZONS PUBLICS N° 38 », odd pages the rubric (and dossier title)."""
    heads = zone_texts(pdf, HEAD_ZONE)
    wrong = []
    for folio in slot.folios:
        expected = expected_head(ISSUE, slot, folio)
        got = " ".join(heads[folio - 1].split())
        if squeeze(got) != squeeze(expected):
            wrong.append(f"page {folio}: expected {expected.upper()!r}, printed {got!r}")
    assert not wrong, f"{pdf.name}, running heads of '{slot.key}':\n" + "\n".join(wrong)


def test_opening_page_has_no_running_head_over_its_rubric_label(pdf):
    """Page 18 (Grand entretien): nothing in the top margin; « GRAND ENTRETIEN » printed once, as the opener's label.

    The label is the rubric's name too, so the page's text alone cannot tell a
    running head from it: the check reads the top margin (HEAD_ZONE) apart.
    """
    head = zone_texts(pdf, HEAD_ZONE)[17]
    assert not head.strip(), f"a running head on page 18: {' '.join(head.split())!r}"
    label = "".join(ISSUE.rubric("entretien").title.upper().split())
    heading = "".join(title(ISSUE.article("tibloux")).split())
    page = "".join(page_texts(pdf)[17].split())  # not case folded: the invisible source says « Grand entretien »
    assert page.count(label) == 1, f"{label!r} is printed {page.count(label)} times on page 18"
    assert heading in page and page.index(label) < page.index(heading), "the rubric label is not above the title"


def test_every_page_prints_its_folio(pdf):
    """Every page but the covers prints its folio (= page index + 1) in the bottom margin."""
    feet = zone_texts(pdf, FOOT_ZONE)
    wrong = []
    for slot in SLOTS:
        covers = slot.kind in (PartKind.COVER, PartKind.BACK_COVER)
        for folio in slot.folios:
            got = " ".join(feet[folio - 1].split())
            if covers and re.fullmatch(r"\d+", got):
                wrong.append(f"page {folio} ({slot.key}): a folio {got!r} on a cover")
            elif not covers and got != str(folio):
                wrong.append(f"page {folio}: printed folio {got!r}")
    assert not wrong, f"{pdf.name}:\n" + "\n".join(wrong)


def test_folio_on_the_outer_edge(pdf):
    """Even (left-hand) pages print the folio at the left, odd (right-hand) pages at the right."""
    left, right = zone_texts(pdf, FOOT_LEFT), zone_texts(pdf, FOOT_RIGHT)
    wrong = []
    for slot in SLOTS:
        if slot.kind in (PartKind.COVER, PartKind.BACK_COVER):
            continue
        for folio in slot.folios:
            outer, inner = (left, right) if folio % 2 == 0 else (right, left)
            if outer[folio - 1].split() != [str(folio)] or inner[folio - 1].split():
                wrong.append(folio)
    assert not wrong, f"{pdf.name}: folio on the inner (spine) side on pages {wrong}"


def test_no_invisible_running_head_text(pdf):
    """The sources of the running heads are not page text (only the printed, uppercase heads are)."""
    head = magazine_head(ISSUE)
    found = [i + 1 for i, text in enumerate(zone_texts(pdf, BODY_ZONE)) if head in " ".join(text.split())]
    assert not found, f"{pdf.name}: invisible « {head}… » text on pages {found}"


# ---------------------------------------------------------------------------
# 4–5. The editorial: its notes on its page, French spacing, no missing glyph
# ---------------------------------------------------------------------------


def test_editorial_notes_on_the_page_of_their_call(pdf):
    edito = next(s for s in SLOTS if s.key == "edito")
    page = page_texts(pdf)[edito.first - 1]
    notes = notes_of(edito.article)
    assert [n.number for n in notes] == [1, 2]
    for note in notes:
        start = words_pattern(note_text(note), 5)
        assert re.search(rf"^\s*{note.number}\.\s+{start}", page, re.M), (
            f"note {note.number} ({note_text(note)[:40]!r}…) is not at the foot of page {edito.first}")
        others = [i + 1 for i, t in enumerate(page_texts(pdf)) if i != edito.first - 1 and re.search(start, t)]
        assert not others, f"note {note.number} is also printed on pages {others}"
    for needle in ("Jeannot G. et Cottin-Marx", "Clément Mabi est maître de conférences"):
        assert needle in " ".join(page.split()), f"{needle!r} not on page 2"
    # the calls: superscript numbers after the words that carry them
    assert re.search(r"Cottin-Marx\s?1\s+ont rappelé", page), "the call of note 1 is not on page 2"
    assert re.search(r"spécialiste du numérique\s?2\b", " ".join(page.split())), "the call of note 2 is not on page 2"


def test_french_spacing_survives(pdf):
    text = pdfium_texts(pdf)[1]
    assert "Bonne lecture\u202f!" in text, "« Bonne lecture ! » lost its narrow no-break space"
    assert "«\u202fLa numérisation" in text
    ordinary = re.findall(r".{0,12}[ \r\n][!?;:»]|«[ \r\n].{0,12}", text)
    assert not ordinary, f"French punctuation after an ordinary space or line break on page 2: {ordinary}"


def test_no_replacement_character(pdf):
    for name, texts in (("pdfium", pdfium_texts(pdf)), ("pdftotext", page_texts(pdf))):
        bad = [i + 1 for i, t in enumerate(texts) if "\ufffd" in t]
        assert not bad, f"{pdf.name}: U+FFFD in the {name} text of pages {bad}"


def test_no_missing_glyph(pdf):
    """No .notdef glyph (CID 0 of an Identity-H font) is shown anywhere."""
    with pikepdf.open(pdf) as doc:
        missing = sorted({(page, font) for page, font, cid in shown_cids(doc) if cid == 0})
        shown = sum(1 for _ in shown_cids(doc))
    assert shown > 10_000, "the glyph scan saw almost nothing: is the text still Identity-H encoded?"
    assert not missing, f"{pdf.name}: .notdef shown (page, font): {missing}"


# ---------------------------------------------------------------------------
# 6. The printer's PDF: PDF/X-4, boxes, output intent, fonts
# ---------------------------------------------------------------------------


def test_print_page_boxes(hp38):
    with pikepdf.open(hp38.print_pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
            assert trim and bleed, f"page {number}: no TrimBox or BleedBox"
            size = (trim[2] - trim[0], trim[3] - trim[1])
            assert near(size[0], TRIM[0]) and near(size[1], TRIM[1]), f"page {number}: trim {size} pt ≠ 180 × 260 mm"
            grown = [trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED]
            assert all(near(a, b) for a, b in zip(bleed, grown)), f"page {number}: bleed {bleed} ≠ trim + 3 mm"
            assert (media[0] <= bleed[0] + TOLERANCE and media[1] <= bleed[1] + TOLERANCE
                    and media[2] >= bleed[2] - TOLERANCE and media[3] >= bleed[3] - TOLERANCE), (
                f"page {number}: media box {media} does not hold the bleed box {bleed}")


def test_print_output_intent_and_xmp(hp38):
    with pikepdf.open(hp38.print_pdf) as doc:
        intents = list(doc.Root.get("/OutputIntents", []))
        pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
        assert len(pdfx) == 1, f"expected one /GTS_PDFX output intent, got {[str(i.get('/S')) for i in intents]}"
        profile = pdfx[0].DestOutputProfile
        assert int(profile.N) == 4, "the output profile is not CMYK (/N 4)"
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"CMYK", "the output profile is not a CMYK ICC profile"
        props = xmp(doc)
        assert props.get(NS_PDFXID + "GTS_PDFXVersion") == "PDF/X-4", f"XMP: {props}"


def test_print_pdf_paints_no_device_rgb(hp38):
    """PDF/X-4 with a CMYK output intent: no DeviceRGB colour (there is no /DefaultRGB)."""
    with pikepdf.open(hp38.print_pdf) as doc:
        pages = sorted({number for number, op in all_operators(doc) if op in ("rg", "RG")})
    assert not pages, f"DeviceRGB colour (rg/RG) on pages {pages[:10]}{'…' if len(pages) > 10 else ''}"


@pytest.mark.parametrize("pdf_name", ["print", "screen"])
def test_fonts_are_embedded_subsets(hp38, pdf_name):
    path = hp38.print_pdf if pdf_name == "print" else hp38.screen_pdf
    with pikepdf.open(path) as doc:
        fonts = list(iter_fonts(doc))
        assert fonts, "no font found"
        for font in fonts:
            tag, name = subset_name(font)
            assert re.fullmatch(r"[A-Z]{6}", tag), f"{font.BaseFont}: no 6-letter subset tag"
            assert font_file(descriptor(font)), f"{font.BaseFont} is not embedded (no FontFile/2/3)"
            assert not re.search(r"dejavu|liberation|freesans|noto|helvetica|arial|times", name, re.I), (
                f"{font.BaseFont} is a fallback font")
            ps = embedded_postscript_name(descriptor(font))
            assert not re.search(r"dejavu|liberation|freesans|noto", ps, re.I), f"{font.BaseFont}: program {ps}"


@pytest.mark.parametrize("pdf_name", ["print", "screen"])
def test_every_font_program_comes_from_the_fonts_folder(hp38, pdf_name):
    path = hp38.print_pdf if pdf_name == "print" else hp38.screen_pdf
    known = repository_fonts()
    with pikepdf.open(path) as doc:
        foreign = {str(f.BaseFont): embedded_postscript_name(descriptor(f)) for f in iter_fonts(doc)
                   if embedded_postscript_name(descriptor(f)) not in known}
    assert not foreign, f"font programs not from fonts/ ({sorted(known)}): {foreign}"


@pytest.mark.parametrize("pdf_name", ["print", "screen"])
def test_basefont_is_the_postscript_name_of_a_repository_font(hp38, pdf_name):
    # WeasyPrint names /BaseFont after Pango's description (« Inter-Semi-Bold »); pdf_fonts renames it
    path = hp38.print_pdf if pdf_name == "print" else hp38.screen_pdf
    known = repository_fonts()
    with pikepdf.open(path) as doc:
        names = sorted({subset_name(f)[1] for f in iter_fonts(doc)})
    assert set(names) <= set(known), f"/BaseFont names {names} are not PostScript names of fonts/ {sorted(known)}"


# ---------------------------------------------------------------------------
# 7. The screen PDF: the trim page, tagged, PDF/A-3a and PDF/UA-1
# ---------------------------------------------------------------------------


def test_screen_page_boxes_and_no_marks(hp38):
    with pikepdf.open(hp38.screen_pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            media = box(page, "/MediaBox")
            assert all(near(a, b) for a, b in zip(media, [0, 0, *TRIM])), f"page {number}: media box {media}"
            for name in ("/TrimBox", "/BleedBox", "/CropBox"):
                other = box(page, name)
                assert other is None or all(near(a, b) for a, b in zip(other, media)), f"page {number}: {name} {other}"
    # a reserved page (6: a folio and a running head) rendered: blank corners; the print PDF's has crop marks there
    assert rendered_corners_are_blank(hp38.screen_pdf, 5), "marks in the corners of the screen PDF's page 6"
    assert not rendered_corners_are_blank(hp38.print_pdf, 5, size_mm=12.5), \
        "the check sees no crop marks in the print PDF's slug either"


def test_screen_pdf_is_tagged_and_identified(hp38):
    with pikepdf.open(hp38.screen_pdf) as doc:
        root = doc.Root
        assert bool(root.MarkInfo.Marked) is True, "/MarkInfo /Marked is not true"
        assert "/StructTreeRoot" in root, "no /StructTreeRoot"
        assert str(root.Lang) == "fr"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        intents = list(root.get("/OutputIntents", []))
        pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
        assert len(pdfa) == 1, f"no single /GTS_PDFA1 output intent: {[str(i.get('/S')) for i in intents]}"
        icc = pdfa[0].DestOutputProfile
        assert int(icc.N) == 3 and icc.read_bytes()[16:20] == b"RGB ", "the output profile is not RGB"
        assert "sRGB" in str(pdfa[0].get("/OutputConditionIdentifier", "")) + str(pdfa[0].get("/Info", ""))
        props = xmp(doc)
        assert props.get(NS_PDFAID + "part") == "3", f"XMP: {props}"
        assert props.get(NS_PDFAID + "conformance") == "A", f"XMP: {props}"
        assert props.get(NS_PDFUAID + "part") == "1", f"XMP: {props}"


# ---------------------------------------------------------------------------
# 8. Both: page labels, outline, document information
# ---------------------------------------------------------------------------


def test_page_labels_are_the_folios(pdf):
    with pikepdf.open(pdf) as doc:
        folios = page_label_folios(doc)
    assert folios == list(range(1, 109)), f"page labels: {folios}"


def expected_outline(issue: Issue) -> list[tuple]:
    """(title, page index, children) in page order: parts at the top, articles under their rubric path."""
    root: list[tuple] = []
    open_path: list[tuple[str, list]] = []  # (rubric id, children list) from the outermost
    names = {PartKind.COVER: "Couverture", PartKind.SOMMAIRE: "Sommaire", PartKind.BACK_COVER:
             "Quatrième de couverture"}
    for part in issue.flatplan:
        if part.kind in names:
            root.append((names[part.kind], part.page - 1, []))
            open_path = []
            continue
        art = issue.article(part.article)
        path = issue.rubric_path(art.rubric)
        keep = 0
        while keep < min(len(open_path), len(path)) and open_path[keep][0] == path[keep].id:
            keep += 1
        del open_path[keep:]
        for rubric in path[keep:]:
            node = (rubric.title, part.page - 1, [])
            (open_path[-1][1] if open_path else root).append(node)
            open_path.append((rubric.id, node[2]))
        (open_path[-1][1] if open_path else root).append((title(art), part.page - 1, []))
    return root


def actual_outline(doc: pikepdf.Pdf) -> list[tuple]:
    index = {page.objgen: i for i, page in enumerate(doc.pages)}

    def page_of(item):
        dest = item.destination
        if dest is None and item.action is not None:
            dest = item.action.get("/D")
        if isinstance(dest, int):
            return dest
        if isinstance(dest, pikepdf.Array) and len(dest):
            return index.get(dest[0].objgen, dest[0] if isinstance(dest[0], int) else None)
        return repr(dest)

    def convert(items):
        return [(item.title, page_of(item), convert(item.children)) for item in items]

    with doc.open_outline() as outline:
        return convert(outline.root)


def test_outline(pdf):
    with pikepdf.open(pdf) as doc:
        got = actual_outline(doc)
    top = [t for t, _, _ in got]
    assert top[:3] == ["Couverture", "Édito", "Sommaire"], top
    assert [t for t, _, _ in got[1][2]] == [title(ISSUE.article("edito"))]
    dossier = next(children for t, _, children in got if t == "Dossier")
    assert [t for t, _, _ in dossier] == [title(ISSUE.article("dossier")), "Sur le terrain", "Mises en perspective",
                                          "Réactions"]
    assert got == expected_outline(ISSUE)


def test_document_title(pdf):
    with pikepdf.open(pdf) as doc:
        info_title = str(doc.docinfo.get("/Title", ""))
    assert "Horizons publics n° 38" in " ".join(info_title.split()), f"/Title is {info_title!r}"


def test_keywords_are_the_rubrics_that_have_an_article(pdf):
    """The Info dictionary's and the XMP's keywords: the rubrics of the issue's articles, in their order."""
    expected = list(dict.fromkeys(ISSUE.rubric(a.rubric).title for a in ISSUE.articles if a.rubric))
    with pikepdf.open(pdf) as doc:
        info = str(doc.docinfo.get("/Keywords", ""))
        xmp = str(doc.open_metadata().get("pdf:Keywords", ""))
    assert info.split(", ") == expected and xmp == info, (info, xmp)


def test_a_rubric_without_article_is_no_keyword():
    from dataclasses import replace as _replace

    from horizons_pub.model.nodes import Rubric

    empty = Rubric("vide", "Rubrique sans article", (), ISSUE.pos)
    keywords = _replace(ISSUE, rubrics=ISSUE.rubrics + (empty,)).rubrics_present()
    assert "Rubrique sans article" not in keywords
    assert keywords[0] == "Édito" and "Grand entretien" in keywords


# ---------------------------------------------------------------------------
# 10. Reserved pages: the rest of a short article's slot
# ---------------------------------------------------------------------------


def reserved_folios() -> list[int]:
    """Pages after a one-page opener of an article without text (the dossier opener has its contributors' page)."""
    return [folio for s in ARTICLE_SLOTS if not s.article.has_body and s.article.kind is not Kind.OPENER
            for folio in s.folios[1:]]


def test_reserved_pages_keep_folio_and_running_head_but_no_text(pdf):
    folios = reserved_folios()
    assert {5, 6, 7} <= set(folios), "pages 5–7 (after « Philippe Laurent ») should be reserved"
    heads, bodies, feet = zone_texts(pdf, HEAD_ZONE), zone_texts(pdf, BODY_ZONE), zone_texts(pdf, FOOT_ZONE)
    wrong = []
    for folio in folios:
        i = folio - 1
        expected = expected_head(ISSUE, slot_of(folio), folio)
        if not expected or squeeze(heads[i]) != squeeze(expected):
            wrong.append(f"page {folio}: running head {' '.join(heads[i].split())!r}, expected {expected!r}")
        if feet[i].split() != [str(folio)]:
            wrong.append(f"page {folio}: folio {' '.join(feet[i].split())!r}")
        body = visible(bodies[i], slot_of(folio))
        if body:
            wrong.append(f"page {folio}: text {body[:60]!r}")
    assert not wrong, f"{pdf.name}:\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------
# 9. A long article overflowing its four pages (a small issue of its own, built once for these tests)
# ---------------------------------------------------------------------------

OVERFLOW = re.compile(r"^(?P<file>\S*issue\.yaml):(?P<line>\d+): (?P<level>warning|error): the article "
                      rf"'{LONG_ID}' runs (?P<over>\d+) page\(s\) past page (?P<next>\d+), .*? fills pages "
                      r"(?P<first>\d+)–(?P<last>\d+);.*\[layout\.overflow\]$", re.M)
MOVED = re.compile(r"^(?P<file>\S*\.md):(?P<line>\d+): warning: note (?P<number>\d+) is printed on page "
                   r"(?P<page>\d+), not on page (?P<call>\d+) where it is called \[note\.moved\]$", re.M)


@dataclass(frozen=True)
class LongBuild:
    folder: Path
    out: Path
    first: subprocess.CompletedProcess
    pdf_after_first: bytes
    strict: subprocess.CompletedProcess

    @property
    def pdf(self) -> Path:
        return next((self.out / self.folder.name).glob("*-screen.pdf"))


@pytest.fixture(scope="module")
def long_build(tmp_path_factory) -> LongBuild:
    folder = write_long_issue(tmp_path_factory.mktemp("long-source"))
    out = tmp_path_factory.mktemp("long-out")
    first = run_build(folder, out, "--format", "pdf")
    pdfs = list((out / folder.name).glob("*-screen.pdf"))
    before = pdfs[0].read_bytes() if pdfs else b""
    strict = run_build(folder, out, "--format", "pdf", "--strict")
    return LongBuild(folder, out, first, before, strict)


def test_long_article_overflow_is_a_warning(long_build):
    proc = long_build.first
    assert proc.returncode == 0, proc.stderr
    found = [m for m in OVERFLOW.finditer(proc.stderr) if m["level"] == "warning"]
    assert len(found) == 1, f"no single layout.overflow warning for '{LONG_ID}':\n{proc.stderr}"
    assert proc.stderr.count("[layout.overflow]") == 1, f"a part the overflow pushed is no overflow:\n{proc.stderr}"
    m = found[0]
    assert int(m["line"]) == flatplan_line(long_build.folder, LONG_ID), "the warning does not name the flatplan line"
    assert (int(m["first"]), int(m["next"])) == (4, 8)
    assert int(m["over"]) == int(m["last"]) - 7 > 0, m.group(0)
    # the PDF opens, and the long article's last note really is on page (folio) `last`
    with pikepdf.open(long_build.pdf) as doc:
        folios = page_label_folios(doc)
        assert len(doc.pages) > 8
    source = (long_build.folder / "articles" / f"{LONG_ID}.md").read_text(encoding="utf-8")
    last_marker = note_marker(max(int(n) for n in re.findall(r"^\[\^n(\d+)\]:", source, re.M)))
    texts = [" ".join(t.split()) for t in page_texts(long_build.pdf)]
    pages = [folios[i] for i, t in enumerate(texts) if re.search(re.escape(last_marker) + r"(?!\d)", t)]
    assert pages == [int(m["last"])], f"the long article's last note is on pages {pages}, the warning says {m['last']}"
    after = [folios[i] for i, t in enumerate(texts) if flat(NEXT_TITLE) in flat(t)]
    assert after and after[-1] > int(m["last"]), "the next article does not start after the overflow"


def test_long_article_overflow_is_an_error_with_strict_and_keeps_the_good_pdf(long_build):
    proc = long_build.strict
    assert proc.returncode == 1, proc.stderr
    errors = [m for m in OVERFLOW.finditer(proc.stderr) if m["level"] == "error"]
    warnings = [m for m in OVERFLOW.finditer(long_build.first.stderr) if m["level"] == "warning"]
    assert len(errors) == 1, f"no layout.overflow error with --strict:\n{proc.stderr}"
    assert errors[0].group(0) == warnings[0].group(0).replace(": warning: ", ": error: ", 1)
    assert "build failed" in proc.stderr
    assert long_build.pdf_after_first, "the first build wrote no PDF"
    assert long_build.pdf.read_bytes() == long_build.pdf_after_first, "the strict build replaced the good PDF"
    assert not list((long_build.out / long_build.folder.name).glob(".hp-tmp-*")), "temporary files left behind"


def test_moved_note_is_where_the_warning_says(long_build):
    moved = list(MOVED.finditer(long_build.first.stderr))
    assert moved, f"the long issue no longer moves a note (change its seed or shape):\n{long_build.first.stderr}"
    with pikepdf.open(long_build.pdf) as doc:
        index = {folio: i for i, folio in enumerate(page_label_folios(doc))}
    texts = [" ".join(t.split()) for t in page_texts(long_build.pdf)]
    src = (long_build.folder / "articles" / f"{LONG_ID}.md").read_text(encoding="utf-8").splitlines()
    for m in moved:
        number, page, call = int(m["number"]), int(m["page"]), int(m["call"])
        assert page != call
        marker = re.compile(re.escape(note_marker(number)) + r"(?!\d)")
        assert marker.search(texts[index[page]]), f"note {number} is not on page {page}, as the warning says"
        assert not marker.search(texts[index[call]]), f"note {number} is also on page {call}, its call's page"
        line = src[int(m["line"]) - 1]
        assert f"[^n{number}]" in line and not line.startswith(f"[^n{number}]:"), (
            f"the warning does not point at the line of the note's call: {line[:60]!r}")


def test_overflow_leaves_no_folio_without_a_page(long_build):
    with pikepdf.open(long_build.pdf) as doc:
        folios = page_label_folios(doc)
    assert folios == list(range(1, len(folios) + 1)), f"page labels after the overflow: {folios}"
