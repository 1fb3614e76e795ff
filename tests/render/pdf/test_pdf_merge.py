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

from horizons_pub.render.pdf.inspect import page_label_folios

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
    folios = page_label_folios(pdf)  # the print PDF is the interior: its first page is folio 3
    checked = set()
    for annot in pdf.pages[folios.index(sommaire)].obj.get("/Annots", ()):
        name = str(annot.get("/Dest", ""))
        if name.startswith("art-") and name[4:] in first:
            # the link leads to the article's first page, not back here
            assert folios[pages[dests[name][0].objgen]] == first[name[4:]], name
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


def _drawn_glyphs(pdf: pikepdf.Pdf) -> dict[str, tuple[Dictionary, set[int]]]:
    """Each font's glyph ids that the pages' text operators draw (WeasyPrint writes 2-byte CIDs)."""
    drawn: dict[str, tuple[Dictionary, set[int]]] = {}
    for page in pdf.pages:
        fonts = page.obj.Resources.get("/Font", Dictionary())
        current = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                current = fonts[str(operands[0])]
            elif op in ("Tj", "TJ", "'", '"'):
                items = operands[-1] if op != "TJ" else [x for x in operands[0] if isinstance(x, pikepdf.String)]
                for string in ([items] if op != "TJ" else items):
                    data = bytes(string)
                    gids = {int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)}
                    drawn.setdefault(str(current.BaseFont), (current, set()))[1].update(gids)
    return drawn


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_glyph_drawn_has_its_width_and_its_outline(hp38, variant):
    """The merged font of each face holds every glyph any page draws: /W gives its width and the
    program its outline, the original's from fonts/ (a glyph missing from the union of the parts
    would print blank, or as another glyph)."""
    import io

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from horizons_pub.support.resources import fonts_dir

    originals = {}
    for path in fonts_dir().iterdir():
        if path.suffix in (".ttf", ".otf"):
            font = TTFont(path)
            originals[font["name"].getDebugName(6)] = font

    def bounds(font: TTFont, gid: int):
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[font.getGlyphOrder()[gid]].draw(pen)
        return pen.bounds

    with pikepdf.open(getattr(hp38, variant)) as pdf:
        drawn = _drawn_glyphs(pdf)
        assert len(drawn) >= 4
        for name, (font, gids) in drawn.items():
            descendant = font.DescendantFonts[0]
            items, widths = list(descendant.W), set()
            for i in range(0, len(items), 2):
                widths.update(range(int(items[i]), int(items[i]) + len(items[i + 1])))
            assert gids <= widths, f"{name}: glyphs drawn without a width: {sorted(gids - widths)[:10]}"
            descriptor = descendant.FontDescriptor
            key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
            program = TTFont(io.BytesIO(descriptor[key].read_bytes()))
            original = originals[name.split("+", 1)[1]]
            wrong = [gid for gid in sorted(gids) if bounds(program, gid) != bounds(original, gid)]
            assert wrong == [], f"{name}: glyphs whose outline is not the original's: {wrong[:10]}"


def test_streams_alike_but_for_their_references_stay_apart():
    """Two images of the same pixels with different masks are two images; with the same masks, one."""
    from horizons_pub.render.pdf.fonts import dedupe_streams

    pdf = pikepdf.new()
    pixels = bytes(4 * 4)

    def image(mask):
        return pdf.make_stream(pixels, Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=4, Height=4,
                                                   ColorSpace=Name.DeviceGray, BitsPerComponent=8, SMask=mask))

    def mask(value):
        return pdf.make_stream(bytes([value]) * 16, Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=4,
                                                               Height=4, ColorSpace=Name.DeviceGray,
                                                               BitsPerComponent=8))

    holder = pdf.make_indirect(Dictionary(A=image(mask(0)), B=image(mask(255)), C=image(mask(0))))
    pdf.Root.Holder = holder
    dedupe_streams(pdf)
    assert holder.A.objgen != holder.B.objgen, "images with different masks were merged"
    assert holder.A.SMask.objgen != holder.B.SMask.objgen
    assert holder.A.objgen == holder.C.objgen, "images alike, masks alike: one image"
