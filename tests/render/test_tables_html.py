"""Tables written as HTML for both targets (render/html/tables.py): semantic markup, classes, notes in cells."""

from __future__ import annotations

import pytest
from helpers import article, load, messages, write_issue
from lxml import etree

from horizons_pub.model.nodes import Cell, Pos, Row, Table, Text
from horizons_pub.render.html.tables import (
    MAX_ROW_CHARS,
    MAX_WHOLE_ROWS,
    is_wide,
    row_chars,
)
from horizons_pub.render.html.writer import HtmlWriter, number_blocks

BODY = """\
| Commune | 2023[^n] | Évolution |
|:--|--:|:-:|
| Sceaux | 1 420 | + 13 % |

Tableau : Budgets verts[^c].

Source : Insee.

[^n]: Budget primitif.
[^c]: Dans la légende.
"""


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _written(workdir, body: str, target: str) -> etree._Element:
    issue, rep = load(write_issue(workdir, {"a": article(body)}))
    assert messages(rep) == []
    writer = HtmlWriter(issue, target, id_prefix="a-")
    root = etree.Element("div")
    writer.blocks(root, issue.article("a").blocks)
    if target == "epub":
        writer.epub_notes(root)
    return root


@pytest.mark.parametrize("target", ["epub", "print"])
def test_semantic_table(workdir, target):
    root = _written(workdir, BODY, target)
    (block,) = root.findall("div")[:1]
    assert block.get("class") == "table-block"  # 3 columns, short rows: in the column
    assert block.get("id") == "a-table-7"
    table = block.find("table")
    assert [el.tag for el in table] == ["caption", "thead", "tbody"]
    assert _text(table.find("caption/span[@class='caption']")).startswith("Budgets verts")
    heads = table.findall("thead/tr/th")
    assert [th.get("scope") for th in heads] == ["col", "col", "col"]
    assert [th.get("class") for th in heads] == ["align-left", "align-right", "align-center"]
    assert [td.get("class") for td in table.findall("tbody/tr/td")] == ["align-left", "align-right", "align-center"]
    assert table.find("tbody/tr/th") is None  # no header column unless the corner is empty
    assert not any(el.get("style") for el in root.iter())  # alignment by class, never inline style


def test_epub_source_in_the_caption_and_notes_in_cells(workdir):
    root = _written(workdir, BODY, "epub")
    caption = root.find("div/table/caption")
    assert [span.get("class") for span in caption] == ["caption", "table-source"]
    assert root.find("div/p[@class='table-source']") is None
    ref = root.find("div/table/thead/tr/th[2]/a")
    assert ref.get("role") == "doc-noteref" and ref.text == "2"  # the caption's note is 1: read first
    assert [a.get("id") for a in root.iter("aside")] == ["a-note-1", "a-note-2"]


def test_print_source_under_the_table_and_footnotes_in_cells(workdir):
    root = _written(workdir, BODY, "print")
    block = root.find("div")
    assert [el.tag for el in block] == ["table", "p"]
    assert block[1].get("class") == "table-source" and _text(block[1]).startswith("Source")
    assert [span.get("class") for span in block.find("table/caption")] == ["caption"]
    note = block.find("table/thead/tr/th[2]/span[@class='footnote']")
    assert note is not None and note.get("id") == "a-note-2"


def test_the_table_is_one_numbered_block(workdir):
    """The EPUB's page breaks go before numbered body blocks: a table is one."""
    root = _written(workdir, BODY + "\nAprès.\n", "print")
    number_blocks(root)
    assert [(el.tag, el.get("data-block")) for el in root] == [("div", "0"), ("p", "1")]


def test_row_headers_when_the_corner_is_empty(workdir):
    root = _written(workdir, "|  | 2022 | 2023 |\n|---|--:|--:|\n| Sceaux | 1 | 2 |\n| Lorient | 3 | 4 |\n", "epub")
    table = root.find("div/table")
    corner = table.find("thead/tr")[0]
    assert corner.tag == "td" and not corner.text  # the empty corner heads nothing
    assert [th.get("scope") for th in table.findall("thead/tr/th")] == ["col", "col"]
    assert [(th.get("scope"), _text(th)) for th in table.findall("tbody/tr/th")] == [("row", "Sceaux"), ("row", "Lorient")]


def test_no_header_row(workdir):
    root = _written(workdir, "|  |  |\n|---|---|\n| a | b |\n", "epub")
    assert root.find("div/table/thead") is None and root.find("div/table/caption") is None


def _table(columns: int, cell: str) -> Table:
    pos = Pos("a.md", 1)
    row = Row(tuple(Cell((Text(cell, pos),), pos) for _ in range(columns)), pos)
    return Table((row,), (row,), (None,) * columns, (), (), pos)


def test_the_wide_rule():
    assert not is_wide(_table(3, "1 250"))
    assert is_wide(_table(4, "1"))  # more than 3 columns
    assert row_chars(_table(2, "x" * 20)) == 40
    assert not is_wide(_table(2, "x" * (MAX_ROW_CHARS // 2)))
    assert is_wide(_table(2, "x" * (MAX_ROW_CHARS // 2 + 1)))  # rows too long for a column


@pytest.mark.parametrize("target", ["epub", "print"])
def test_wide_tables_span_in_the_body_not_in_an_encadre(workdir, target):
    wide = "| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n"
    root = _written(workdir, wide + "\n::: encadre\n" + wide + ":::\n", target)
    body_table = root.find("div")
    assert body_table.get("class") == "table-block wide" and body_table.get("data-columns") == "4"
    assert root.find("aside/div").get("class") == "table-block"


def test_long_tables_may_break(workdir):
    rows = "".join(f"| {k} |\n" for k in range(MAX_WHOLE_ROWS + 1))
    root = _written(workdir, "| a |\n|---|\n" + rows + "\n| b |\n|---|\n" + rows.split("\n", 1)[1], "print")
    assert [el.get("class") for el in root] == ["table-block long", "table-block"]
