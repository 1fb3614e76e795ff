"""The lxml scan of a .docx (reader/docx/ooxml.py): paragraph numbers, styles' outline levels, images,
note calls, and the findings of what the import refuses or drops — on files made by real tools.

* LibreOffice made tests/data/docx/scan/{review,layout}.docx from their .fodt sources (tracked changes in
  the body, a note and a table; a comment; a footnote; PAGE fields; a page break; a table; a text box).
  The fast tests scan the saved .docx; the ``tools`` test converts the .fodt again and checks that a fresh
  conversion gives the same scan.
* python-docx makes a file with a custom style map (outline levels through w:basedOn), a table, page
  breaks, tabs and line breaks, and images with their alt text.  What python-docx has no API for is added
  to its document with lxml, each said where: Word's "decorative" mark, a simple field, a HYPERLINK field,
  a symbol-font character, a chart and an OLE object (no tool at hand makes the last two).
* pandoc makes a file with equations and two footnotes; LibreOffice cannot put a note in a note, so the
  note-in-note case inserts a footnote reference into pandoc's footnotes.xml with lxml.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import make_png
from horizons_pub.reader.docx import ooxml_package
from horizons_pub.reader.docx.ooxml import DocxError, WordScan, scan_docx

SCAN = Path(__file__).resolve().parents[2] / "data" / "docx" / "scan"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def codes(scan: WordScan) -> list[tuple[str, int]]:
    return [(f.code, f.paragraph) for f in scan.findings]


def texts(scan: WordScan) -> list[str]:
    return [p.text for p in scan.paragraphs]


def rezip(data: bytes, change) -> bytes:
    """The .docx ``data`` with its members passed through ``change(name, bytes) -> (name, bytes) | None``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            kept = change(info.filename, zin.read(info))
            if kept is not None:
                zout.writestr(kept[0], kept[1])
    return out.getvalue()


def edit_part(data: bytes, part: str, edit) -> bytes:
    """The .docx with one XML part changed by ``edit(root)``."""
    def change(name, body):
        if name == part:
            root = etree.fromstring(body)
            edit(root)
            body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return name, body
    return rezip(data, change)


# LibreOffice's files

@pytest.fixture(scope="module")
def review() -> WordScan:
    return scan_docx((SCAN / "review.docx").read_bytes())


@pytest.fixture(scope="module")
def layout() -> WordScan:
    return scan_docx((SCAN / "layout.docx").read_bytes())


def test_tracked_changes_in_the_body_a_note_and_a_table_one_finding_a_paragraph(review):
    found = [f for f in review.findings if f.code == "import.tracked-change"]
    assert [(f.paragraph, f.severity) for f in found] == [(3, "error"), (5, "error"), (7, "error")]
    body, note, cell = found
    assert body.message.startswith("2 tracked changes (the first: insertion by Marie Dupont, 2026-01-03)")
    assert "Révision › Accepter toutes les modifications" in body.message and body.message.endswith("import again")
    assert body.context == "La ville a très changé depuis vingt ans, …"
    assert "in the footnote called here (insertion by Marie Dupont, 2026-01-06)" in note.message
    assert "ajouté" in note.context  # the note's text, around the change
    assert "by Paul Martin" in cell.message and review.paragraphs[6].text == "B1 revu"


def test_deleted_text_is_not_in_the_paragraph_text(review):
    assert review.paragraphs[2].text == "La ville a très changé depuis vingt ans, dit-on."  # "bien " was deleted


def test_a_comment_names_its_author_and_quotes_its_text(review):
    (comment,) = [f for f in review.findings if f.code == "import.comment"]
    assert comment.paragraph == 4 and comment.severity == "error"
    assert "by Jeanne Roux" in comment.message and "« Vérifier la source de ce chiffre" in comment.message
    assert "Révision › Supprimer tous les commentaires" in comment.message
    assert comment.context.startswith("Un paragraphe commenté") and comment.context.endswith("…")


def test_findings_are_in_paragraph_order(review, layout):
    for scan in (review, layout):
        assert [f.paragraph for f in scan.findings] == sorted(f.paragraph for f in scan.findings)


def test_the_paragraphs_of_a_table_and_a_text_box_are_numbered_once(layout):
    assert [p.number for p in layout.paragraphs] == list(range(1, len(layout.paragraphs) + 1))
    assert texts(layout)[4:9] == ["A1", "B1", "A2", "B2", "B2 bis"]  # the table's cells, in reading order
    # the text box sits in paragraph 11; its paragraph is the next one, its mc:Fallback copy not counted
    assert texts(layout)[10:13] == ["Avant le cadre après le cadre.", "Dans le cadre.", "Après la boîte."]
    assert texts(layout).count("Dans le cadre.") == 1
    data = (SCAN / "layout.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("word/document.xml").count(b"Dans le cadre.") == 2  # the choice and the fallback


def test_fields_are_named_with_what_they_show_in_the_body_and_in_a_note(layout):
    found = [f for f in layout.findings if f.code == "import.field"]
    assert [(f.paragraph, f.severity) for f in found] == [(2, "warning"), (3, "warning")]
    note, body = found
    assert "in the footnote called here" in note.message and note.context == "La note, page 1 du texte."
    assert body.message.startswith("the page number (Word field PAGE), showing « 1 »")
    assert "dropped" in body.message and "kept" in body.message
    assert layout.paragraphs[2].text == "Nous sommes à la page 1 de ce document."  # the shown result is text


def test_a_page_break_is_a_warning_at_its_place(layout):
    (br,) = [f for f in layout.findings if f.code == "import.page-break"]
    assert br.paragraph == 3 and br.severity == "warning" and "print layout sets the pages" in br.message
    assert br.context.endswith("de ce document.")  # LibreOffice ends paragraph 3 with the break


def test_headings_and_note_calls(layout):
    heads = [(p.number, p.style, p.outline_level) for p in layout.paragraphs if p.outline_level is not None]
    assert heads == [(1, "Heading 1", 0), (10, "Heading 2", 1)]
    assert layout.paragraphs[1].style is None  # LibreOffice's "Normal", the default
    assert layout.style_levels["Heading 2"] == 1 and layout.style_levels["Footnote Text"] is None
    assert layout.note_calls == {("footnote", "2"): 2}


@pytest.mark.tools
def test_a_fresh_libreoffice_conversion_gives_the_same_scan(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    sources = sorted(SCAN.glob("*.fodt"))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx", "--outdir", str(tmp_path), *map(str, sources)],
                   check=True, capture_output=True, timeout=120)
    for source in sources:
        fresh = scan_docx((tmp_path / (source.stem + ".docx")).read_bytes())
        saved = scan_docx((SCAN / (source.stem + ".docx")).read_bytes())
        assert fresh.findings == saved.findings and fresh.paragraphs == saved.paragraphs, source.name
        assert fresh.note_calls == saved.note_calls


# python-docx's file

def _append(parent, xml: str):
    el = etree.fromstring(f'<root xmlns:w="{W_NS}" '
                          'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
                          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                          'xmlns:o="urn:schemas-microsoft-com:office:office" '
                          'xmlns:v="urn:schemas-microsoft-com:vml">' + xml + "</root>")
    for child in list(el):
        parent.append(child)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[bytes, WordScan]:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def outline(pformat_owner_element, level: int) -> None:  # python-docx has no API for w:outlineLvl
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(level))
        pformat_owner_element.get_or_add_pPr().append(lvl)

    d = docx.Document()
    base = d.styles.add_style("HP Titre base", WD_STYLE_TYPE.PARAGRAPH)
    outline(base.element, 1)
    sub = d.styles.add_style("HP Intertitre", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = base  # no level of its own: base's, through w:basedOn
    d.styles.add_style("HP Chapô", WD_STYLE_TYPE.PARAGRAPH).base_style = d.styles["Normal"]
    body_level = d.styles.add_style("HP Corps", WD_STYLE_TYPE.PARAGRAPH)
    body_level.base_style = base
    outline(body_level.element, 9)  # body text, although based on a heading style

    d.add_paragraph("Le titre", style="Heading 1")  # 1
    d.add_paragraph("Un chapô.", style="HP Chapô")  # 2
    p = d.add_paragraph("Avant le saut")  # 3
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("après le saut.")
    p.add_run().add_break(WD_BREAK.COLUMN)
    d.add_paragraph()  # 4, empty
    table = d.add_table(rows=2, cols=2)  # 5–8
    for i, cell in enumerate(table._cells):
        cell.text = f"case {i + 1}"
    run = d.add_paragraph("Un\u00a0intertitre", style="HP Intertitre").runs[0]  # 9
    run.add_tab()
    run.add_text("tab")
    run.add_break()
    run.add_text("ligne")
    png = make_png(tmp_path_factory.mktemp("img") / "fig.png")
    d.add_paragraph().add_run().add_picture(str(png))  # 10
    d.add_paragraph().add_run().add_picture(str(png))  # 11
    own = d.add_paragraph("Niveau propre")  # 12
    outline(own._p, 2)
    d.add_paragraph("Nouvelle page", style="HP Corps").paragraph_format.page_break_before = True  # 13
    fields = d.add_paragraph("Date : ")  # 14
    _append(fields._p, '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "><w:r><w:t>3 mars 2026</w:t></w:r>'
            '</w:fldSimple><w:r><w:t xml:space="preserve">, lien : </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://example.org" '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>example.org</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    nested = d.add_paragraph("Voir ")  # 15: a REF field holding a PAGEREF field, reported once
    _append(nested._p, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF fig1 \\h</w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">la figure, p. </w:t>'
            '</w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGEREF fig1</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    objects = d.add_paragraph("Objets : ")  # 16
    _append(objects._p, '<w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>'
            '<w:r><w:drawing><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart r:id="rIdChart"/></a:graphicData></a:graphic></w:drawing></w:r>'
            '<w:r><w:object><v:shape id="s1"/><o:OLEObject ProgID="Excel.Sheet.12" r:id="rIdOle"/></w:object></w:r>'
            '<w:r><w:drawing><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
            '</a:graphicData></a:graphic></w:drawing></w:r>'
            '<w:r><w:pict><v:rect id="r1"/></w:pict></w:r>'
            '<w:r><w:pict><v:rect id="hr" o:hr="t"/></w:pict></w:r>')  # a horizontal rule: no finding
    shapes = d.inline_shapes
    shapes[0]._inline.docPr.set("descr", "Un carré rouge")
    shapes[0]._inline.docPr.set("title", "Carré")
    # Word's "mark as decorative": python-docx has no API for it
    _append(shapes[1]._inline.docPr, '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
            '</a:ext></a:extLst>')
    d.add_section()  # 17: python-docx ends the section in a paragraph's w:pPr
    d.add_paragraph("Section suivante")  # 18
    out = io.BytesIO()
    d.save(out)
    return out.getvalue(), scan_docx(out.getvalue())


def test_styles_names_and_outline_levels_through_based_on(made):
    _, scan = made
    by = {p.text: p for p in scan.paragraphs}
    assert (by["Le titre"].style, by["Le titre"].outline_level) == ("heading 1", 0)
    assert (by["Un chapô."].style, by["Un chapô."].outline_level) == ("HP Chapô", None)
    assert scan.paragraphs[8].style == "HP Intertitre" and scan.paragraphs[8].outline_level == 1  # from its base
    assert by["Niveau propre"].style is None and by["Niveau propre"].outline_level == 2  # its own pPr
    assert by["Nouvelle page"].outline_level is None  # level 9 (body text) stops the base's level
    assert scan.style_levels["HP Titre base"] == 1 and scan.style_levels["HP Intertitre"] == 1
    assert scan.style_levels["HP Chapô"] is None and scan.style_levels["HP Corps"] is None
    assert scan.style_levels["heading 2"] == 1 and scan.style_levels["Normal"] is None


def test_numbering_and_visible_text(made):
    _, scan = made
    assert len(scan.paragraphs) == 18 and scan.paragraphs[3].text == ""  # the empty paragraph counts
    assert texts(scan)[4:8] == ["case 1", "case 2", "case 3", "case 4"]
    assert scan.paragraphs[8].text == "Un\u00a0intertitre\ttab\nligne"
    assert scan.paragraphs[2].text == "Avant le sautaprès le saut."  # a page break is no text
    assert scan.paragraphs[13].text == "Date : 3 mars 2026, lien : example.org"


def test_images_with_alt_text_title_and_decorative_mark(made):
    _, scan = made
    assert [(i.paragraph, i.description, i.title, i.decorative) for i in scan.images] == [
        (10, "Un carré rouge", "Carré", False), (11, "", "", True)]
    data, _ = made
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert all(i.target in z.namelist() and i.target.startswith("word/media/") for i in scan.images)


def test_page_breaks_fields_and_objects_of_python_docx(made):
    _, scan = made
    assert codes(scan) == [
        ("import.page-break", 3), ("import.page-break", 3), ("import.page-break", 13), ("import.field", 14),
        ("import.field", 15), *[("import.object", 16)] * 5, ("import.page-break", 17)]
    page, column, before, date, ref, sym, chart, ole, smartart, shape, section = scan.findings
    assert page.message.startswith("a page break:") and column.message.startswith("a column break:")
    assert page.context == column.context == "Avant le sautaprès le saut."
    assert "Saut de page avant" in before.message  # w:pageBreakBefore
    assert section.message.startswith("a section break: dropped, the print layout sets the pages")
    assert date.message.startswith("the date (Word field DATE \\@ \"d MMMM yyyy\"), showing « 3 mars 2026 »")
    assert date.context == "Date : 3 mars 2026, lien : example.or…"  # 30 characters after the place
    assert "HYPERLINK" not in " ".join(f.message for f in scan.findings)  # a HYPERLINK field is a link
    assert ref.message.startswith("a cross-reference (Word field REF fig1 \\h), showing « la figure, p. 4 »")
    assert "symbol font Wingdings (code F0E0)" in sym.message
    assert chart.message.startswith("a chart") and "image of the chart" in chart.message
    assert "embedded object (Excel.Sheet.12)" in ole.message
    assert smartart.message.startswith("a SmartArt diagram") and "image of the diagram" in smartart.message
    assert shape.message.startswith("a drawing shape without an image")  # the o:hr rule is none
    assert all(f.severity == "warning" for f in scan.findings)


def test_a_table_of_contents_across_paragraphs_is_one_field():
    scan = scan_docx((SCAN / "contents.docx").read_bytes())
    assert codes(scan) == [("import.field", 2)]
    assert scan.findings[0].message.startswith("a table of contents (Word field TOC")
    assert "« Premier titre 1 Second titre 2 »" in scan.findings[0].message
    assert [(p.text, p.outline_level) for p in scan.paragraphs[3:6]] == [
        ("Premier titre", 0), ("Un paragraphe.", None), ("Second titre", 1)]


# pandoc's file

@pytest.fixture(scope="module")
def pandoc_docx(tmp_path_factory) -> bytes:
    pypandoc = pytest.importorskip("pypandoc")
    folder = tmp_path_factory.mktemp("pandoc")
    (folder / "in.md").write_text("# Titre\n\nTexte avec $E = mc^2$ et une note[^1].\n\n$$a^2 + b^2 = c^2$$\n\n"
                                  "Une autre note[^2].\n\n[^1]: La première note.\n\n[^2]: La seconde note.\n",
                                  encoding="utf-8")
    pypandoc.convert_file(str(folder / "in.md"), "docx", outputfile=str(folder / "out.docx"))
    return (folder / "out.docx").read_bytes()


def test_equations_are_objects(pandoc_docx):
    scan = scan_docx(pandoc_docx)
    found = [f for f in scan.findings if f.code == "import.object"]
    assert [f.paragraph for f in found] == [2, 3]  # the inline one, and the display one (m:oMathPara) once
    assert all(f.message.startswith("an equation") and "as text" in f.message for f in found)
    assert "E" in found[0].context and scan.paragraphs[0].outline_level == 0


def test_a_note_inside_a_note_is_refused(pandoc_docx):
    scan = scan_docx(pandoc_docx)
    assert sorted(scan.note_calls.values()) == [2, 4] and not [f for f in scan.findings
                                                               if f.code == "import.note-in-note"]
    first, second = sorted(scan.note_calls, key=scan.note_calls.get)

    def nest(root):  # no tool makes a note in a note: the first note calls the second
        note = next(n for n in root.iter(W + "footnote") if n.get(W + "id") == first[1])
        run = etree.SubElement(note.find(W + "p"), W + "r")
        etree.SubElement(run, W + "footnoteReference").set(W + "id", second[1])
    scan = scan_docx(edit_part(pandoc_docx, "word/footnotes.xml", nest))
    (found,) = [f for f in scan.findings if f.code == "import.note-in-note"]
    assert found.paragraph == 2 and found.severity == "error" and "La première note." in found.context
    assert "footnote call inside the footnote" in found.message


# what is not a readable .docx

@pytest.fixture(scope="module")
def small() -> bytes:
    return (SCAN / "review.docx").read_bytes()


@pytest.mark.parametrize("data, words", [
    (b"Ceci n'est pas un fichier Word.", "not a zip archive"),
    (b"", "not a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Word file (.doc) or a password-protected"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
])
def test_what_is_no_zip_is_refused(data, words):
    with pytest.raises(DocxError, match="this is not a .docx") as e:
        scan_docx(data)
    assert words in str(e.value) and "save it as a Word document (.docx)" in str(e.value)


def test_a_zip_without_a_word_document_is_refused():
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(DocxError, match=r"holds no Word document \(it is an OpenDocument file, text: an .odt\?\)"):
        scan_docx(odt.getvalue())


def test_malformed_xml_is_refused(small):
    broken = rezip(small, lambda n, b: (n, b[: len(b) // 2] if n == "word/document.xml" else b))
    with pytest.raises(DocxError, match="word/document.xml is not well-formed XML"):
        scan_docx(broken)


def test_entities_are_not_resolved(small):
    def entity(name, body):
        if name == "word/document.xml":
            body = body.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
            body = body.replace(b"La fin.", b"La fin &x;")
        return name, body
    scan = scan_docx(rezip(small, entity))
    assert scan.paragraphs[-1].text == "La fin "  # the entity is neither read nor expanded


def _declare(data: bytes, member: str, size: int) -> bytes:
    """The zip with the uncompressed size its central directory declares for ``member`` changed."""
    buf = bytearray(data)
    at = buf.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack_from("<H", buf, at + 28)[0]
        if buf[at + 46: at + 46 + name_len].decode() == member:
            struct.pack_into("<I", buf, at + 24, size)
            return bytes(buf)
        extra, comment = struct.unpack_from("<HH", buf, at + 30)
        at = buf.index(b"PK\x01\x02", at + 46 + name_len + extra + comment)


def test_a_zip_bomb_is_refused_from_its_declared_sizes(small, monkeypatch):
    with pytest.raises(DocxError, match="would unpack to 200,000,000 bytes"):
        scan_docx(_declare(small, "word/document.xml", 200_000_000))
    monkeypatch.setattr(ooxml_package, "MAX_TOTAL", 10_000)
    with pytest.raises(DocxError, match=r"this .docx would unpack to [\d,]+ bytes \(the limit is 10,000\)"):
        scan_docx(small)


def test_a_part_larger_than_declared_is_refused(small):
    with pytest.raises(DocxError, match="word/document.xml (is not well-formed|cannot be unpacked)"):
        scan_docx(_declare(small, "word/document.xml", 100))


def test_a_part_read_beyond_the_limit_is_refused(small, monkeypatch):
    package = ooxml_package.DocxPackage(small)
    monkeypatch.setattr(ooxml_package, "MAX_PART", 500)  # the declared sizes passed: the reading stops
    with pytest.raises(DocxError, match="word/document.xml unpacks to more than it declares"):
        package.read("word/document.xml")


def test_the_main_part_is_found_from_the_package_relationships(small):
    def rename(name, body):
        body = body.replace(b"word/document.xml", b"word/texte.xml").replace(b"document.xml", b"texte.xml")
        return name.replace("document.xml", "texte.xml"), body
    moved = rezip(small, rename)
    with zipfile.ZipFile(io.BytesIO(moved)) as z:
        assert "word/texte.xml" in z.namelist() and "word/document.xml" not in z.namelist()
    scan, original = scan_docx(moved), scan_docx(small)
    assert scan.paragraphs == original.paragraphs and scan.findings == original.findings
    assert scan.paragraphs[0].style == "Heading 1"  # styles.xml found from word/_rels/texte.xml.rels


def test_strict_open_xml_is_refused(small):
    strict = rezip(small, lambda n, b: (n, b.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                                        if n == "word/document.xml" else b))
    with pytest.raises(DocxError, match="Strict Open XML"):
        scan_docx(strict)


def test_deep_nesting_is_read_or_refused_never_a_traceback(small):
    def deep(root):
        p = next(root.iter(W + "p"))
        for _ in range(240):  # the parser's limit is 256 levels
            p = etree.SubElement(p, W + "ins")
        etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = "profond"
    scan = scan_docx(edit_part(small, "word/document.xml", deep))
    assert scan.paragraphs[0].text.endswith("profond") and codes(scan)[0] == ("import.tracked-change", 1)
    assert scan.findings[0].message.startswith("240 tracked changes")
    too_deep = (b'<?xml version="1.0"?><w:document xmlns:w="' + W_NS.encode() + b'"><w:body>' + b"<w:p>" * 300
                + b"</w:p>" * 300 + b"</w:body></w:document>")
    with pytest.raises(DocxError, match="not well-formed XML"):
        scan_docx(rezip(small, lambda n, b: (n, too_deep if n == "word/document.xml" else b)))
