"""`certify`: the conformance claim the archive adds to a built EPUB after a passing DAISY Ace run.

Checked on the real EPUBs of issue 38 and of the every-construct issue: exactly three properties and the report's link added, every other
file byte-identical, the same bytes every time, EPUBCheck (and Ace, when installed) passing it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import zipfile

import pytest
from lxml import etree

from helpers.outputs import ROOT, epubcheck
from horizons_pub.render.epub.certify import certify, french_date
from horizons_pub.render.epub.meta import ACCESSIBILITY_OFFERS, NOT_VERIFIED

OPF = "http://www.idpf.org/2007/opf"
NS = {"opf": OPF}
OPF_NAME = "EPUB/content.opf"
REPORT = "https://www.horizonspublics.fr/accessibilite/hp-38/ace-report.html"
CLAIM = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACE_DAY = dt.date(2024, 3, 1)


def _certify(epub: bytes, **changes) -> bytes:
    args = {"report_href": REPORT, "certified_by": "Berger-Levrault", "conforms_to": CLAIM, "date": ACE_DAY}
    return certify(epub, **{**args, **changes})


def _entries(epub: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _metadata(epub: bytes) -> list[tuple[str, dict, str | None]]:
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        opf = etree.fromstring(z.read(OPF_NAME))
    return [(etree.QName(e).localname, dict(e.attrib), e.text) for e in opf.find("opf:metadata", NS)]


@pytest.fixture(scope="module", params=["hp38", "constructs"])
def built(request) -> bytes:
    """Issue 38, and the every-construct issue (an interview, sidebars, a figure with its image, a
    box on the sommaire page, notes): the claim must leave every one of their files as it was."""
    return request.getfixturevalue(request.param).epub.read_bytes()


@pytest.fixture(scope="module")
def certified(built) -> bytes:
    return _certify(built)


def test_certify_adds_exactly_the_claim_and_the_report_link(built, certified):
    before, after = _metadata(built), _metadata(certified)
    added = [e for e in after if e not in before]
    removed = [e for e in before if e not in after]
    summary = ("Le 1er mars 2024, Berger-Levrault a vérifié cette publication avec DAISY Ace, qui n’y a relevé "
               "aucune violation\u202f; sur la foi de cette vérification, dont le rapport est lié à ces métadonnées, "
               f"elle est déclarée conforme à «\u202f{CLAIM}\u202f».")
    assert removed == [("meta", {"property": "schema:accessibilitySummary"}, f"{ACCESSIBILITY_OFFERS} {NOT_VERIFIED}")]
    assert added == [
        ("meta", {"property": "schema:accessibilitySummary"}, f"{ACCESSIBILITY_OFFERS} {summary}"),
        ("meta", {"property": "dcterms:conformsTo"}, CLAIM),
        ("meta", {"property": "a11y:certifiedBy", "id": "certifier"}, "Berger-Levrault"),
        ("link", {"rel": "a11y:certifierReport", "refines": "#certifier", "href": REPORT}, None),
    ]
    assert len(after) == len(before) + 3
    with zipfile.ZipFile(io.BytesIO(certified)) as z:
        opf = z.read(OPF_NAME)
    assert b'<meta property="dcterms:conformsTo">' in opf and b"<opf:" not in opf, "the default namespace, as the rest"
    assert [e for e in after if e not in added] == [e for e in before if e not in removed], "the rest in its order"


def test_certify_keeps_every_other_file_and_the_zip_layout(built, certified):
    before, after = _entries(built), _entries(certified)
    assert [i.filename for i, _ in after] == [i.filename for i, _ in before]
    assert {i.filename for (i, a), (_, b) in zip(before, after) if a != b} == {OPF_NAME}
    first = after[0][0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert {i.date_time for i, _ in after} == {(1980, 1, 1, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i, _ in after[1:])


def test_certify_is_deterministic(built, certified):
    assert _certify(built) == certified
    later = _certify(built, date=dt.date(2024, 3, 12))
    assert later != certified
    assert [i.filename for (i, a), (_, b) in zip(_entries(later), _entries(certified)) if a != b] == [OPF_NAME]
    assert any((text or "").startswith(ACCESSIBILITY_OFFERS + " Le 12 mars 2024,") for _, _, text in _metadata(later))


def test_certify_refuses_what_it_cannot_claim(built, certified):
    with pytest.raises(ValueError, match="already carries dcterms:conformsTo"):
        _certify(certified)
    for href in ("../horizons-publics-38-ace.html", "ace/report.html", "file:///archive/report.html", "C:\\r.html"):
        with pytest.raises(ValueError, match="absolute URL"):
            _certify(built, report_href=href)
    with pytest.raises(ValueError, match="certified_by is empty"):
        _certify(built, certified_by=" ")


@pytest.mark.tools
def test_the_certified_epub_passes_epubcheck(certified, tmp_path):
    path = tmp_path / "certified.epub"
    path.write_bytes(certified)
    report = epubcheck(path, tmp_path)
    messages = [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]]
    assert messages == []
    assert report["publication"]["title"].startswith("Horizons publics n° ")


@pytest.mark.tools
def test_epubcheck_fails_a_report_linked_by_a_relative_path(certified, tmp_path):
    """Why `certify` wants an absolute URL: the same link to a report kept beside the EPUB fails EPUBCheck."""
    entries = _entries(certified)
    path = tmp_path / "relative-report.epub"
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            if info.filename == OPF_NAME:
                opf = etree.fromstring(data)
                opf.find("opf:metadata/opf:link", NS).set("href", "../horizons-publics-38-ace.html")
                data = etree.tostring(opf, xml_declaration=True, encoding="utf-8")
            out.writestr(info, data)
    ids = {m["ID"] for m in epubcheck(path, tmp_path)["messages"]}
    assert {"OPF-093", "RSC-007w"} <= ids, ids


def test_french_date():
    assert french_date(dt.date(2024, 3, 1)) == "1er mars 2024"
    assert french_date(dt.date(2024, 8, 15)) == "15 août 2024"


@pytest.mark.skipif(not os.environ.get("ACE_CLI"), reason="DAISY Ace not installed (set ACE_CLI; see scripts/ace.sh)")
@pytest.mark.tools
def test_ace_passes_the_certified_epub_and_sees_the_claim(certified, tmp_path):
    path = tmp_path / "certified.epub"
    path.write_bytes(certified)
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "ace.sh"), str(path), str(tmp_path / "ace")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    metadata = json.loads((tmp_path / "ace" / "report.json").read_text(encoding="utf-8"))["a11y-metadata"]
    assert {"dcterms:conformsTo", "a11y:certifiedBy", "a11y:certifierReport"} <= set(metadata["present"])
