"""columns_reuse.py: a page's first column is not laid out again when its last trial was the same call (issue 20).

The slow test lays out a two-column article of the test magazine, with notes, without and with the
reuse, and compares the PDFs to the byte (the screen variant: the print variant's XMP DocumentID is
drawn at random by WeasyPrint for each writing); it also checks that columns were reused, so that it
fails if the reuse never happens.  The fast ones check the version guard (the version and the calls
of columns_layout) and what the comparison of column boxes leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from horizons_pub.render.pdf import columns_reuse

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def both_layouts():
    """An article of tests/data/magazine (two columns, notes, two pages) laid out without and with the reuse."""
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.render.pdf import typeset
    from horizons_pub.render.pdf.paginate import Paginator
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.support.diagnostics import Reporter

    issue = load_issue(ROOT / "tests" / "data" / "magazine", Reporter(echo=False))
    paginator = Paginator(issue, "screen", Reporter(echo=False), PartLayouts(None, jobs=1))
    part = next(p for p in issue.flatplan if p.article == "achats-publics")
    job = paginator.job(paginator.part_doc(part, part.page))
    install = columns_reuse.install
    columns_reuse.uninstall()
    columns_reuse.install = lambda: False  # lay_out_part installs it: not this time
    try:
        plain = typeset.lay_out_part(job)
    finally:
        columns_reuse.install = install
    before = dict(columns_reuse.counts)
    reusing = typeset.lay_out_part(job)
    counts = {key: columns_reuse.counts[key] - before[key] for key in before}
    return plain, reusing, counts


@pytest.mark.slow
def test_the_pages_are_the_same_to_the_byte_with_fewer_column_layouts(both_layouts):
    (plain_pdf, plain_facts), (pdf, facts), counts = both_layouts
    assert plain_facts.notes and any(plain_facts.notes), "the article calls notes"
    assert counts["reused"] > 0, counts  # some first columns were given back their last trial
    assert pdf == plain_pdf
    assert facts == plain_facts


def test_the_reuse_is_installed_only_for_the_version_it_was_written_for(monkeypatch):
    from weasyprint.layout import block

    from horizons_pub.render.pdf import columns_fix

    columns_reuse.uninstall()
    columns_fix.install()  # the function the reuse wraps, as lay_out_part installs them
    fixed = block.columns_layout
    try:
        monkeypatch.setattr(columns_reuse.weasyprint, "__version__", "71.0")
        assert not columns_reuse.install()
        assert block.columns_layout is fixed and block.block_box_layout is columns_reuse._original_block_box_layout
        monkeypatch.setattr(columns_reuse.weasyprint, "__version__", columns_reuse.VERSION)
        calls = columns_reuse._CALLS
        monkeypatch.setattr(columns_reuse, "_CALLS", (calls[0].replace("[], [], []", "[], [], None"),) + calls[1:])
        assert not columns_reuse.install()  # a columns_layout that no longer calls as expected: left alone
        assert block.block_box_layout is columns_reuse._original_block_box_layout
        monkeypatch.setattr(columns_reuse, "_CALLS", calls)
        assert columns_reuse.install() and columns_reuse.install()  # idempotent: wrapped once
        assert block.columns_layout.reuses is fixed
        assert block.block_box_layout is columns_reuse._reusing_block_box_layout
    finally:
        columns_reuse.uninstall()
    assert block.columns_layout is fixed and block.block_box_layout is columns_reuse._original_block_box_layout


def test_a_column_box_compares_without_its_removed_sides_only_when_its_corners_are_square():
    from weasyprint.formatting_structure import boxes

    class Box(boxes.BlockBox):
        pass

    square = {f"border_{c}_radius": ((0, "px"), (0, "px")) for c in columns_reuse._CORNERS}
    box = Box("div", square, None, [])
    box.remove_decoration_sides = {"top"}
    assert "remove_decoration_sides" not in columns_reuse._box_values(box)
    assert columns_reuse._all_square(box)
    round_box = Box("div", dict(square, border_top_left_radius=((4, "px"), (4, "px"))), None, [])
    round_box.remove_decoration_sides = {"top"}
    assert columns_reuse._box_values(round_box)["remove_decoration_sides"] == {"top"}
    box.children = [Box("p", square, None, []), round_box]
    assert not columns_reuse._all_square(box)  # a column holding a rounded box is laid out again
