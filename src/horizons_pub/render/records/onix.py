"""The ONIX 3.0 message of an issue (reference tags): one ``<Product>`` for the EPUB, one for the print
edition, as the bookshops' databases (Dilicom, Electre) take them; docs/platforms.md, « ONIX ».

Each product names its edition (its ISBN, else an identifier of the issue's), the magazine as its
collection with the issue's number, the contributors, the publisher, the date, the language, the price when
the source gives one (a fixed retail price, tax included: the French prix unique du livre), the form and,
for the EPUB, its accessibility (accessibility.py). The bytes depend on the model and ``when`` only."""

from __future__ import annotations

import datetime as _dt
import io
import uuid
from functools import cache
from pathlib import Path

from lxml import etree

from ...model.bylines import split_name
from ...model.identity import epub_urn, issue_urn, issue_uuid
from ...model.nodes import Issue, Role, plain_text
from ...model.walk import iter_figures
from ..pdf.board import BOARD_PAGES, has_cover_board, spine_mm
from .accessibility import Certification, feature_codes
from .elements import in_namespace

NS = "http://ns.editeur.org/onix/3.0/reference"
_q, _sub = in_namespace(NS)
#: ISO 639-2/B (list 74) of the languages an issue may be in (ISO 639-1 in issue.yaml)
LANGUAGES = {"fr": "fre", "en": "eng", "de": "ger", "es": "spa", "it": "ita", "nl": "dut", "pt": "por"}
#: list 17 roles of the people of the articles (the dossier's contributors are the authors of its articles)
ROLES = {Role.AUTHOR: "A01", Role.INTERVIEWEE: "A44", Role.INTERVIEWER: "A43", Role.COORDINATOR: "B15"}
EDITOR_IN_CHIEF = "B11"
ISBN13, PROPRIETARY = "15", "01"  # list 5
FIXED_PRICE_TAX_INCLUDED = "04"  # list 58: the Loi Lang's (and, for e-books, the 2011 law's) prix unique
RELATION_EPUB_OF_PRINT, RELATION_EPUB_AVAILABLE = "13", "27"  # list 51


def onix_message(issue: Issue, when: _dt.datetime, *, certification: Certification | None = None) -> bytes:
    """The message's XML (UTF-8). ``certification``: the claim ``certify`` added to the EPUB (``archive``
    only); without it the EPUB's product states its features and claims no conformance."""
    root = etree.Element(_q("ONIXMessage"), nsmap={None: NS})
    root.set("release", "3.0")
    header = _sub(root, "Header")
    _sub(_sub(header, "Sender"), "SenderName", issue.publisher)
    _sub(header, "SentDateTime", _utc(when).strftime("%Y%m%dT%H%M%SZ"))
    language = LANGUAGES.get(issue.language.split("-")[0].lower())
    if language:
        _sub(header, "DefaultLanguageOfText", language)
    epub_id, print_id = edition_ids(issue)
    _product(root, issue, when, epub=True, own=epub_id, other=print_id, certification=certification)
    _product(root, issue, when, epub=False, own=print_id, other=epub_id, certification=None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_onix(data: bytes) -> list[str]:
    """The complaints about ``data``, none when it is valid: onixcheck's (the ONIX 3.0 reference XSD, whose
    types hold the code lists of the simple elements), then the code of each ``ProductFormFeatureValue``
    checked against the list its type names (196 for the accessibility, 143 for the hazards), which no
    schema can check (the value's list depends on its type) and onixcheck does not."""
    import onixcheck

    stream = io.BytesIO(data)
    stream.name = "onix.xml"  # onixcheck names the file in its messages
    problems = [f"{m.location}: {m.message}" for m in onixcheck.validate(stream)]
    if problems:
        return problems
    root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    for feature in root.iter(_q("ProductFormFeature")):
        kind, value = feature.findtext(_q("ProductFormFeatureType")), feature.findtext(_q("ProductFormFeatureValue"))
        codes = _feature_list(FEATURE_LISTS[kind]) if kind in FEATURE_LISTS else None
        if codes is not None and value not in codes:
            problems.append(f"onix.xml:{feature.sourceline}: ProductFormFeatureValue {value!r} is no code of list "
                            f"{FEATURE_LISTS[kind][4:]} (ProductFormFeatureType {kind})")
    return problems


#: the code list of the values of each ProductFormFeatureType whose values this module writes (list 79)
FEATURE_LISTS = {"09": "List196", "12": "List143"}


@cache
def _feature_list(name: str) -> frozenset[str]:
    """The codes of an ONIX code list, from the code lists onixcheck ships with the 3.0 XSD."""
    from onixcheck import schema

    path = Path(schema.O30_XSD_REFERENCE).with_name("ONIX_BookProduct_CodeLists.xsd")
    xs = "{http://www.w3.org/2001/XMLSchema}"
    tree = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    found = tree.getroot().find(f"{xs}simpleType[@name='{name}']")
    return frozenset(e.get("value") for e in found.iter(f"{xs}enumeration"))


def edition_ids(issue: Issue) -> tuple[tuple[str, str], tuple[str, str]]:
    """((ProductIDType, IDValue) of the EPUB, of the print edition): the ISBN-13 when the source gives it,
    else a proprietary identifier: the EPUB's own (``epub_urn``, its package's dc:identifier), the issue's
    (``issue_urn``) for the print edition, or, when neither edition has an ISBN and the two would be the same
    UUID, the print edition's name-based UUID under the issue's."""
    epub = (ISBN13, issue.isbn_epub) if issue.isbn_epub else (PROPRIETARY, epub_urn(issue))
    if issue.isbn:
        return epub, (ISBN13, issue.isbn)
    urn = issue_urn(issue)
    if urn == epub[1]:
        urn = f"urn:uuid:{uuid.uuid5(issue_uuid(issue), 'print')}"
    return epub, (PROPRIETARY, urn)


def _utc(when: _dt.datetime) -> _dt.datetime:
    return when.astimezone(_dt.UTC) if when.tzinfo else when


def _identifier(parent: etree._Element, kind: str, value: str) -> None:
    ident = _sub(parent, "ProductIdentifier")
    _sub(ident, "ProductIDType", kind)
    if kind == PROPRIETARY:
        _sub(ident, "IDTypeName", "URN")
    _sub(ident, "IDValue", value)


def _product(root: etree._Element, issue: Issue, when: _dt.datetime, *, epub: bool, own: tuple[str, str],
             other: tuple[str, str], certification: Certification | None) -> None:
    product = _sub(root, "Product")
    _sub(product, "RecordReference", own[1] if own[0] == PROPRIETARY else f"urn:isbn:{own[1]}")
    _sub(product, "NotificationType", "03")  # list 1: notification confirmed on publication
    _identifier(product, *own)
    detail = _sub(product, "DescriptiveDetail")
    _sub(detail, "ProductComposition", "00")  # list 2: single-component retail product
    if epub:
        _sub(detail, "ProductForm", "ED")  # list 150: digital download
        _sub(detail, "ProductFormDetail", "E101")  # list 175: EPUB
        _sub(detail, "ProductFormDetail", "E200")  # reflowable
        for kind, value, description in feature_codes(certification, publisher=issue.publisher):
            feature = _sub(detail, "ProductFormFeature")
            _sub(feature, "ProductFormFeatureType", kind)
            _sub(feature, "ProductFormFeatureValue", value)
            if description:
                _sub(feature, "ProductFormFeatureDescription", description)
    else:
        _sub(detail, "ProductForm", "BC")  # list 150: paperback / softback
        if has_cover_board(issue):
            _sub(detail, "ProductFormDetail", "B305")  # list 175: unsewn / adhesive bound (dos carré collé)
    _content_types(detail, issue)
    if not epub:
        _measures(detail, issue)
    _collection(detail, issue, epub)
    title = _sub(detail, "TitleDetail")
    _sub(title, "TitleType", "01")  # list 15: the title as on the product
    element = _sub(title, "TitleElement")
    _sub(element, "TitleElementLevel", "01")  # list 149: the product
    _sub(element, "TitleText", plain_text(issue.title))
    _contributors(detail, issue)
    language = LANGUAGES.get(issue.language.split("-")[0].lower())
    if language:
        lang = _sub(detail, "Language")
        _sub(lang, "LanguageRole", "01")  # list 22: language of text
        _sub(lang, "LanguageCode", language)
    extent = _sub(detail, "Extent")
    # list 23: the print edition's every page (covers included); the EPUB's print counterpart's
    _sub(extent, "ExtentType", "08" if epub else "07")
    _sub(extent, "ExtentValue", str(issue.pages))
    _sub(extent, "ExtentUnit", "03")  # pages
    rubrics = issue.rubrics_present()
    if rubrics:
        subject = _sub(detail, "Subject")
        _sub(subject, "SubjectSchemeIdentifier", "20")  # list 27: keywords
        _sub(subject, "SubjectHeadingText", "; ".join(rubrics))
    published = issue.date <= _utc(when).date()
    _publishing(product, issue, published)
    related = _sub(_sub(product, "RelatedMaterial"), "RelatedProduct")
    _sub(related, "ProductRelationCode", RELATION_EPUB_OF_PRINT if epub else RELATION_EPUB_AVAILABLE)
    _identifier(related, *other)
    _supply(product, issue, epub, published)


def _content_types(detail: etree._Element, issue: Issue) -> None:
    """List 81: text, and still images when an article has figures (list 196's code 14 is about them)."""
    _sub(detail, "PrimaryContentType", "10")
    if any(True for article in issue.articles for _ in iter_figures(article.blocks)):
        _sub(detail, "ProductContentType", "07")


def _measures(detail: etree._Element, issue: Issue) -> None:
    sizes = [("01", issue.trim.height_mm), ("02", issue.trim.width_mm)]  # list 48: height, width
    if has_cover_board(issue):  # the spine, as the cover board is made (render/pdf/board.py)
        sizes.append(("03", spine_mm(issue.pages - BOARD_PAGES, issue.printing.paper_mm, issue.printing.cover_mm)))
    for kind, mm in sizes:
        measure = _sub(detail, "Measure")
        _sub(measure, "MeasureType", kind)
        _sub(measure, "Measurement", f"{mm:.1f}".rstrip("0").rstrip("."))
        _sub(measure, "MeasureUnitCode", "mm")


def _collection(detail: etree._Element, issue: Issue, epub: bool) -> None:
    """The magazine as the publisher's collection, the issue's number as the product's part number."""
    collection = _sub(detail, "Collection")
    _sub(collection, "CollectionType", "10")  # list 148: publisher collection
    issn = (issue.distribution.eissn or issue.issn) if epub else issue.issn
    if issn:
        ident = _sub(collection, "CollectionIdentifier")
        _sub(ident, "CollectionIDType", "02")  # list 13: ISSN
        _sub(ident, "IDValue", issn.replace("-", ""))
    sequence = _sub(collection, "CollectionSequence")
    _sub(sequence, "CollectionSequenceType", "03")  # list 197: publication order
    _sub(sequence, "CollectionSequenceNumber", str(issue.number))
    title = _sub(collection, "TitleDetail")
    _sub(title, "TitleType", "01")
    element = _sub(title, "TitleElement")
    _sub(element, "TitleElementLevel", "02")  # list 149: collection level
    _sub(element, "PartNumber", str(issue.number))
    _sub(element, "TitleText", issue.magazine)


def _contributors(detail: etree._Element, issue: Issue) -> None:
    """The editor-in-chief, then every person of the articles in page order, each once with all their roles."""
    people: dict[str, dict] = {issue.editor_in_chief: {"roles": [EDITOR_IN_CHIEF], "orcid": None, "idref": None}}
    for article in issue.articles:
        for person in article.people:
            if person.role not in ROLES:
                continue
            entry = people.setdefault(person.name, {"roles": [], "orcid": None, "idref": None})
            if ROLES[person.role] not in entry["roles"]:
                entry["roles"].append(ROLES[person.role])
            entry["orcid"] = entry["orcid"] or person.orcid
            entry["idref"] = entry["idref"] or person.idref
    for n, (name, entry) in enumerate(people.items(), start=1):
        el = _sub(detail, "Contributor")
        _sub(el, "SequenceNumber", str(n))
        for role in entry["roles"]:
            _sub(el, "ContributorRole", role)
        for kind, value in (("21", entry["orcid"]), ("38", entry["idref"])):  # list 44: ORCID, IdRef
            if value:
                ident = _sub(el, "NameIdentifier")
                _sub(ident, "NameIDType", kind)
                _sub(ident, "IDValue", value)
        _sub(el, "PersonName", name)
        split = split_name(name)
        if split.given:
            _sub(el, "NamesBeforeKey", split.given)
        _sub(el, "KeyNames", split.surname)


def _publishing(product: etree._Element, issue: Issue, published: bool) -> None:
    publishing = _sub(product, "PublishingDetail")
    _sub(_sub(publishing, "Imprint"), "ImprintName", issue.publisher)
    publisher = _sub(publishing, "Publisher")
    _sub(publisher, "PublishingRole", "01")  # list 45: publisher
    _sub(publisher, "PublisherName", issue.publisher)
    _sub(publishing, "PublishingStatus", "04" if published else "02")  # list 64: active, forthcoming
    date = _sub(publishing, "PublishingDate")
    _sub(date, "PublishingDateRole", "01")  # list 163: publication date
    _sub(date, "Date", issue.date.strftime("%Y%m%d"))


def _supply(product: etree._Element, issue: Issue, epub: bool, published: bool) -> None:
    detail = _sub(_sub(product, "ProductSupply"), "SupplyDetail")
    supplier = _sub(detail, "Supplier")
    _sub(supplier, "SupplierRole", "01")  # list 93: publisher to retailers
    _sub(supplier, "SupplierName", issue.publisher)
    _sub(detail, "ProductAvailability", "20" if published else "10")  # list 65: available, not yet available
    amount = issue.distribution.epub_price if epub else issue.printing.price
    if not amount:
        _sub(detail, "UnpricedItemType", "02")  # list 57: price to be announced
        return
    price = _sub(detail, "Price")
    _sub(price, "PriceType", FIXED_PRICE_TAX_INCLUDED)
    _sub(price, "PriceAmount", amount)
    _sub(price, "CurrencyCode", "EUR")
    _sub(_sub(price, "Territory"), "CountriesIncluded", "FR")  # the fixed price is France's
    if not epub:
        _sub(price, "PrintedOnProduct", "02")  # list 174: yes, on the back cover (docs/print.md)
        _sub(price, "PositionOnProduct", "01")  # list 142: cover 4
