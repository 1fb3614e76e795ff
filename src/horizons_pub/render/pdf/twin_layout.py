"""One layout for both PDF editions: a part laid out once (print), its print PDF written, then its screen PDF
written from the same pages.

What differs between the editions (variants.py) changes no box: the variant's stylesheet sets the page's bleed
and the colours (custom properties: CMYK twins of print.css's sRGB colours), and ``@color-profile`` (the print
output intent); the PDF variant, the output intent and the tags are applied when writing.  So the print
layout, once its PDF is written, is made into the screen layout by changing just what the screen stylesheet
changes: each page's bleed (zero: the media box at the trim) and its background's painting area (its bleed area,
so the trim), the document's colour profiles (none of its own) and output intent (sRGB), and each CMYK colour
painted as its sRGB twin (the stream's colour setter).  :func:`lay_out_both` gives exactly what
``typeset.lay_out_part`` gives for each job, bytes and facts: whenever it cannot be sure it would (another
WeasyPrint, stylesheets that differ in anything else, jobs that differ in more than their variant, a colour
that a twin would make equal to another, a warning while writing), it lays the screen part out on its own.

It reaches into WeasyPrint 70.0 (``Document.write_pdf``, ``Page.bleed``, the page box's style and background,
``Document.color_profiles``/``output_intent``, ``pdf.stream.Stream.set_color``): hence the version check.
"""

from __future__ import annotations

import copy
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import tinycss2
import weasyprint
from tinycss2.color5 import parse_color
from weasyprint.css.properties import Dimension
from weasyprint.document import Document
from weasyprint.pdf.stream import Stream

from . import typeset
from .documents import stylesheet_paths
from .job import PartFacts, PartJob
from .variants import PRINT, SCREEN
from ...support.dates import pinned_epoch
from ...support.resources import layouts_dir

#: The WeasyPrint versions whose internals this module was proven against (tests/render/pdf/test_twin_layout.py).
WEASYPRINT_VERSIONS = ("70.0",)
SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class Twins:
    """What the print variant's stylesheet changes against the screen one's, when it is only that."""

    colours: dict  # colour key (space, coordinates, alpha) of a CMYK colour → its sRGB twin (a tinycss2 Color)
    screen_bleed: Dimension  # the page's bleed in the screen edition


def _key(colour) -> tuple:
    return (colour.space, tuple(colour.coordinates), colour.alpha)


def _rules(path):
    return tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True)


def _declarations(rule) -> list:
    return [d for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
            if d.type == "declaration"]


def _all_declarations(rules):
    """(rule, declaration) for every declaration of ``rules``, those of nested at-rules (@page margins) included."""
    for rule in rules:
        if getattr(rule, "content", None) is None or rule.type not in ("qualified-rule", "at-rule"):
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True):
            if item.type == "declaration":
                yield rule, item
            elif item.type in ("at-rule", "qualified-rule"):
                yield from _all_declarations([item])


def _value(declaration) -> str:
    return tinycss2.serialize(declaration.value).strip()


def _page_bleed(rule) -> str | None:
    """The bleed of an ``@page { bleed: …; marks: none }`` rule without a selector; None for any other rule."""
    if rule.type != "at-rule" or rule.lower_at_keyword != "page" or tinycss2.serialize(rule.prelude).strip():
        return None
    values = {d.lower_name: _value(d) for d in _declarations(rule)}
    if set(values) != {"bleed", "marks"} or values["marks"] != "none" or any(d.important for d in _declarations(rule)):
        return None
    return values["bleed"]


@lru_cache(maxsize=None)
def twins(environment: str = "") -> Twins | None:
    """The two variants' stylesheets compared: their twin colours and the screen bleed, or None when they differ
    in more than the colours, the bleed and the print output intent (then every part is laid out twice).
    ``environment`` (a job's): read again when layouts/ changes, in a process that lives on (the preview)."""
    if weasyprint.__version__ not in WEASYPRINT_VERSIONS:
        return None
    if (PRINT.weasyprint, PRINT.output_intent, SCREEN.weasyprint, SCREEN.output_intent) != (
            "pdf/x-4", None, "pdf/a-3a", "srgb"):
        return None
    shared_root: dict[str, str] = {}  # the custom properties :root has in the shared stylesheets, last one kept
    elsewhere: set[str] = set()  # the custom properties other selectors of the shared stylesheets set
    for path in stylesheet_paths():
        for rule, d in _all_declarations(_rules(path)):
            if d.lower_name in ("bleed", "marks") or "device-cmyk" in _value(d).lower():
                return None  # a shared stylesheet would not be the same in both editions' cascades
            if d.name.startswith("--"):
                if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root" \
                        and not d.important:
                    shared_root[d.name] = _value(d)
                else:
                    elsewhere.add(d.name)
        if any(r.type == "at-rule" and r.lower_at_keyword == "color-profile" for r in _rules(path)):
            return None
    screen_rules = _rules(layouts_dir() / SCREEN.stylesheet)
    if len(screen_rules) != 1 or _page_bleed(screen_rules[0]) != "0":
        return None
    colours: dict = {}
    profile = bleed = None
    for rule in _rules(layouts_dir() / PRINT.stylesheet):
        if rule.type == "at-rule" and rule.lower_at_keyword == "color-profile" and profile is None:
            profile = tinycss2.serialize(rule.prelude).strip()
            if profile != "device-cmyk":
                return None
        elif (found := _page_bleed(rule)) is not None and bleed is None:
            bleed = found
        elif rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for d in _declarations(rule):
                # a custom property of :root only, whose value is a CMYK colour, over a shared :root colour
                # that no other selector of the shared stylesheets sets
                cmyk = parse_color(_value(d)) if d.name.startswith("--") and not d.important else None
                rgb = parse_color(shared_root.get(d.name, "")) if cmyk is not None else None
                if (cmyk is None or cmyk.space != "device-cmyk" or rgb is None or rgb.space != "srgb"
                        or rgb.alpha != cmyk.alpha or d.name in elsewhere):
                    return None
                if colours.setdefault(_key(cmyk), rgb) != rgb:
                    return None  # one CMYK colour, two sRGB twins
        else:
            return None
    if profile is None or bleed is None or len(set(map(_key, colours.values()))) != len(colours):
        return None  # (two CMYK colours with one sRGB twin would make unequal colours equal)
    return Twins(colours, Dimension(0, "px"))


def shared_layout_refused(print_job: PartJob, screen_job: PartJob) -> str | None:
    """Why the two jobs cannot share one layout; None when they can."""
    if twins(print_job.environment) is None:
        return "the variants' stylesheets (or WeasyPrint's version) differ in more than colours and bleed"
    if (print_job.variant, screen_job.variant) != (PRINT.name, SCREEN.name):
        return "not a print job and a screen job"
    if (print_job.issue_dir, print_job.epoch, print_job.meta, print_job.environment) != (
            screen_job.issue_dir, screen_job.epoch, screen_job.meta, screen_job.environment):
        return "the jobs differ in more than their variant"
    if not print_job.meta.date:
        return "no date: PDF/X would date the document now"
    links = [f'href="{path.as_uri()}"' for path in stylesheet_paths(PRINT.name) + stylesheet_paths(SCREEN.name)]
    if (print_job.html.count(links[0]) != 1 or links[1] in print_job.html
            or print_job.html.replace(links[0], links[1]) != screen_job.html):
        return "the parts' HTML differ in more than the variant's stylesheet"
    if "device-cmyk" in print_job.html or "--" in _inline_styles(print_job.html):
        return "the HTML sets colours of its own"
    return None


def _inline_styles(html: str) -> str:
    return " ".join(part.split('"', 1)[0] for part in html.split(' style="')[1:])


def lay_out_both(print_job: PartJob, screen_job: PartJob) -> tuple[tuple[bytes, PartFacts], tuple[bytes, PartFacts]]:
    """What ``typeset.lay_out_part`` gives for ``print_job`` and for ``screen_job``, the part laid out once
    when it can be (see the module's docstring)."""
    if shared_layout_refused(print_job, screen_job) is not None:
        return typeset.lay_out_part(print_job), typeset.lay_out_part(screen_job)
    printed, screen = lay_out_once(print_job, screen_job)
    return printed, (screen if screen is not None else typeset.lay_out_part(screen_job))


def lay_out_once(print_job: PartJob, screen_job: PartJob) -> tuple[tuple[bytes, PartFacts],
                                                                   tuple[bytes, PartFacts] | None]:
    """The print part laid out, and the screen part written from its pages; None for the screen part when it
    could differ from its own layout.  (Only for jobs :func:`shared_layout_refused` accepts.)"""
    with _captured_writes() as writes:
        printed = typeset.lay_out_part(print_job)
    return printed, _screen_from_print(writes, twins(print_job.environment), screen_job, printed[1])


class _Writes:
    def __init__(self):
        self.documents: list[Document] = []
        self.metadata: list = []
        self.logged: list[str] = []


@contextmanager
def _captured_writes():
    """Each document ``write_pdf`` writes meanwhile, with its metadata as it was before writing and what
    WeasyPrint logged while writing."""
    writes, original = _Writes(), Document.write_pdf

    def write_pdf(document, *args, **options):
        writes.documents.append(document)
        writes.metadata.append(copy.deepcopy(document.metadata))
        handler = _Recorder(writes.logged)
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        try:
            return original(document, *args, **options)
        finally:
            logger.removeHandler(handler)

    Document.write_pdf = write_pdf
    try:
        yield writes
    finally:
        Document.write_pdf = original


class _Recorder(logging.Handler):
    def __init__(self, records: list[str]):
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def _screen_from_print(writes: _Writes, twin: Twins, job: PartJob, facts: PartFacts) -> tuple[bytes, PartFacts] | None:
    """The screen part written from the print part's pages; None when it could differ from its own layout."""
    if len(writes.documents) != 1 or writes.logged:
        return None
    document = writes.documents[0]
    if not _colours_stay_apart(document, twin.colours):
        return None
    for page in document.pages:
        box = page._page_box
        for side in SIDES:
            box.style[f"bleed_{side}"] = twin.screen_bleed
        page.bleed = {side: box.style[f"bleed_{side}"].value for side in SIDES}
        if box.background is not None:  # the page's background painting area is its bleed area
            box.background = box.background._replace(layers=[
                layer._replace(painting_area=box.bleed_area) for layer in box.background.layers])
    document.metadata = writes.metadata[0]
    document.color_profiles = {}  # the screen stylesheet has no @color-profile
    document.output_intent = SCREEN.output_intent
    document.fonts = {}
    logged: list[str] = []
    handler, logger = _Recorder(logged), logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        with pinned_epoch(job.epoch), _twin_colours(twin.colours):
            data = document.write_pdf(pdf_variant=SCREEN.weasyprint, pdf_identifier=False,
                                      output_intent=SCREEN.output_intent)
    finally:
        logger.removeHandler(handler)
    return None if logged else (data, facts)


def _colours_stay_apart(document: Document, colours: dict) -> bool:
    """No colour of the layout that is not a CMYK twin equals the sRGB twin of one (a comparison of colours,
    such as a border's sides drawn as one path, would then go another way than in the screen layout)."""
    images = {_key(c) for c in colours.values()}
    for page in document.pages:
        for box in _boxes(page._page_box):
            for value in _colours_of(box):
                key = _key(value)
                if key in images:
                    return False
                if value.space == "device-cmyk" and key not in colours:
                    return False
    return True


def _boxes(box):
    yield box
    for child in (box.all_children() if hasattr(box, "all_children") else ()):
        yield from _boxes(child)


def _colours_of(box):
    for value in dict.values(box.style):
        if hasattr(value, "space") and hasattr(value, "coordinates"):
            yield value
        elif isinstance(value, (tuple, list)):  # box-shadow and the like: colours inside values
            yield from (v for v in _flat(value) if hasattr(v, "space") and hasattr(v, "coordinates"))
    for background in (getattr(box, "background", None), getattr(box, "canvas_background", None)):
        if background is not None:
            yield background.color


def _flat(value):
    for item in value:
        if isinstance(item, (tuple, list)):
            yield from _flat(item)
        else:
            yield item


@contextmanager
def _twin_colours(colours: dict):
    """Every CMYK colour painted meanwhile painted as its sRGB twin."""
    original = Stream.set_color

    def set_color(stream, colour, stroke=False):
        return original(stream, colours.get(_key(colour), colour) if colour.space == "device-cmyk" else colour,
                        stroke)

    Stream.set_color = set_color
    try:
        yield
    finally:
        Stream.set_color = original

