"""The ONIX 3.0 message (render/records/onix.py, accessibility.py), from the models of the realistic magazine
issue (ISBNs, prices, ISSNs) and of issue 38 (none): valid for onixcheck's ONIX 3.0 reference XSD, each
accessibility code one of list 196, no conformance claimed without a certification, and refused once
tampered with. That the codes are true of a built EPUB is test_records_built.py's."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

import pytest
from helpers.outputs import HP38, MAGAZINE
from lxml import etree

from horizons_pub.builder.recipe import load_issue
from horizons_pub.render.epub.meta import ACCESSIBILITY_SUMMARY
from horizons_pub.render.records.accessibility import FEATURES, Certification
from horizons_pub.render.records.onix import (
    NS,
    edition_ids,
    onix_message,
    validate_onix,
)
from horizons_pub.support.dates import source_datetime
from horizons_pub.support.diagnostics import Reporter

N = {"o": NS}
WHEN = _dt.datetime(2025, 11, 1, tzinfo=_dt.UTC)
#: list 196's conformance codes: the EPUB Accessibility specifications, PDF/UA, WCAG versions and levels
CONFORMANCE = {"01", "02", "03", "04", "05", "06", "80", "81", "82", "84", "85", "86", "90", "91", "93", "94", "96"}


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))


def products(data: bytes) -> tuple[etree._Element, etree._Element]:
    epub, printed = parse(data).findall("o:Product", N)
    assert epub.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=N) == "ED"
    assert printed.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=N) == "BC"
    return epub, printed


def features(product: etree._Element, kind: str = "09") -> list[tuple[str, str | None]]:
    return [(f.findtext("o:ProductFormFeatureValue", namespaces=N),
             f.findtext("o:ProductFormFeatureDescription", namespaces=N))
            for f in product.iterfind("o:DescriptiveDetail/o:ProductFormFeature", N)
            if f.findtext("o:ProductFormFeatureType", namespaces=N) == kind]


@pytest.fixture(scope="module")
def magazine():
    return load_issue(MAGAZINE, Reporter(echo=False))


@pytest.fixture(scope="module")
def hp38_issue():
    return load_issue(HP38, Reporter(echo=False))


@pytest.fixture(scope="module")
def message(magazine) -> bytes:
    return onix_message(magazine, source_datetime(magazine))


def test_the_message_is_valid_onix(message, hp38_issue):
    assert validate_onix(message) == []
    assert validate_onix(onix_message(hp38_issue, source_datetime(hp38_issue))) == []


@pytest.mark.parametrize("old, new", [
    (b"<ProductFormFeatureValue>41<", b"<ProductFormFeatureValue>47<"),  # no code of list 196
    (b"<ProductFormFeatureType>12</ProductFormFeatureType>\n        <ProductFormFeatureValue>00<",
     b"<ProductFormFeatureType>12</ProductFormFeatureType>\n        <ProductFormFeatureValue>99<"),  # nor of 143
    (b"<ProductComposition>00</ProductComposition>", b""),  # a mandatory element missing
    (b"<PriceType>04</PriceType>", b"<PriceType>4</PriceType>"),  # no code of list 58
    (b"<LanguageCode>fre</LanguageCode>", b"<LanguageCode>fr</LanguageCode>"),  # ISO 639-2/B, not 639-1
])
def test_a_tampered_message_is_refused(message, old, new):
    assert old in message
    assert validate_onix(message.replace(old, new, 1)) != []


def test_the_editions_identifiers_prices_and_forms(message):
    epub, printed = products(message)
    ident = "o:ProductIdentifier/o:IDValue"
    assert (epub.findtext(ident, namespaces=N), printed.findtext(ident, namespaces=N)) == \
        ("9782701301990", "9782701300993")
    assert epub.findtext("o:ProductIdentifier/o:ProductIDType", namespaces=N) == "15"
    for product, amount in ((epub, "9.99"), (printed, "15.00")):
        price = product.find("o:ProductSupply/o:SupplyDetail/o:Price", N)
        assert price.findtext("o:PriceType", namespaces=N) == "04"  # fixed retail price, tax included
        assert (price.findtext("o:PriceAmount", namespaces=N), price.findtext("o:CurrencyCode", namespaces=N)) == \
            (amount, "EUR")
    assert [d.text for d in epub.iterfind("o:DescriptiveDetail/o:ProductFormDetail", N)] == ["E101", "E200"]
    assert [d.text for d in printed.iterfind("o:DescriptiveDetail/o:ProductFormDetail", N)] == ["B305"]
    measures = {m.findtext("o:MeasureType", namespaces=N): m.findtext("o:Measurement", namespaces=N)
                for m in printed.iterfind("o:DescriptiveDetail/o:Measure", N)}
    assert measures["01"] == "260" and measures["02"] == "180" and float(measures["03"]) > 0
    assert printed.findtext("o:DescriptiveDetail/o:Extent/o:ExtentValue", namespaces=N) == "44"
    # each names the other edition
    assert epub.findtext("o:RelatedMaterial/o:RelatedProduct/o:ProductIdentifier/o:IDValue", namespaces=N) == \
        "9782701300993"


def test_the_collection_contributors_and_date(message):
    for product in products(message):
        detail = product.find("o:DescriptiveDetail", N)
        collection = detail.find("o:Collection", N)
        assert collection.findtext("o:TitleDetail/o:TitleElement/o:TitleText", namespaces=N) == "Horizons publics"
        assert collection.findtext("o:TitleDetail/o:TitleElement/o:PartNumber", namespaces=N) == "99"
        assert detail.findtext("o:Language/o:LanguageCode", namespaces=N) == "fre"
        people = detail.findall("o:Contributor", N)
        first = people[0]
        assert first.findtext("o:PersonName", namespaces=N) == "Julien Nessi"
        assert [r.text for r in first.iterfind("o:ContributorRole", N)][0] == "B11"  # editor-in-chief
        kessler = next(p for p in people if p.findtext("o:KeyNames", namespaces=N) == "Kessler")
        assert {(i.findtext("o:NameIDType", namespaces=N), i.findtext("o:IDValue", namespaces=N))
                for i in kessler.iterfind("o:NameIdentifier", N)} == {("21", "0000-0003-1415-9269"), ("38", "031384528")}
        names = [p.findtext("o:PersonName", namespaces=N) for p in people]
        assert len(names) == len(set(names))  # each person once, with all their roles
        assert product.findtext("o:PublishingDetail/o:PublishingDate/o:Date", namespaces=N) == "20251101"


def test_the_epub_states_its_features_and_claims_no_conformance(message):
    epub, printed = products(message)
    got = features(epub)
    codes = [code for code, _ in got]
    assert set(codes) == {"00", *FEATURES}
    assert not set(codes) & CONFORMANCE
    assert dict(got)["00"] == ACCESSIBILITY_SUMMARY  # the EPUB's summary, which says it was not verified
    assert features(epub, "12") == [("00", None)]  # list 143: no known hazards
    assert features(printed) == []


def test_a_certified_epub_carries_its_claim(magazine):
    cert = Certification("EPUB Accessibility 1.1 - WCAG 2.2 Level AA", "Berger-Levrault", _dt.date(2025, 11, 3),
                         "https://www.horizonspublics.fr/accessibilite/99.html")
    data = onix_message(magazine, WHEN, certification=cert)
    assert validate_onix(data) == []
    got = dict(features(products(data)[0]))
    assert {"04", "82", "85", "90", "91", "96"} <= set(got)
    assert got["90"] == "Berger-Levrault" and got["91"] == "20251103"
    assert got["96"] == cert.report_href and got["04"] is None  # the publisher's own claim: its report, no URL
    assert "3 novembre 2025" in got["00"] and "n’a pas été vérifiée" not in got["00"]
    archived = onix_message(magazine, WHEN, certification=replace(cert, report_href="urn:uuid:0f3e…"))
    assert "96" not in dict(features(products(archived)[0]))  # a URN is no web page
    third = onix_message(magazine, WHEN, certification=replace(cert, certified_by="Fondazione LIA"))
    assert dict(features(products(third)[0]))["04"] == cert.report_href
    with pytest.raises(ValueError):
        onix_message(magazine, WHEN, certification=replace(cert, conforms_to="WCAG somehow"))


def test_without_isbn_nor_price_the_editions_keep_apart(hp38_issue):
    data = onix_message(hp38_issue, source_datetime(hp38_issue))
    epub, printed = products(data)
    (epub_type, epub_id), (print_type, print_id) = edition_ids(hp38_issue)
    assert epub_type == print_type == "01" and epub_id != print_id
    assert epub.findtext("o:ProductIdentifier/o:IDValue", namespaces=N) == epub_id
    assert epub.findtext("o:RecordReference", namespaces=N) != printed.findtext("o:RecordReference", namespaces=N)
    for product in (epub, printed):
        supply = product.find("o:ProductSupply/o:SupplyDetail", N)
        assert supply.find("o:Price", N) is None and supply.findtext("o:UnpricedItemType", namespaces=N) == "02"
        assert product.find("o:DescriptiveDetail/o:Collection/o:CollectionIdentifier", N) is None  # no ISSN


def test_the_bytes_depend_on_the_date_given(magazine):
    assert onix_message(magazine, WHEN) == onix_message(magazine, WHEN)
    before = onix_message(magazine, _dt.datetime(2025, 10, 1, tzinfo=_dt.UTC))
    assert parse(before).findtext("o:Header/o:SentDateTime", namespaces=N) == "20251001T000000Z"
    epub, _ = products(before)  # sent before the issue's date: forthcoming, not yet available
    assert epub.findtext("o:PublishingDetail/o:PublishingStatus", namespaces=N) == "02"
    assert epub.findtext("o:ProductSupply/o:SupplyDetail/o:ProductAvailability", namespaces=N) == "10"
