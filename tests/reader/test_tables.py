"""GFM pipe tables → Table nodes: cells, alignment, caption, source, notes in cells, and what is refused."""

from __future__ import annotations

from helpers import article, load, messages, write_issue

from horizons_pub.model.nodes import Note, Paragraph, Sidebar, Table, Text, plain_text
from horizons_pub.model.walk import iter_notes, iter_tables

A = "hp-test/articles/a.md"

TABLE = """\
| Commune | 2022 | 2023[^n] | Évolution |
|:--|--:|--:|:-:|
| Sceaux | 1 250 | 1 420 | + 13 % |
| *Lorient* | 980 | 1 105[^m] | + 12 % |

Tableau : Budgets verts, en milliers d'euros[^c].

Source : comptes administratifs, 2023.

Après le tableau.

[^n]: Budget primitif.
[^m]: Note dans une cellule.
[^c]: Note dans la légende.
"""


def _load(workdir, body: str):
    issue, rep = load(write_issue(workdir, {"a": article(body)}))
    return issue, messages(rep)


def test_table_cells_alignment_caption_and_source(workdir):
    issue, diags = _load(workdir, TABLE)
    assert diags == []
    table, after = issue.article("a").blocks
    assert isinstance(table, Table) and isinstance(after, Paragraph)
    assert table.pos.line == 7  # article(): the body starts on line 7
    assert table.aligns == ("left", "right", "right", "center")
    assert [[plain_text(c.children) for c in r.cells] for r in table.head] == [["Commune", "2022", "2023", "Évolution"]]
    assert [[plain_text(c.children).replace("\u202f", " ") for c in r.cells] for r in table.body] == [
        ["Sceaux", "1 250", "1 420", "+ 13 %"], ["Lorient", "980", "1 105", "+ 12 %"]]
    assert [r.pos.line for r in table.body] == [9, 10]
    assert plain_text(table.caption) == "Budgets verts, en milliers d’euros."  # label « Tableau : » removed
    assert plain_text(table.source).startswith("Source\u00a0: comptes administratifs")  # kept, typography set
    assert not table.row_headers


def test_notes_in_cells_numbered_in_reading_order(workdir):
    """Caption (printed above), then the cells row by row: the notes transform reaches every cell."""
    issue, diags = _load(workdir, TABLE)
    assert diags == []
    art = issue.article("a")
    assert [(n.label, n.number) for n in iter_notes(art)] == [("c", 1), ("n", 2), ("m", 3)]
    cell = next(iter_tables(art.blocks)).body[1].cells[2]
    assert isinstance(cell.children[-1], Note) and cell.children[-1].number == 3
    # the typography transform went into the cells: a narrow no-break space before « % »
    assert plain_text(next(iter_tables(art.blocks)).body[0].cells[3].children) == "+ 13\u202f%"


def test_caption_and_source_on_two_lines_of_one_paragraph(workdir):
    issue, diags = _load(workdir, "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Un titre\nSources : Insee.\n")
    assert diags == []
    (table,) = issue.article("a").blocks
    assert plain_text(table.caption) == "Un titre"
    assert plain_text(table.source) == "Sources\u00a0: Insee."


def test_source_without_caption_and_no_caption(workdir):
    issue, diags = _load(workdir, "| a | b |\n|---|---|\n| 1 | 2 |\n\nSource : Insee.\n\n| c |\n|---|\n| 3 |\n")
    assert diags == []
    first, second = issue.article("a").blocks
    assert first.caption == () and plain_text(first.source) == "Source\u00a0: Insee."
    assert second.caption == () and second.source == ()


def test_a_caption_paragraph_not_after_a_table_is_a_paragraph(workdir):
    issue, diags = _load(workdir, "Texte.\n\nTableau : un mot.\n")
    assert diags == []
    assert [type(b) for b in issue.article("a").blocks] == [Paragraph, Paragraph]


def test_first_column_is_a_header_column_when_the_corner_is_empty(workdir):
    issue, diags = _load(workdir, "|  | 2022 | 2023 |\n|---|---|---|\n| Sceaux | 1 | 2 |\n")
    assert diags == []
    assert issue.article("a").blocks[0].row_headers


def test_blank_header_row_means_no_header(workdir):
    issue, diags = _load(workdir, "|  |  |\n|---|---|\n| Sceaux | 1 |\n")
    assert diags == []
    table = issue.article("a").blocks[0]
    assert table.head == () and not table.row_headers


def test_row_longer_than_the_header_is_an_error(workdir):
    issue, diags = _load(workdir, "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |\n")
    assert issue is None
    assert diags == [f"{A}:9: error: this row has 3 cells but the table's header has 2: the cells past the last "
                     "column would be lost; add a column to the header, or join the cells [table.row-long]"]


def test_row_shorter_than_the_header_is_a_warning(workdir):
    issue, diags = _load(workdir, "| a | b | c |\n|---|---|---|\n| 1 |\n| 2 | 3 \\| 4 | 5 |\n")
    assert diags == [f"{A}:9: warning: this row has 1 cell but the table's header has 3: the missing cells are "
                     "left empty; write them as '| |' to say so [table.row-short]"]
    table = issue.article("a").blocks[0]
    assert [plain_text(c.children) for c in table.body[0].cells] == ["1", "", ""]
    assert [plain_text(c.children) for c in table.body[1].cells] == ["2", "3 | 4", "5"]  # an escaped pipe


def test_caption_without_blank_line_continues_the_table(workdir):
    _, diags = _load(workdir, "| a | b |\n|---|---|\n| 1 | 2 |\nTableau : collé au tableau.\n")
    assert diags == [f"{A}:10: error: the line 'Tableau : collé au tableau.' continues the table above it (a table "
                     "ends at a blank line): put a blank line between the table and this paragraph [table.row]"]


def test_empty_table_is_an_error(workdir):
    _, diags = _load(workdir, "| a | b |\n|---|---|\n\nTableau : rien.\n")
    assert diags == [f"{A}:7: error: a table with a header row and no row under it: add its rows, or write the "
                     "header as a sentence [table.empty]"]


def test_table_in_a_sidebar_is_allowed(workdir):
    issue, diags = _load(workdir, "::: encadre\n### Chiffres\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSource : X.\n:::\n")
    assert diags == []
    (box,) = issue.article("a").blocks
    assert isinstance(box, Sidebar) and isinstance(box.blocks[0], Table)
    assert plain_text(box.blocks[0].source) == "Source\u00a0: X."


def test_table_in_a_list_a_quotation_or_a_question_is_refused(workdir):
    body = ("- point\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n\n> | a |\n> |---|\n> | 1 |\n\n"
            "::: question\n| a |\n|---|\n| 1 |\n:::\n")
    _, diags = _load(workdir, body)
    assert diags == [
        f"{A}:9: error: a table cannot stand in a list: put it in the text, or in an encadré [table.place]",
        f"{A}:13: error: a table cannot stand in a quotation: put it in the text, or in an encadré [table.place]",
        f"{A}:18: error: a table cannot stand in a pull quote or a question: put it in the text, or in an encadré "
        "[table.place]"]


def test_table_in_a_note_is_refused(workdir):
    _, diags = _load(workdir, "Appel[^n].\n\n[^n]: Texte.\n\n    | a |\n    |---|\n    | 1 |\n")
    assert diags == [f"{A}:11: error: note [^n] holds a table: a note holds paragraphs only (write it as "
                     "sentences) [note.block]"]


def test_strikethrough_is_an_error_at_its_line(workdir):
    issue, diags = _load(workdir, "Un texte\navec ~~un mot barré~~ ici.\n")
    assert issue is None
    assert diags == [f"{A}:8: error: ~~struck text~~ is not part of the format (nothing prints struck through): "
                     "delete the text, or remove the '~~' [markup.strikethrough]"]


def test_strikethrough_in_a_cell_and_in_a_title(workdir):
    text = article("| a |\n|---|\n| ~~b~~ |\n", title="Un ~~titre~~")
    _, rep = load(write_issue(workdir, {"a": text}))
    codes = [d.code for d in rep.diagnostics]
    assert codes == ["markup.strikethrough", "markup.strikethrough"]
    assert sorted(d.pos.line for d in rep.diagnostics) == [4, 9]


def test_the_text_of_a_cell_keeps_its_inlines(workdir):
    issue, diags = _load(workdir, "| a |\n|---|\n| **gras** et [lien](https://exemple.fr) |\n")
    assert diags == []
    cell = issue.article("a").blocks[0].body[0].cells[0]
    assert [type(n).__name__ for n in cell.children] == ["Strong", "Text", "Link"]
    assert isinstance(cell.children[1], Text)


def test_source_then_caption(workdir):
    issue, diags = _load(workdir, "| a |\n|---|\n| 1 |\n\nSource : Insee.\n\nTableau : Un titre.\n\nTexte.\n")
    assert diags == []
    table, text = issue.article("a").blocks
    assert (plain_text(table.caption), plain_text(text.children)) == ("Un titre.", "Texte.")
    assert plain_text(table.source) == "Source\u00a0: Insee."


def test_pipe_lines_without_a_delimiter_row_are_an_error_not_text(workdir):
    body = "Avant.\n\n| Critère | Note |\n| Coût | 3 |\n| Délai | 4 |\n\nAprès.\n"
    issue, rep = load(write_issue(workdir, {"a": article(body)}))
    errors = [d for d in rep.diagnostics if d.code == "table.no-delimiter"]
    assert len(errors) == 1 and errors[0].pos.line == 9, [d.format() for d in rep.diagnostics]


def test_a_paragraph_with_one_pipe_line_or_pipes_inside_is_text():
    from horizons_pub.reader.tables import looks_like_rows
    assert not looks_like_rows("| une seule ligne |")
    assert not looks_like_rows("a | b\nc | d")
    assert looks_like_rows("| a | b |\n|c|d|")
