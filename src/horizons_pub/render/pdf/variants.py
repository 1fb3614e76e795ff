"""The PDF editions, one record each (as WeasyPrint keeps ``pdf/pdfx.py`` and ``pdf/pdfa.py`` as small
tables): what differs between the printer's PDF and the screen PDF is said here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.identity import Edition


@dataclass(frozen=True)
class Variant:
    name: str  # as --format names it, and in progress and cache labels ("print:terrain")
    edition: Edition  # its file name (model.identity)
    weasyprint: str  # WeasyPrint's pdf_variant
    stylesheet: str  # its own stylesheet under layouts/, after the shared ones; it holds its @color-profile
    #: WeasyPrint's output_intent argument: "srgb", or None when the variant's stylesheet gives the
    #: output intent (the print variant's @color-profile: the CMYK profile of layouts/print/icc/)
    output_intent: str | None
    crop_marks: bool  # media box widened around the bleed, crop marks drawn outside it
    tagged: bool  # PDF/UA-1: identification, document title shown, one annotation per link
    attach_sources: bool  # the source files attached (PDF/A-3 associated files)
    inks: str  # "cmyk": every colour and image converted to the printing condition (prepress.py); "rgb": sRGB
    image_ppi: int  # images downsampled to this resolution at their largest placed size
    #: a perfect-bound issue's cover board (its first two and last two pages) is cut from this PDF and
    #: printed on a cover PDF of its own (board.py, cover_spread.py, interior.py)
    cover_board: bool
    #: the name its XMP DocumentID is derived from: kept from the first release, so that the same
    #: issue keeps the same identifier across versions of horizons-pub
    id_name: str

    @property
    def label(self) -> str:  # "print", "screen": how messages name it
        return self.edition.value


PRINT = Variant("print", Edition.PRINT, "pdf/x-4", "print/print-bleed.css", None,
                crop_marks=True, tagged=False, attach_sources=False, inks="cmyk", image_ppi=300, cover_board=True,
                id_name="print")
SCREEN = Variant("screen", Edition.SCREEN, "pdf/a-3a", "print/screen.css", "srgb",
                 crop_marks=False, tagged=True, attach_sources=True, inks="rgb", image_ppi=200, cover_board=False,
                 id_name="pdf")

#: By name, in the order they are laid out (the EPUB's page list follows the first one built).
VARIANTS = {v.name: v for v in (PRINT, SCREEN)}
