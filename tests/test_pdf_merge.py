"""The merged PDFs hold together as one document (render/pdf_merge.py, render/pdf_fonts.py).

Each part is written by WeasyPrint on its own; these tests read the merged outputs of
issue 38 and of the every-construct issue with pikepdf and check what the merge rebuilt:
named destinations, the sommaire's links, the structure tree and its parent tree, one
font program per face, no stream twice.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, NameTree

VARIANTS = ("print_pdf", "screen_pdf")


@pytest.fixture(params=[(issue, v) for issue in ("hp38", "constructs") for v in VARIANTS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def doc(request):
    built = request.getfixturevalue(request.param[0])
    with pikepdf.open(getattr(built, request.param[1])) as pdf:
        yield pdf, built


@pytest.fixture(params=["hp38", "constructs"])
def tagged(request):
    """The screen PDF (the tagged one: PDF/A-3a and PDF/UA-1)."""
    built = request.getfixturevalue(request.param)
    with pikepdf.open(built.screen_pdf) as pdf:
        yield pdf


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: i for i, page in enumerate(pdf.pages)}


def test_every_internal_link_leads_to_a_page(doc):
    pdf, _ = doc
    dests = NameTree(pdf.Root.Names.Dests)
    pages = _page_index(pdf)
    links = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", ()):
            if "/Dest" in annot:
                links += 1
                target = dests.get(str(annot.Dest))
                assert target is not None, f"no destination named {annot.Dest}"
                assert target[0].objgen in pages, f"{annot.Dest} leads outside the document"
    assert links > 0


def test_the_sommaire_links_lead_to_the_articles_first_pages(doc):
    pdf, built = doc
    layout = json.loads((built.folder / "layout.json").read_text(encoding="utf-8"))
    first = {part["article"]: part["first"] for part in layout["parts"] if part["kind"] == "article"}
    sommaire = next(part["first"] for part in layout["parts"] if part["kind"] == "sommaire")
    dests = NameTree(pdf.Root.Names.Dests)
    pages = _page_index(pdf)
    checked = set()
    for annot in pdf.pages[sommaire - 1].obj.get("/Annots", ()):
        name = str(annot.get("/Dest", ""))
        if name.startswith("art-") and name[4:] in first:
            # folio n is page n (no overflow in these issues): the link leads to the article, not back here
            assert pages[dests[name][0].objgen] + 1 == first[name[4:]], name
            checked.add(name)
    # the entries of the sommaire: issue 38 lists 19 articles and the dossier's opener
    listed = {"constructs": 2, "hp-38": 20}[built.folder.name]
    assert len(checked) == listed, sorted(checked)


def test_one_structure_tree_whose_parent_tree_matches_pages_and_annotations(tagged):
    pdf = tagged
    root = pdf.Root.StructTreeRoot
    kids = root.K if isinstance(root.K, Array) else [root.K]
    assert len(kids) == 1 and kids[0].S == Name.Document
    document = kids[0]
    nums = list(root.ParentTree.Nums)
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    mapping = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for number, page in enumerate(pdf.pages, start=1):
        key = int(page.obj.StructParents)
        assert isinstance(mapping.get(key), Array), f"page {number}: /StructParents {key} not in the parent tree"
        # the elements of the page's marked content are on this page
        assert all(e.get("/Pg") is None or e.Pg.objgen == page.obj.objgen for e in mapping[key]), number
        for annot in page.obj.get("/Annots", ()):
            element = mapping.get(int(annot.StructParent))
            assert isinstance(element, Dictionary) and element.S == Name.Link
    # every element's parent chain reaches the one Document element
    for element in mapping.values():
        for item in (element if isinstance(element, Array) else [element]):
            node, depth = item, 0
            while node.objgen != document.objgen:
                node, depth = node.P, depth + 1
                assert depth < 64 and node.objgen != root.objgen, "an element outside the Document element"


def test_one_font_program_per_face_named_once(doc):
    pdf, _ = doc
    fonts: dict[str, set] = {}
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", Dictionary()).values():
            fonts.setdefault(str(font.BaseFont), set()).add(font.objgen)
    assert fonts
    assert {name: len(ids) for name, ids in fonts.items() if len(ids) > 1} == {}


def test_no_resource_stream_is_kept_twice(doc):
    """Fonts, images, ICC profiles: each once, though each part embedded its own (page content
    streams are each page's own)."""
    pdf, _ = doc
    seen = Counter()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Type") != Name.ObjStm \
                and not set(obj.stream_dict.keys()) <= {"/Length", "/Filter", "/DecodeParms"}:
            seen[hashlib.sha256(obj.read_raw_bytes()).hexdigest(), repr(sorted(obj.stream_dict.keys()))] += 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_every_glyph_drawn_is_in_the_font_program_and_its_widths(hp38):
    """The merged font of each face has every glyph any page uses: its /W lists it and its program
    holds an outline for it (a glyph missing from the union would print as a blank)."""
    import io

    from fontTools.ttLib import TTFont

    with pikepdf.open(hp38.screen_pdf) as pdf:
        font = next(f for page in pdf.pages for f in page.obj.Resources.Font.values()
                    if str(f.BaseFont).endswith("+CharisSIL"))
        descendant = font.DescendantFonts[0]
        widths = set()
        items = list(descendant.W)
        for i in range(0, len(items), 2):
            widths.update(range(int(items[i]), int(items[i]) + len(items[i + 1])))
        program = TTFont(io.BytesIO(descendant.FontDescriptor.FontFile2.read_bytes()))
        glyf = program["glyf"]
        order = program.getGlyphOrder()
        empty = [gid for gid in widths if gid and glyf[order[gid]].numberOfContours == 0
                 and program["hmtx"][order[gid]][0] and order[gid] not in ("space", "uni00A0", "uni202F")]
        assert len(widths) > 50
        assert all(gid < len(order) for gid in widths)
        assert empty == [], f"glyphs with a width but no outline: {empty[:10]}"
