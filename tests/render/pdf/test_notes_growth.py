"""The layout's work on notes grows with the notes, not with their square (issue 20, « Linear in notes »).

- notes_fix.py: WeasyPrint 70 looks up the note of every box of every line in its list of waiting
  notes, reading the whole list for a box that calls none; the list is a PendingNotes, whose lookups
  take constant time, the layout being byte-identical;
- notes_fix.py's memo: a page's note area, laid out again by WeasyPrint each time a trial layout adds
  or takes back a note, is measured once for each list of notes;
- note_places.py's check_notes reads each page's notes once, not once per note.

The counts, never times, are compared at two sizes (benchmarks/notes_growth.py measures the times)."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from horizons_pub.render.pdf import note_places, notes_fix
from horizons_pub.render.pdf.note_places import PageNotes

LOREM = ("Les communes rurales ont engagé des travaux d'isolation des écoles et des mairies, financés par des "
         "subventions de l'État et de la région, avec le concours des syndicats d'énergie. ")
STYLE = """@page { size: 148mm 210mm; margin: 15mm;
  @footnote { border-top: 0.5pt solid black; padding-top: 1mm; margin-top: 3mm; } }
body { font: 9pt/12pt serif; } .body { column-count: 2; column-gap: 5mm; }
p { margin: 0 0 2mm; text-align: justify; } .fn { float: footnote; font-size: 7pt; line-height: 9pt; }"""


def notes_html(notes: int) -> str:
    """Two columns of paragraphs, a note called in each (a sentence or two)."""
    paras = "".join(f'<p>{LOREM}<em>{LOREM[:50]}</em><span class="fn">Note {i}. {LOREM[: 40 + 30 * (i % 3)]}</span>'
                    f"{LOREM}</p>" for i in range(notes))
    return f"<html lang='fr'><style>{STYLE}</style><body><div class='body'>{paras}</div></body></html>"


def test_pending_notes_answer_as_the_list_they_are():
    rng = random.Random(20)
    boxes = [object() for _ in range(12)]
    plain, pending = [], notes_fix.PendingNotes()
    for _ in range(2000):
        op = rng.choice(("append", "remove", "pop", "insert", "copy", "extend", "setitem", "delitem"))
        box = rng.choice(boxes)
        if op in ("remove", "pop", "setitem", "delitem") and not plain:
            continue
        if op == "append":
            plain.append(box), pending.append(box)
        elif op == "remove":
            box = rng.choice(plain)
            plain.remove(box), pending.remove(box)
        elif op == "pop":
            assert plain.pop(0) is pending.pop(0)
        elif op == "insert":
            plain.insert(1, box), pending.insert(1, box)
        elif op == "copy":
            pending = pending.copy()
            assert isinstance(pending, notes_fix.PendingNotes)
        elif op == "extend":
            plain.extend([box, boxes[0]]), pending.extend([box, boxes[0]])
        elif op == "setitem":
            plain[0] = box
            pending[0] = box
        else:
            del plain[-1]
            del pending[-1]
        assert list(pending) == plain
        assert [b in pending for b in boxes] == [b in plain for b in boxes]
        assert None not in pending and bool(pending) == bool(plain)


def _lay_out(html: str, fixed: bool):
    from weasyprint import HTML

    notes_fix.uninstall(), notes_fix.uninstall_area_memo()
    if fixed:
        assert notes_fix.install() and notes_fix.install_area_memo()
    try:
        return HTML(string=html).render()
    finally:
        notes_fix.uninstall(), notes_fix.uninstall_area_memo()


@pytest.mark.slow
def test_waiting_notes_are_looked_up_in_constant_time_with_the_same_pages(monkeypatch):
    lookups = [0]
    contains = notes_fix.PendingNotes.__contains__

    def counted(self, item):
        lookups[0] += 1
        return contains(self, item)

    monkeypatch.setattr(notes_fix.PendingNotes, "__contains__", counted)
    counts, areas = {}, {}
    for notes in (12, 24):
        html = notes_html(notes)
        lookups[0] = 0
        notes_fix.area_counts.update(laid=0, memo=0)
        fixed = _lay_out(html, fixed=True)
        counts[notes] = lookups[0], len(fixed.pages)
        areas[notes] = dict(notes_fix.area_counts)
        plain = _lay_out(html, fixed=False)
        assert fixed.write_pdf() == plain.write_pdf()  # the same layout, to the byte
    # the column trials put the same notes in the area again: measured once, then answered from the memo
    assert all(a["memo"] > a["laid"] > 0 for a in areas.values()), areas
    assert 1.6 < areas[24]["laid"] / areas[12]["laid"] < 2.6, areas
    (small, small_pages), (large, large_pages) = counts[12], counts[24]
    assert small > 0  # the layout's lookups go through the PendingNotes (the fix is in place)
    # each lookup is constant time, and their number grows as the lines: the work is linear in the notes
    assert 1.6 < large / small < 2.6 and 1.6 < large_pages / small_pages < 2.6, counts


def test_the_fix_is_installed_only_for_the_version_it_was_written_for(monkeypatch):
    from weasyprint.layout import LayoutContext

    notes_fix.uninstall()
    monkeypatch.setattr(notes_fix.weasyprint, "__version__", "71.0")
    assert not notes_fix.install() and "footnotes" not in vars(LayoutContext)
    monkeypatch.setattr(notes_fix.weasyprint, "__version__", notes_fix.VERSION)
    assert notes_fix.install() and notes_fix.install()  # idempotent
    notes_fix.uninstall()
    assert "footnotes" not in vars(LayoutContext)
    assert notes_fix.install_area_memo() and LayoutContext._update_footnote_area is notes_fix._update_footnote_area
    notes_fix.uninstall_area_memo()
    monkeypatch.setattr(notes_fix, "_AREA_SOURCE", notes_fix._AREA_SOURCE.replace("-inf", "inf"))
    assert not notes_fix.install_area_memo()  # WeasyPrint's function no longer reads as expected: left alone
    assert LayoutContext._update_footnote_area is notes_fix._original_area


class _Counted(frozenset):
    reads = 0

    def __contains__(self, item):
        _Counted.reads += 1
        return super().__contains__(item)

    def __iter__(self):
        _Counted.reads += len(self) or 1
        return super().__iter__()


def _check_reads(pages_count: int, per_page: int = 3) -> tuple[int, list]:
    n = pages_count * per_page
    notes = [SimpleNamespace(number=i, pos=None) for i in range(1, n + 1)]  # what check_notes reads of a note
    article = None  # its notes come from the iter_notes given below
    pages = [PageNotes(_Counted(str(i) for i in range(p * per_page + 1, (p + 1) * per_page + 1)),
                       _Counted(str(i) for i in range(p * per_page + 1, (p + 1) * per_page + 1) if i != 2))
             for p in range(pages_count)]
    said = []

    class Said:
        def error(self, code, *a, **k):
            said.append(code)

        def warning(self, code, *a, **k):
            said.append(code)

    _Counted.reads = 0
    original = note_places.iter_notes
    note_places.iter_notes = lambda article: iter(notes)
    try:
        note_places.check_notes(article, lambda note: str(note.number), pages, 1, Said())
    finally:
        note_places.iter_notes = original
    return _Counted.reads, said


def test_check_notes_reads_each_page_once():
    small, said = _check_reads(20)
    assert said == ["note.lost"]  # note 2 is not printed: what check_notes is for
    large, _ = _check_reads(40)
    assert 1.8 < large / small < 2.2, (small, large)  # linear in the pages (searching every page per note: 4×)
