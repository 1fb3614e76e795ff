"""The archive's package (issue 17), piece by piece on small hand-made files (fast: no build, no Java): the METS
document validates against the vendored METS 1.12.1 schema and lists every file with its SHA-256; the BagIt
profile, loaded from the package's own file, is what ``bagit_profile`` checks a bag against; an article PDF's page
labels must be a run of the archival PDF's; a JATS file's figures must be in the bag; veraPDF's batch output is
read per PDF.  The whole commands, on real bags, are in test_archive.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bagit
import bagit_profile
import pikepdf
import pytest
from helpers import load, messages, write_issue
from lxml import etree

from horizons_pub.commands.archive.bag import bag_info, make_bag
from horizons_pub.commands.archive.mets import METS, METS_SCHEMA, listed_file_problems, mets_document
from horizons_pub.commands.archive.platform_files import PlatformFiles, check_article_pages, missing_figures
from horizons_pub.commands.archive.profile import (
    PROFILE_FILE,
    PROFILE_IN_BAG,
    bag_profile_problems,
    profile_id,
    profile_problems,
)
from horizons_pub.commands.check.verapdf import _parse
from horizons_pub.support.xmlschemas import validate

M = {"mets": METS, "xlink": "http://www.w3.org/1999/xlink"}


@pytest.fixture
def issue(workdir):
    loaded, reporter = load(write_issue(workdir, {"a": "---\nrubric: edito\nkind: article\ntitle: Un titre\n---\n\n"
                                                       "Un texte.\n\nPar Jeanne Martin.\n"}))
    assert messages(reporter) == [] and loaded is not None
    return loaded


def _staging(root: Path) -> tuple[Path, list[str], PlatformFiles]:
    staging = root / "staging"
    files = {"horizons-publics-99.pdf": b"%PDF-1.7 issue\n", "horizons-publics-99-print.pdf": b"%PDF print\n",
             "horizons-publics-99.epub": b"PK epub", "articles/a.pdf": b"%PDF-1.7 a\n",
             "articles/a.xml": b"<article/>", "articles/a-fig1.jpg": b"\xff\xd8jpeg",
             "records/horizons-publics-99-onix.xml": b"<ONIXMessage/>", "source/hp-test/issue.yaml": b"number: 99\n",
             "metadata/dublin-core.xml": b"<metadata/>"}
    for rel, data in files.items():
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staging / rel).write_bytes(data)
    platform = PlatformFiles(articles=["a"], pdfs=["articles/a.pdf"], xmls=["articles/a.xml"],
                             figures=["articles/a-fig1.jpg"], figures_of={"a": ["articles/a-fig1.jpg"]},
                             records=["records/horizons-publics-99-onix.xml"])
    return staging, list(files), platform


def test_the_mets_document_validates_and_lists_every_file_with_its_checksum(issue, tmp_path):
    staging, rels, platform = _staging(tmp_path)
    data = mets_document(issue, staging, rels, "horizons-publics-99.pdf", platform, {"a": "3-4"})
    assert validate(METS_SCHEMA, data) == []
    root = etree.fromstring(data)
    files = {f.find("mets:FLocat", M).get(f"{{{M['xlink']}}}href"): f for f in root.iterfind(".//mets:file", M)}
    assert set(files) == set(rels)
    for rel, file in files.items():
        content = (staging / rel).read_bytes()
        assert (file.get("CHECKSUM"), file.get("CHECKSUMTYPE"), file.get("SIZE")) == (
            hashlib.sha256(content).hexdigest(), "SHA-256", str(len(content))), rel
    uses = {g.get("USE"): [f.find("mets:FLocat", M).get(f"{{{M['xlink']}}}href") for f in g]
            for g in root.iterfind(".//mets:fileGrp", M)}
    assert uses["article PDF"] == ["articles/a.pdf"] and uses["article figures"] == ["articles/a-fig1.jpg"]
    assert uses["records"] == ["records/horizons-publics-99-onix.xml"]
    article = root.find(".//mets:structMap/mets:div/mets:div[@TYPE='article']", M)
    assert (article.get("ORDERLABEL"), article.get("DMDID"), article.get("LABEL")) == ("3-4", "dmd-a", "Un titre")
    assert [p.get("FILEID") for p in article.iterfind("mets:fptr", M)] == [
        "file-articles_a.pdf", "file-articles_a.xml", "file-articles_a-fig1.jpg"]
    dmd = root.find(".//mets:dmdSec[@ID='dmd-a']//mets:xmlData", M)
    assert [el.text for el in dmd.iterfind("{http://purl.org/dc/elements/1.1/}title")] == ["Un titre"]
    assert listed_file_problems(data, staging) == []
    (staging / "articles" / "a.xml").write_bytes(b"<article>changed</article>")
    (staging / "articles" / "a-fig1.jpg").unlink()
    assert listed_file_problems(data, staging) == [
        "the METS lists articles/a.xml with another size or SHA-256 than the file has",
        "the METS lists articles/a-fig1.jpg, which is not in the bag"]


def test_a_mets_document_without_its_structure_does_not_validate(issue, tmp_path):
    staging, rels, platform = _staging(tmp_path)
    root = etree.fromstring(mets_document(issue, staging, rels, "horizons-publics-99.pdf", platform, {}))
    root.remove(root.find("mets:structMap", M))
    problems = validate(METS_SCHEMA, etree.tostring(root))
    assert len(problems) == 1 and "Missing child element(s). Expected is" in problems[0], problems


def _bag(tmp_path: Path, issue, **extra) -> Path:
    staging, _, _ = _staging(tmp_path)
    for rel in ("mets.xml", "metadata/manifest.json", PROFILE_IN_BAG, "reports/verapdf.json"):
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staging / rel).write_bytes(PROFILE_FILE.read_bytes() if rel == PROFILE_IN_BAG else b"{}")
    info = {**bag_info(issue, issue.date, ["passed: data/x: fine"], []), **extra}
    return make_bag(staging, info, tmp_path / "archive")


def test_bagit_profile_validates_the_bag_against_the_profile_file(issue, tmp_path):
    bag = _bag(tmp_path, issue)
    rules = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))  # the local file: never the network
    checker = bagit_profile.Profile(rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=rules)
    assert checker.validate(bagit.Bag(str(bag))), [str(e) for e in checker.report.errors]
    assert checker.validate_serialization(str(bag))
    assert bagit.Bag(str(bag)).info["BagIt-Profile-Identifier"] == profile_id()
    assert profile_problems(bag) == []
    assert bag_profile_problems(bag) == ([], f"BagIt profile {profile_id()} (the profile horizons-pub ships): "
                                             "the bag conforms")


def test_the_profile_names_what_a_bag_lacks(issue, tmp_path):
    bag = _bag(tmp_path, issue)
    (bag / "data" / "mets.xml").unlink()
    (bag / "notes.txt").write_text("a tag file of someone else\n", encoding="utf-8")
    (bag / "data" / "stray.txt").write_text("?\n", encoding="utf-8")
    ident = profile_id()
    assert profile_problems(bag) == [
        f"BagIt profile {ident}: Existing tag file 'notes.txt' is not listed in Tag-Files-Allowed.",
        f"BagIt profile {ident}: a payload file the profile requires is missing: data/mets.xml",
        f"BagIt profile {ident}: a payload file the profile does not allow: data/stray.txt"]


def test_a_bag_that_declares_no_profile(issue, tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "x.pdf").write_bytes(b"%PDF")
    bag = make_bag(staging, {"Bagging-Date": "2024-03-01"}, tmp_path / "archive")
    assert bag_profile_problems(bag) == ([f"bag-info.txt names no BagIt-Profile-Identifier: a bag of horizons-pub "
                                          f"conforms to its BagIt profile {profile_id()}"],
                                         "BagIt profile: none declared")


def _pdf(path: Path, pages: int, first: int | None) -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if first is not None:
        pdf.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name.D, St=first)])
    pdf.save(path)
    return path


def test_an_article_pdf_pages_must_be_a_run_of_the_issue(tmp_path):
    issue_folios = [None, 2, 3, 4, 5, 6, 7, 8]
    good = check_article_pages(_pdf(tmp_path / "a.pdf", 3, 4), "data/articles/a.pdf", issue_folios, None)
    assert (good.verdict, good.problems) == ("passed", [])
    assert good.summary.endswith(": passed (pages 4-6)")
    past = check_article_pages(_pdf(tmp_path / "b.pdf", 3, 7), "data/articles/b.pdf", issue_folios, None)
    assert past.problems == ["print.page-labels: its pages (7, 8, 9) are not a run of the archival PDF's pages"]
    none = check_article_pages(_pdf(tmp_path / "c.pdf", 1, None), "data/articles/c.pdf", issue_folios, None)
    assert none.problems == ["print.page-labels: the article's PDF has no page labels (or does not open)"]
    xml = tmp_path / "a.xml"
    xml.write_text("<article><front><article-meta><fpage>4</fpage><lpage>7</lpage></article-meta></front>"
                   "</article>", encoding="utf-8")
    other = check_article_pages(tmp_path / "a.pdf", "data/articles/a.pdf", issue_folios, xml)
    assert other.problems == ["print.page-labels: its pages (4, 5, 6) are not the JATS's fpage 4 and lpage 7"]


def test_the_figures_a_jats_names_must_be_beside_it(tmp_path):
    xml = tmp_path / "a.xml"
    data = (b'<article xmlns:xlink="http://www.w3.org/1999/xlink"><body><fig><graphic xlink:href="a-1.jpg"/>'
            b'</fig><fig><graphic xlink:href="a-2.png"/></fig><graphic xlink:href="https://example.org/x.png"/>'
            b'<graphic xlink:href="../../bagit.txt"/></body></article>')
    xml.write_bytes(data)
    (tmp_path / "a-1.jpg").write_bytes(b"\xff\xd8")
    assert missing_figures(xml, data) == ["a-2.png", "../../bagit.txt"]


def test_verapdf_batch_output_is_read_per_pdf():
    jobs = [(Path("a.pdf"), ("3a", "ua1")), (Path("b.pdf"), ("ua1",)), (Path("c.pdf"), ("ua1",))]
    stdout = "\n".join([
        "PDF\t0", "RESULT\t3a\t3a\ttrue\t1200", "RESULT\tua1\tua1\ttrue\t300",
        "PDF\t1", "RESULT\tua1\tua1\tfalse\t250",
        "FAILED\tua1\tISO 14289-1:2014\t7.1\t3\tContent shall be tagged\troot/doc[0]/page[0]\tnull",
        "PDF\t2", "ERROR\t2\tInvalidPasswordException: encrypted"])
    a, b, c = _parse(stdout, jobs)
    assert {f: (r.compliant, r.assertions) for f, r in a.items()} == {"3a": (True, 1200), "ua1": (True, 300)}
    assert b["ua1"].failed_rules() == {"ISO 14289-1:2014 7.1-3: Content shall be tagged": 1}
    assert b["ua1"].failures[0].error == ""
    assert c == "veraPDF could not read the PDF: InvalidPasswordException: encrypted"
