"""The flatplan walked with a fake layout: no WeasyPrint, each part's page count said by the test.

``Paginator`` asks its ``parts`` for each part's layout (``get(job) -> (bytes, PartFacts)``, as
pool.PartLayouts answers); here a fake answers with the page count the test gives for the part's key
(``job.meta.title``: the article id, ``cover``, ``sommaire``, ``back-cover``, ``reserved-…``).  A
reserved part gets as many pages as its HTML asks for.  The HTML of each part is the real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from lxml import html as lxml_html

from helpers import article, load, write_issue
from horizons_pub.model.nodes import PartKind
from horizons_pub.render.pdf.job import PartFacts, PartJob
from horizons_pub.render.pdf.paginate import Paginator
from horizons_pub.support.diagnostics import Reporter


@dataclass(frozen=True)
class Asked:
    key: str
    first_folio: int  # the folio the part's HTML starts its page counter at
    pages: int
    job: PartJob


class FakeParts:
    """Duck-typed like pool.PartLayouts: ``environment`` and ``get``."""

    environment = "test-environment"

    def __init__(self, pages: dict[str, int] | None = None, facts: dict[str, PartFacts] | None = None):
        self.pages = pages or {}
        self.facts = facts or {}
        self.asked: list[Asked] = []

    def get(self, job: PartJob) -> tuple[bytes, PartFacts]:
        key = job.meta.title
        first = int(re.search(r"counter-reset: page (\d+)", job.html).group(1))
        if key in self.facts:
            facts = self.facts[key]
        else:
            reserved = job.html.count('class="reserved-page"')
            count = reserved if key.startswith("reserved-") else self.pages.get(key, 1)
            assert count > 0, key
            facts = PartFacts(pages=count, calls=((),) * count, notes=((),) * count,
                              page_blocks=tuple(range(1, count)))
        self.asked.append(Asked(key, first, facts.pages, job))
        return f"PDF of {key}".encode(), facts


def paginate(folder, pages: dict[str, int] | None = None, facts: dict[str, PartFacts] | None = None,
             variant: str = "print"):
    issue, loaded = load(folder)
    assert issue is not None and loaded.diagnostics == [], [d.format() for d in loaded.diagnostics]
    reporter = Reporter(echo=False)
    parts = FakeParts(pages, facts)
    paged = Paginator(issue, variant, reporter, parts).run()
    return paged, reporter, parts


def layout(paged) -> list[tuple[str, int, int]]:
    """Each laid-out part: (key, first folio, last folio)."""
    return [(laid.part.key, laid.first_folio, laid.last_folio) for laid in paged.parts]


ARTICLES = {name: article(f"Le texte de {name}.", title=f"Titre {name.upper()}") for name in ("a", "b", "c")}
# default flatplan: cover 1, sommaire 2–3, a 4–5, b 6–7, c 8–9, back cover 10 (10 pages)


def test_parts_that_fit_get_reserved_pages_to_fill_their_slots(workdir):
    paged, reporter, parts = paginate(write_issue(workdir, ARTICLES), {"b": 2})
    assert reporter.diagnostics == []
    assert layout(paged) == [("cover", 1, 1), ("sommaire", 2, 2), ("reserved-sommaire", 3, 3),
                             ("a", 4, 4), ("reserved-a", 5, 5), ("b", 6, 7),
                             ("c", 8, 8), ("reserved-c", 9, 9), ("back-cover", 10, 10)]
    assert paged.folios() == list(range(1, 11))
    assert paged.pages.articles == {"a": 4, "b": 6, "c": 8}
    # each part's HTML starts at the folio it is laid out on; the sommaire's come last
    assert [(a.key, a.first_folio) for a in parts.asked] == [
        ("cover", 1), ("a", 4), ("reserved-a", 5), ("b", 6), ("c", 8), ("reserved-c", 9), ("back-cover", 10),
        ("sommaire", 2), ("reserved-sommaire", 3)]


def test_the_parts_are_laid_out_with_the_variants_job(workdir):
    paged, _, parts = paginate(write_issue(workdir, ARTICLES), variant="screen")
    assert {a.job.variant for a in parts.asked} == {"screen"}
    assert {a.job.environment for a in parts.asked} == {"test-environment"}
    assert [laid.data for laid in paged.parts][:1] == [b"PDF of cover"]


@pytest.mark.parametrize("a_pages, reserved", [(3, [("reserved-a", 7, 7)]), (4, [])],
                         ids=["odd overflow: a reserved page", "even overflow: none"])
def test_an_overflow_pushes_the_next_part_to_a_page_of_its_parity(workdir, a_pages, reserved):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"a": a_pages})
    assert layout(paged)[3:] == [("a", 4, 3 + a_pages), *reserved, ("b", 8, 8), ("reserved-b", 9, 9),
                                 ("c", 10, 10), ("reserved-c", 11, 11), ("back-cover", 12, 12)]
    assert paged.folios() == list(range(1, 13))  # no folio without a page, none twice
    assert paged.pages.articles == {"a": 4, "b": 8, "c": 10}
    assert paged.pages.parts[PartKind.BACK_COVER] == 12
    assert reporter.codes() == ["layout.overflow", "layout.pushed", "layout.pushed", "layout.pushed", "layout.page-count"]
    overflow, pushed_b = reporter.diagnostics[:2]
    assert dict(overflow.data) == {"first": 4, "last": 3 + a_pages, "next": 6, "over": a_pages - 2}
    assert overflow.message.startswith(f"the article 'a' runs {a_pages - 2} page(s) past page 6, where the next "
                                       f"part starts: it needs {a_pages} pages, its slot has 2")
    blank = len(reserved)
    assert dict(pushed_b.data) == {"planned": 6, "first": 8, "last": 8, "by": 2, "cause": "a", "blank": blank}
    assert pushed_b.message.startswith("the article 'b' should start on page 6 but starts on page 8 (2 page(s) "
                                       "later, page 8), pushed by the overflow of the article 'a'")
    assert ("a page is left blank before it so that it opens on a left-hand page" in pushed_b.message) == bool(blank)
    assert pushed_b.message.endswith("the sommaire and the bookmarks give page 8")
    # the cascade names the overflow that caused it, not the part just before
    assert [dict(d.data)["cause"] for d in reporter.diagnostics[1:4]] == ["a", "a", "a"]
    assert all(d.severity.value == "warning" for d in reporter.diagnostics)


def test_a_pushed_part_that_fits_its_own_slot_is_not_told_to_cut(workdir):
    # a: 4–5, b: 6–9 (a slot of four pages), c: 10–11; a needs three pages, b its four
    plan = {"flatplan": [{"page": 1, "part": "cover"}, {"page": 2, "part": "sommaire"}, {"page": 4, "article": "a"},
                         {"page": 6, "article": "b"}, {"page": 10, "article": "c"},
                         {"page": 12, "part": "back-cover"}], "pages": 12}
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES, issue=plan), {"a": 3, "b": 4})
    assert layout(paged)[3:] == [("a", 4, 6), ("reserved-a", 7, 7), ("b", 8, 11), ("c", 12, 12),
                                 ("reserved-c", 13, 13), ("back-cover", 14, 14)]
    assert reporter.codes() == ["layout.overflow", "layout.pushed", "layout.pushed", "layout.pushed",
                                "layout.page-count"]
    assert [dict(d.data).get("planned") for d in reporter.diagnostics[1:4]] == [6, 10, 12]
    assert [dict(d.data)["by"] for d in reporter.diagnostics[1:4]] == [2, 2, 2]
    assert sum("cut the text" in d.message for d in reporter.diagnostics) == 1
    assert paged.pages.articles == {"a": 4, "b": 8, "c": 12}


def test_a_pushed_part_that_overflows_its_own_slot_is_a_second_cause(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"a": 3, "b": 3})
    assert layout(paged)[3:6] == [("a", 4, 6), ("reserved-a", 7, 7), ("b", 8, 10)]
    assert reporter.codes() == ["layout.overflow", "layout.pushed", "layout.overflow", "layout.pushed",
                                "layout.pushed", "layout.page-count"]
    assert [dict(d.data)["cause"] for d in reporter.errors + reporter.diagnostics
            if d.code == "layout.pushed"][-2:] == ["a,b", "a,b"]
    assert "pushed by the overflow of the article 'a' and the article 'b'" in reporter.diagnostics[3].message


def test_a_part_back_on_its_planned_page_ends_the_cascade(workdir):
    plan = {"flatplan": [{"page": 1, "part": "cover"}, {"page": 2, "part": "sommaire"}, {"page": 4, "article": "a"},
                         {"page": 6, "article": "b"}, {"page": 10, "article": "c"},
                         {"page": 12, "part": "back-cover"}], "pages": 12}
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES, issue=plan), {"a": 3, "b": 1})
    assert layout(paged)[3:7] == [("a", 4, 6), ("reserved-a", 7, 7), ("b", 8, 8), ("reserved-b", 9, 9)]
    assert reporter.codes() == ["layout.overflow", "layout.pushed"]  # c opens on its page 10
    assert paged.pages.articles["c"] == 10


def test_an_overflow_of_the_last_part_names_the_issues_last_page(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"back-cover": 2})
    assert layout(paged)[-1] == ("back-cover", 10, 11)
    assert reporter.codes() == ["layout.overflow", "layout.page-count"]
    assert "past the issue's last page" in reporter.diagnostics[0].message


def test_with_strict_an_overflow_is_an_error(workdir):
    issue, _ = load(write_issue(workdir, ARTICLES))
    reporter = Reporter(strict=True, echo=False)
    Paginator(issue, "print", reporter, FakeParts({"a": 3})).run()
    assert reporter.has_errors() and reporter.codes()[0] == "layout.overflow"


def sommaire_folios(parts: FakeParts) -> dict[str, int]:
    """What the sommaire's HTML prints: article title → folio."""
    (asked,) = [a for a in parts.asked if a.key == "sommaire"]
    doc = lxml_html.fromstring(asked.job.html.encode())
    return {entry.xpath("string(.//*[@class='sommaire-title'])"): int(entry.xpath("string(.//*[@class='sommaire-folio'])"))
            for entry in doc.xpath("//*[@class='sommaire-entry']")}


def test_the_sommaire_is_laid_out_last_with_the_folios_the_articles_got(workdir):
    paged, reporter, parts = paginate(write_issue(workdir, ARTICLES), {"a": 3})
    assert [a.key for a in parts.asked][-2:] == ["sommaire", "reserved-sommaire"]
    assert sommaire_folios(parts) == {"Titre A": 4, "Titre B": 8, "Titre C": 10}  # not the planned 6 and 8
    assert layout(paged)[:3] == [("cover", 1, 1), ("sommaire", 2, 2), ("reserved-sommaire", 3, 3)]  # in page order


def test_a_sommaire_that_fills_its_slot_gets_no_reserved_page(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"sommaire": 2})
    assert layout(paged)[1:3] == [("sommaire", 2, 3), ("a", 4, 4)]
    assert reporter.diagnostics == []


def test_a_sommaire_overflow_is_an_error(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"sommaire": 3})
    assert reporter.codes() == ["layout.sommaire-overflow"]
    (error,) = reporter.errors
    assert error.message == ("the sommaire fills pages 2–4 but the flatplan gives it pages 2–3: give it more pages "
                             "in the flatplan")
    assert layout(paged)[1] == ("sommaire", 2, 4)


def test_a_sommaire_pushed_by_the_cover_names_the_cause(workdir):
    _, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"cover": 2, "sommaire": 2})
    assert reporter.codes() == ["layout.overflow", "layout.sommaire-overflow"]
    assert reporter.errors[0].message.endswith("the part before it overflows onto page 2: make that part fit its "
                                               "own pages")


def test_the_parts_are_placed_by_kind_apart_from_an_article_called_cover(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, {"cover": article("Un article nommé cover.")}))
    assert reporter.diagnostics == []
    assert paged.pages.parts == {PartKind.COVER: 1, PartKind.SOMMAIRE: 2, PartKind.BACK_COVER: 6}
    assert paged.pages.articles == {"cover": 4}
    assert [laid.part.key for laid in paged.parts] == ["cover", "sommaire", "reserved-sommaire", "cover",
                                                       "reserved-cover", "back-cover"]
    assert [laid.part.article.id if laid.part.article else None for laid in paged.parts][3] == "cover"


def test_page_blocks_become_the_page_breaks(workdir):
    facts = {"a": PartFacts(pages=3, calls=((),) * 3, notes=((),) * 3, page_blocks=(2, 5)),
             "b": PartFacts(pages=1, calls=((),), notes=((),), page_blocks=())}
    paged, _, _ = paginate(write_issue(workdir, ARTICLES), facts=facts)
    assert paged.pages.breaks == {"a": [(5, 2), (6, 5)], "b": [], "c": []}


def test_a_note_printed_on_another_page_than_its_call_is_said(workdir):
    text = article("Un appel[^1].\n\nUn autre paragraphe.\n\n[^1]: La note.")
    note = "a-note-1"
    facts = {"a": PartFacts(pages=2, calls=((note,), ()), notes=((), (note,)), page_blocks=(1,))}
    _, reporter, _ = paginate(write_issue(workdir, {"a": text}), facts=facts)
    assert reporter.codes() == ["note.moved"]
    assert dict(reporter.diagnostics[0].data) == {"note": 1, "page": 5, "call": 4}
    lost = {"a": PartFacts(pages=2, calls=((note,), ()), notes=((), ()), page_blocks=(1,))}
    _, reporter, _ = paginate(write_issue(workdir, {"a": text}), facts=lost)
    assert reporter.codes() == ["note.lost"]


def test_a_running_head_too_long_is_said_once_at_the_title_its_short_title_would_shorten(workdir):
    head = ("DOSSIER · SUR LE TERRAIN — UN TITRE DE DOSSIER TRÈS LONG", 650.0, 405.4)
    long = PartFacts(pages=2, calls=((),) * 2, notes=((),) * 2, page_blocks=(1,), long_heads=(head,))
    texts = {"a": article("Le texte.", rubric="terrain", title="Titre A"),
             "b": article("Le texte.", rubric="terrain", title="Titre B"),
             "c": article("Le texte.", rubric="dossier", kind="opener", title="Le dossier")}
    _, reporter, _ = paginate(write_issue(workdir, texts), facts={"a": long, "b": long})
    assert reporter.codes() == ["layout.running-head-long"]  # once, though a and b both print it
    (said,) = reporter.diagnostics
    assert said.pos.file.endswith("c.md") and said.pos.line == 4  # the opener's title: the dossier's title
    assert "give c a 'short_title'" in said.message and dict(said.data) == {"width": 650.0, "room": 405.4}
    texts["a"] = article("Le texte.", rubric="terrain", title="Titre A", short_title="Un titre *court*")
    _, reporter, _ = paginate(write_issue(workdir, texts), facts={"a": long})
    (said,) = reporter.diagnostics
    assert said.pos.file.endswith("a.md") and said.pos.line == 5  # its own short_title's line
    assert "shorten the 'short_title' of a" in said.message



def test_an_issue_pushed_past_its_pages_is_told_its_real_page_count(workdir):
    paged, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"a": 3})  # a pushes b, c and the back cover by 2
    assert max(paged.folios()) == 12
    counts = [d for d in reporter.diagnostics if d.code == "layout.page-count"]
    assert len(counts) == 1 and "lays out 12 pages, not the 10 of 'pages:'" in counts[0].message


def test_an_issue_that_keeps_its_pages_is_told_nothing_of_its_count(workdir):
    _, reporter, _ = paginate(write_issue(workdir, ARTICLES), {"a": 2, "b": 1})
    assert "layout.page-count" not in reporter.codes()
