"""One layout for both PDF editions (twin_layout.py): each edition's part, bytes and facts, exactly what its own
layout gives (typeset.lay_out_part), on parts of the test issue with notes, figures, sidebars, tables, the
cover and the sommaire."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from helpers import load
from horizons_pub.model.nodes import PartKind
from horizons_pub.render.pdf import twin_layout, typeset
from horizons_pub.render.pdf.documents import sommaire_doc
from horizons_pub.render.pdf.paginate import Paginator
from horizons_pub.render.pdf.pool import PartLayouts
from horizons_pub.support.diagnostics import Reporter

MAGAZINE = Path(__file__).parents[2] / "data" / "magazine"
#: the cover, an article with notes, figures and sidebars, the dossier's opener, an article with tables,
#: the sommaire (its boxes), the back cover
PARTS = ("cover", "gand", "dossier", "budgets", "sommaire", "back-cover")
#: the only bytes of a print part that differ from one layout to the next (WeasyPrint's uuid4; finish.py sets the
#: issue's own)
RANDOM_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


@pytest.fixture(scope="module")
def jobs():
    issue, reporter = load(MAGAZINE)
    assert issue is not None, reporter
    pool = PartLayouts(None, jobs=1)
    found = {}
    for variant in ("print", "screen"):
        paginator = Paginator(issue, variant, Reporter(), pool)
        by_key = {job.meta.title: job for job in paginator.planned_jobs()}
        part = next(p for p in issue.flatplan if p.kind is PartKind.SOMMAIRE)
        folios = {p.article: p.page for p in issue.flatplan if p.article}
        by_key["sommaire"] = paginator.job(sommaire_doc(issue, part, part.page, folios, variant, linked=False,
                                                        alone=True))
        found[variant] = by_key
    return found


def test_the_shipped_stylesheets_differ_only_in_colours_and_bleed():
    twins = twin_layout.twins()
    assert twins is not None
    assert len(twins.colours) >= 8  # every CMYK colour of print-bleed.css has its sRGB twin


def test_jobs_that_differ_in_more_than_their_variant_are_laid_out_twice(jobs):
    print_job, screen_job = jobs["print"]["gand"], jobs["screen"]["gand"]
    assert twin_layout.shared_layout_refused(print_job, screen_job) is None
    other = dataclasses.replace(screen_job, html=screen_job.html.replace("</body>", "<p>x</p></body>"))
    assert twin_layout.shared_layout_refused(print_job, other) is not None
    other = dataclasses.replace(screen_job, epoch=screen_job.epoch + 1)
    assert twin_layout.shared_layout_refused(print_job, other) is not None
    assert twin_layout.shared_layout_refused(screen_job, print_job) is not None


@pytest.mark.slow
@pytest.mark.parametrize("key", PARTS)
def test_one_layout_gives_both_editions_byte_for_byte(jobs, key):
    print_job, screen_job = jobs["print"][key], jobs["screen"][key]
    assert twin_layout.shared_layout_refused(print_job, screen_job) is None
    (print_data, print_facts), screen = twin_layout.lay_out_once(print_job, screen_job)
    assert screen is not None  # laid out once: the screen part written from the print part's pages
    screen_data, screen_facts = screen
    alone_screen = typeset.lay_out_part(screen_job)
    assert screen_data == alone_screen[0]
    assert screen_facts == alone_screen[1]
    assert screen_data != print_data
    if key == "gand":  # the print part is typeset's own, only watched: compared once
        alone_print = typeset.lay_out_part(print_job)
        assert RANDOM_ID.sub(b"", print_data) == RANDOM_ID.sub(b"", alone_print[0])
        assert print_facts == alone_print[1]


@pytest.mark.slow
def test_a_build_of_both_editions_lays_a_part_out_once_for_both(jobs, tmp_path):
    """pool.py: the planned parts of both editions, neither cached, are one layout in a worker, whose two
    halves are what each edition's own layout gives."""
    pool = PartLayouts(tmp_path / "cache", jobs=2)
    print_job, screen_job = jobs["print"]["back-cover"], jobs["screen"]["back-cover"]
    try:
        pool.start([print_job, screen_job])
        assert pool.paired == ["back-cover"]
        printed, screen = pool.get(print_job), pool.get(screen_job)
    finally:
        pool.close()
    assert sorted(pool.laid_out) == ["print:back-cover", "screen:back-cover"]
    alone_print, alone_screen = typeset.lay_out_part(print_job), typeset.lay_out_part(screen_job)
    assert screen == alone_screen
    assert RANDOM_ID.sub(b"", printed[0]) == RANDOM_ID.sub(b"", alone_print[0]) and printed[1] == alone_print[1]
    again = PartLayouts(tmp_path / "cache", jobs=2)  # both in the cache now: nothing laid out
    try:
        again.start([print_job, screen_job])
        assert again.paired == [] and again.get(screen_job) == screen
    finally:
        again.close()
    assert again.laid_out == []
