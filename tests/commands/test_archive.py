"""The archive (``horizons-pub archive``) and its check (``horizons-pub verify``), on real bags, with the real
validators (veraPDF, EPUBCheck, DAISY Ace when installed), run as a user runs them (child processes).

- issue 38, bagged from the session's build of it: every validator passes; what the bag holds and says;
- a test issue with a CMYK JPEG in an article, which the screen PDF passes through: veraPDF's PDF/A-3a
  fails it (ISO 19005-3 6.2.4.3-3), so ``archive`` refuses it, ``--allow-unvalidated`` bags it and says so,
  and ``verify`` fails that bag naming the rule;
- issue 38's screen PDF broken after the build (its /OutputIntents removed): refused (6.2.4.3-2), and a bag
  whose archival PDF, source and print master were changed afterwards: ``verify`` says every problem at once;
- validators not installed: "not run", refused unless ``--allow-missing`` names them, recorded then;
- a placeholder of the ``new`` template: refused, at its line;
- two archives made with SOURCE_DATE_EPOCH, from copies of the source in two folders, are byte-identical.

Every test archives or verifies (Java, and Chromium for Ace): all are ``slow`` and ``tools``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import bagit
import pikepdf
import pypdfium2
import pytest
from helpers import article, write_issue
from helpers.outputs import HP38, ROOT, as_if_built, pdftotext_pages
from lxml import etree

from horizons_pub.commands.archive.preflight import archival_pdf_problems
from horizons_pub.commands.check import verapdf
from horizons_pub.commands.check.ace import find_ace, find_chromium
from horizons_pub.commands.verify.bagit_check import bag_problems

pytestmark = [pytest.mark.slow, pytest.mark.tools]

DC = "http://purl.org/dc/elements/1.1/"
MARCREL = "http://id.loc.gov/vocabulary/relators/"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
EPOCH_DATE = "2023-11-14"
STEM = "horizons-publics-38"

#: The editorial's first sentence, with its French spacing: U+202F after «.
EDITO_FIRST_SENTENCE = ("«\u202fLa numérisation prend la forme d’une “privatisation numérique” parfois insidieuse "
                        "qui ne dit pas son nom.")

MEDIA_TYPES = {".pdf": "application/pdf", ".epub": "application/epub+zip", ".md": "text/markdown",
               ".yaml": "application/yaml", ".xml": "application/xml", ".json": "application/json",
               ".html": "text/html", ".js": mimetypes.MimeTypes(filenames=()).guess_type("x.js")[0], ".css": "text/css", ".png": "image/png",
               ".jpg": "image/jpeg"}
#: What stands in for a validator that is not installed: veraPDF without its JAXB jars, an ACE_CLI that is no program.
NO_VERAPDF = {"VERAPDF_JAXB_CLASSPATH": "/nonexistent/jaxb-runtime.jar"}
NO_ACE = {"ACE_CLI": "/nonexistent/ace-cli"}


def ace_here() -> bool:
    """DAISY Ace can run from the checkout (build/.tools/ace, ACE_CLI or the PATH, and chromium)."""
    return find_ace(ROOT) is not None and find_chromium() is not None


#: Without Ace here, the bags of these tests are made without it, said so (--allow-missing ace).
ACE_FLAGS = [] if ace_here() else ["--allow-missing", "ace"]
needs_ace = pytest.mark.skipif(not ace_here(), reason="DAISY Ace is not installed (scripts/install-validators.sh)")


def _env(epoch: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a run: the tests' own, with SOURCE_DATE_EPOCH exactly as asked (unset by default)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return {**env, **extra}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "horizons_pub", *args], capture_output=True, text=True,
                          env=env or _env(), cwd=ROOT, timeout=1200)


def archive_cmd(issue_dir: Path, out: Path, *flags: str) -> list[str]:
    return [sys.executable, "-m", "horizons_pub", "archive", str(issue_dir), "--out", str(out), *flags]


def errors(stderr: str, code: str) -> list[tuple[Path, str]]:
    """The diagnostics ``FILE: error|warning: message [code]`` of one code: (file, message)."""
    found = re.finditer(rf"^(.+?): (?:error|warning): (.*) \[{re.escape(code)}\]$", stderr, re.MULTILINE)
    return [(Path(m.group(1)) if Path(m.group(1)).is_absolute() else ROOT / m.group(1), m.group(2)) for m in found]


@dataclass(frozen=True)
class Archived:
    out: Path  # the --out folder
    folder: Path  # out/<issue>: the built outputs
    bag: Path  # out/<issue>/archive
    proc: subprocess.CompletedProcess | None = None

    def data(self, name: str) -> Path:
        return self.bag / "data" / name

    @property
    def info(self) -> dict:
        return bagit.Bag(str(self.bag)).info

    @property
    def manifest(self) -> dict:
        return json.loads(self.data("metadata/manifest.json").read_text(encoding="utf-8"))

    def record(self, path: str) -> dict:
        return next(r for r in self.manifest["files"] if r["path"] == f"data/{path}")


def _archived(out: Path, issue_id: str, proc: subprocess.CompletedProcess) -> Archived:
    assert proc.returncode == 0, proc.stderr
    return Archived(out, out / issue_id, out / issue_id / "archive", proc)


def copy_build(folder: Path, out: Path) -> Path:
    """A build folder (its stamp too: the build is up to date there), without its bag, copied into ``out``."""
    shutil.copytree(folder, out / folder.name, ignore=shutil.ignore_patterns("archive"))
    return out / folder.name


@pytest.fixture(scope="module")
def archived(hp38, tmp_path_factory) -> Archived:
    """Issue 38 bagged as a user does it, from the session's build of it (up to date: not built again)."""
    out = tmp_path_factory.mktemp("archive")
    copy_build(hp38.folder, out)
    return _archived(out, "hp-38", subprocess.run(archive_cmd(HP38, out, *ACE_FLAGS), capture_output=True,
                                                  text=True, env=_env(), cwd=ROOT))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


#: issue 38's articles for the platforms (render/platforms.py: every article of the flatplan), in page order
ARTICLES = ["edito", "laurent", "idealco", "budget-vert", "agent-public", "copenhague", "tibloux", "dossier", "mabi",
            "grenoble", "nec", "lheriteau", "girard-chanudet", "rennes", "marchandise", "soriano", "lille",
            "hauts-de-france", "territoires", "datacenter", "revue-de-web"]


def article_files() -> set[str]:
    return {f"articles/{a}.{ext}" for a in ARTICLES for ext in ("pdf", "xml")}


def source_files() -> dict[str, bytes]:
    """The issue's source as the archive must carry it: issue.yaml, the articles, the images (path → bytes)."""
    files = [HP38 / "issue.yaml", *sorted((HP38 / "articles").glob("*.md"))]
    files += sorted(p for p in (HP38 / "images").rglob("*") if p.is_file() and not p.name.startswith("."))
    return {f"source/hp-38/{p.relative_to(HP38).as_posix()}": p.read_bytes() for p in files}


# -- issue 38: archive, then verify ---------------------------------------------------------------------------


def test_archive_then_verify_says_valid(archived):
    proc = run("verify", str(archived.bag), *ACE_FLAGS)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    if ace_here():
        assert lines[-1] == f"{archived.bag}: valid"
        assert proc.stderr == ""
    else:  # accepted by --allow-missing, and said
        assert lines[-1] == f"{archived.bag}: valid (not verified by DAISY Ace: not installed)"
    said = "\n".join(lines)
    for what in ("BagIt 1.0: ", "every checksum as listed, none missing, none added",
                 f"{STEM}.pdf: veraPDF ", "PDF/A-3a passed", "PDF/UA-1 passed", f"{STEM}.epub: EPUBCheck ",
                 f"{STEM}-print.pdf: horizons-pub ", "preflight of the print master"):
        assert what in said, what
    ace = [line for line in lines if "DAISY Ace" in line and line.lstrip().startswith(("passed: ", "not run: "))]
    assert len(ace) == 1 and ace[0].lstrip().startswith("passed: " if ace_here() else "not run: "), ace


def test_archive_says_each_validation(archived):
    lines = archived.proc.stdout.splitlines()
    unvalidated = "" if ace_here() else " (UNVALIDATED: see its bag-info.txt)"  # --allow-missing ace, said
    assert lines[0] == f"{HP38.relative_to(ROOT)} → {archived.bag}{unvalidated}"
    verdicts = {line.split()[0] for line in lines[1:]}
    assert verdicts == ({"passed"} if ace_here() else {"passed", "not"})


def test_the_bag_holds_the_editions_the_print_master_the_source_and_the_reports(archived):
    data = archived.bag / "data"
    names = set(tree(data))
    reports = {n for n in names if n.startswith("reports/")}
    assert names - reports == {f"{STEM}.pdf", f"{STEM}-print.pdf", f"{STEM}-print-cover.pdf", f"{STEM}.epub",
                               "metadata/dublin-core.xml", "metadata/manifest.json", "metadata/bagit-profile.json",
                               "mets.xml", f"records/{STEM}-onix.xml", *article_files(), *source_files()}
    assert {"reports/verapdf.json", "reports/epubcheck.json"} <= reports
    assert {f"reports/articles/{a}-verapdf.json" for a in ARTICLES} <= reports
    assert ({"reports/ace/report.json", "reports/ace/report.html"} <= reports) == ace_here()
    # the archival PDF is the screen PDF, the print master the print PDF, as built
    assert archived.data(f"{STEM}.pdf").read_bytes() == (archived.folder / f"{STEM}-screen.pdf").read_bytes()
    assert archived.data(f"{STEM}-print.pdf").read_bytes() == (archived.folder / f"{STEM}-print.pdf").read_bytes()
    cover = f"{STEM}-print-cover.pdf"
    assert archived.data(cover).read_bytes() == (archived.folder / cover).read_bytes()
    for rel, content in source_files().items():
        assert (data / rel).read_bytes() == content, rel
    # nothing left over from the staging folder
    assert sorted(p.name for p in archived.folder.iterdir()) == [
        ".cache", "archive", "articles", f"{STEM}-onix.xml", f"{STEM}-print-cover.pdf", f"{STEM}-print.pdf",
        f"{STEM}-screen.pdf", f"{STEM}.epub", "layout.json"]


# -- what the bag says ------------------------------------------------------------------------------------------


def test_the_archival_pdf_is_called_pdfa_and_pdfua_because_verapdf_passed_it(archived):
    record = archived.record(f"{STEM}.pdf")
    report = json.loads(archived.data("reports/verapdf.json").read_text(encoding="utf-8"))
    assert report["file"] == f"data/{STEM}.pdf"
    assert [(p["profile"], p["compliant"], p["failures"]) for p in report["profiles"]] == [
        ("PDF/A-3a", True, []), ("PDF/UA-1", True, [])]
    assert all(p["checks"] > 1000 for p in report["profiles"])
    assert record["role"].startswith(f"archival PDF: PDF/A-3a, PDF/UA-1 (validated by veraPDF {report['version']} ")
    assert record["conforms_to"] == ["PDF/A-3a", "PDF/UA-1"]
    validation = next(v for v in archived.manifest["validation"] if v["tool"] == "verapdf")
    assert (validation["verdict"], validation["version"], validation["reports"]) == (
        "passed", report["version"], ["data/reports/verapdf.json"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", report["version"])


def test_the_print_master_is_said_as_made_not_validated(archived):
    record = archived.record(f"{STEM}-print.pdf")
    assert record["role"].startswith("print master: PDF/X-4 as made by the build")
    assert "not validated as PDF/X" in record["role"]
    assert record["conforms_to"] == [] and record["trim_mm"] == [180.0, 260.0]
    cover = archived.record(f"{STEM}-print-cover.pdf")  # the cover board: back cover, a 5.8 mm spine, front cover
    assert cover["role"].startswith("print master, cover") and cover["trim_mm"] == [365.8, 260.0]
    preflight = next(v for v in archived.manifest["validation"]
                     if v["tool"] == "horizons-pub" and v["file"] == f"data/{STEM}-print-cover.pdf")
    assert preflight["verdict"] == "passed"


def test_every_validator_its_version_and_its_verdict_are_recorded(archived):
    validations = {(v["tool"], v["file"]): v for v in archived.manifest["validation"]}
    epub = f"data/{STEM}.epub"
    assert validations[("epubcheck", epub)]["verdict"] == "passed"
    assert validations[("epubcheck", epub)]["version"] == json.loads(
        archived.data("reports/epubcheck.json").read_text(encoding="utf-8"))["checker"]["checkerVersion"]
    assert validations[("ace", epub)]["verdict"] == ("passed" if ace_here() else "not run")
    lines = archived.info["Validation"]
    # the print master's cover is preflighted too; each article's PDF (veraPDF, its pages) and XML; the ONIX; METS
    assert len(lines) == len(validations) == 7 + 3 * len(ARTICLES) + 2
    assert all(line.startswith("passed: ") for line in lines if "DAISY Ace" not in line)
    assert ("Bagged-Unvalidated" in archived.info) == (not ace_here())


def test_the_reports_are_listed_with_their_role(archived):
    records = {r["path"]: r for r in archived.manifest["files"]}
    reports = {p for p in records if p.startswith("data/reports/")}
    assert reports == {f"data/{p}" for p in tree(archived.bag / "data") if p.startswith("reports/")}
    assert records["data/reports/verapdf.json"]["role"].startswith("validation report: veraPDF ")
    assert records["data/reports/verapdf.json"]["role"].endswith(f" on data/{STEM}.pdf")


def _opf(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/content.opf"))


def _claims(epub: Path) -> dict[str, list[str]]:
    opf = _opf(epub)
    return {prop: [el.text or el.get("href") for el in opf.xpath(
        "//opf:meta[@property=$p] | //opf:link[@rel=$p]", namespaces=OPF, p=prop)]
        for prop in ("dcterms:conformsTo", "a11y:certifiedBy", "a11y:certifierReport")}


@needs_ace
def test_the_epub_claims_conformance_from_the_passing_ace_run_whose_report_it_names(archived):
    report = json.loads(archived.data("reports/ace/report.json").read_text(encoding="utf-8"))
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert report["dct:date"] == dt.date.today().isoformat()  # the bag's date, not Ace's clock
    html = archived.record("reports/ace/report.html")
    claims = _claims(archived.data(f"{STEM}.epub"))
    assert claims == {"dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"],
                      "a11y:certifiedBy": ["Berger-Levrault"], "a11y:certifierReport": [html["identifier"]]}
    assert html["identifier"].startswith("urn:uuid:")
    role = archived.record(f"{STEM}.epub")["role"]
    assert role.startswith("EPUB 3 (e-reader edition), valid for EPUBCheck ")
    assert "declared from a passing DAISY Ace 1.4" in role
    # the build's EPUB claims nothing; only the bag's carries the claim
    assert _claims(archived.folder / f"{STEM}.epub") == {
        "dcterms:conformsTo": [], "a11y:certifiedBy": [], "a11y:certifierReport": []}


def test_bag_info_dates(archived):
    info = archived.info
    assert info["Bagging-Date"] == dt.date.today().isoformat()  # the day the bag was made (no SOURCE_DATE_EPOCH)
    assert info["Issue-Date"] == "2024-03-01"
    assert "Source-Date" not in info
    assert info["External-Identifier"].startswith(("urn:uuid:", "urn:isbn:"))
    assert info["Source-Organization"] == "Berger-Levrault"


def test_the_manifests_hash_every_file(archived):
    payload = {f"data/{rel}" for rel in tree(archived.bag / "data")}
    for algorithm, hasher in (("sha256", hashlib.sha256), ("sha512", hashlib.sha512)):
        lines = (archived.bag / f"manifest-{algorithm}.txt").read_text(encoding="utf-8").splitlines()
        entries = dict(reversed(line.split("  ", 1)) for line in lines)
        assert set(entries) == payload
        for path, digest in entries.items():
            assert hasher((archived.bag / path).read_bytes()).hexdigest() == digest, path
        assert (archived.bag / f"tagmanifest-{algorithm}.txt").is_file()


def test_manifest_json_describes_every_payload_file(archived):
    manifest = archived.manifest
    records = {r["path"]: r for r in manifest["files"]}
    assert len(records) == len(manifest["files"]), "a file listed twice"
    # every payload file but the manifest itself, which cannot hold its own checksum
    assert set(records) == {f"data/{rel}" for rel in tree(archived.bag / "data")} - {"data/metadata/manifest.json"}
    for path, record in records.items():
        content = (archived.bag / path).read_bytes()
        assert record["size"] == len(content), path
        assert record["sha256"] == hashlib.sha256(content).hexdigest(), path
        assert record["media_type"] == MEDIA_TYPES[Path(path).suffix], path
        assert record["role"], path
    assert records["data/metadata/dublin-core.xml"]["role"].startswith("descriptive metadata")
    assert {p for p, r in records.items() if r["role"] == "source"} == {f"data/{p}" for p in source_files()}
    assert manifest["bagged"] == {"date": dt.date.today().isoformat(),
                                  "unvalidated": [] if ace_here() else manifest["bagged"]["unvalidated"]}


def test_manifest_json_names_the_versions_and_the_issue(archived):
    from horizons_pub import __version__

    manifest = archived.manifest
    built = manifest["built_with"]
    assert built["horizons-pub"] == __version__
    assert built["weasyprint"] == version("weasyprint")
    assert built["ebooklib"] == version("ebooklib")
    assert built["pikepdf"] == version("pikepdf")
    assert manifest["issue"]["number"] == 38
    assert manifest["issue"]["date"] == "2024-03-01"
    assert manifest["issue"]["identifier"] == archived.info["External-Identifier"]


@pytest.fixture(scope="module")
def issue():
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.support.diagnostics import Reporter

    loaded = load_issue(HP38, Reporter(echo=False))
    assert loaded is not None
    return loaded


def test_dublin_core_describes_the_issue(archived, issue):
    from horizons_pub.model.identity import MARC_ROLES

    root = etree.parse(str(archived.data("metadata/dublin-core.xml"))).getroot()

    def texts(name: str, ns: str = DC) -> list[str]:
        return [el.text for el in root.iterfind(f"{{{ns}}}{name}")]

    assert texts("title") == ["Horizons publics n° 38 – Quel(s) numérique(s) pour l’action publique\u202f?"]
    assert archived.info["External-Identifier"] in texts("identifier")
    assert texts("creator") == [issue.editor_in_chief] == ["Julien Nessi"]
    assert texts("publisher") == ["Berger-Levrault"]
    assert texts("date") == ["2024-03-01"]
    assert texts("language") == ["fr"]
    assert texts("rights") == [issue.rights] and issue.rights
    people = {p.name for a in issue.articles for p in a.people}
    contributors = texts("contributor")
    assert len(contributors) == len(set(contributors))
    assert set(contributors) == people
    relators = [(el.tag.split("}")[1], el.text) for el in root if el.tag.startswith(f"{{{MARCREL}}}")]
    assert ("edt", issue.editor_in_chief) in relators
    for article_ in issue.articles:
        for person in article_.people:
            assert (MARC_ROLES[person.role], person.name) in relators, (article_.id, person.name)
    assert {code for code, _ in relators} <= {"edt", *MARC_ROLES.values()}
    assert {name for _, name in relators} == people | {issue.editor_in_chief}
    rubrics = {issue.rubric(a.rubric).title for a in issue.articles if a.rubric}
    assert rubrics and rubrics <= set(texts("subject"))
    assert "Cartoscopie" in rubrics and "L’actualité vue par…" in rubrics


# -- the archival PDF ----------------------------------------------------------------------------------------


def test_archival_pdf_identifies_as_pdfa_3a_and_pdfua_1(archived):
    with pikepdf.open(archived.data(f"{STEM}.pdf")) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
        assert meta.get("pdfuaid:part") == "1"
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "fr"


def test_archival_pdf_has_an_srgb_output_intent(archived):
    with pikepdf.open(archived.data(f"{STEM}.pdf")) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert profile.N == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "  # an ICC profile, of an RGB space
        assert b"sRGB" in icc


def test_archival_pdf_carries_its_source(archived):
    expected = source_files()
    with pikepdf.open(archived.data(f"{STEM}.pdf")) as pdf:
        af = list(pdf.Root.AF)
        assert len({spec.objgen for spec in af}) == len(af), "a file listed twice in /AF"
        assert {str(spec.UF) for spec in af} == set(expected)
        assert all(spec.AFRelationship == "/Source" for spec in af)
        attachments = pdf.attachments
        assert set(attachments) == set(expected)
        for name, content in expected.items():
            stream = attachments[name].get_file()
            assert stream.read_bytes() == content, name
            assert stream.mime_type == MEDIA_TYPES[Path(name).suffix], name


def test_archival_pdf_text_keeps_the_narrow_no_break_space(archived):
    """PDFium reads the text as the PDF maps it to Unicode: U+202F after «, as in the source."""
    pdf = pypdfium2.PdfDocument(archived.data(f"{STEM}.pdf"))
    try:
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert EDITO_FIRST_SENTENCE in text.replace("\r\n", " ")


def test_pdftotext_reads_the_editorial_first_sentence(archived):
    """Poppler's pdftotext counts U+202F (and U+00A0) as white space (UnicodeIsWhitespace in
    poppler/UTF.cc): it breaks words there and writes a plain space.  So pdftotext shows U+0020
    after « although the PDF maps that glyph to U+202F (see the PDFium test above)."""
    text = "\n".join(pdftotext_pages(archived.data(f"{STEM}.pdf")))
    flat = re.sub(r"[ \t\r\n]+", " ", text)
    assert EDITO_FIRST_SENTENCE.replace("\u202f", " ") in flat
    start = text.index("La numérisation prend")
    assert text[start - 2:start] == "« "  # U+0020, poppler's rendering of U+202F


def _drop_xmp(*keys: str):
    def change(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key in keys:
                del meta[key]
    return change


def _drop_root(key: str):
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.Root[key]
    return change


BROKEN_PDFS = {
    "no PDF/A identification": (_drop_xmp("pdfaid:part", "pdfaid:conformance"),
                                ["screen.pdfa-pdfua: no PDF/A-3a identification in the XMP metadata "
                                 "(pdfaid:part None, pdfaid:conformance None)"]),
    "no PDF/UA identification": (_drop_xmp("pdfuaid:part"),
                                 ["screen.pdfa-pdfua: no PDF/UA-1 identification in the XMP metadata "
                                  "(pdfuaid:part None)"]),
    "no output intent": (_drop_root("/OutputIntents"),
                         ["screen.output-intent: expected one PDF/A output intent (GTS_PDFA1), found 0"]),
    "no structure tree": (_drop_root("/StructTreeRoot"),
                          ["screen.tagged: no structure tree (/StructTreeRoot): the PDF is not tagged"]),
    "no associated files": (_drop_root("/AF"),
                            ["screen.sources: the source files are not attached (no /AF with relationship "
                             "Source)"]),
}


def test_the_claims_check_accepts_the_archival_pdf(archived):
    assert archival_pdf_problems(archived.data(f"{STEM}.pdf")) == []


@pytest.mark.parametrize("case", list(BROKEN_PDFS))
def test_the_claims_check_names_what_is_missing(archived, tmp_path, case):
    change, expected = BROKEN_PDFS[case]
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(archived.data(f"{STEM}.pdf")) as pdf:
        change(pdf)
        pdf.save(broken)
    assert archival_pdf_problems(broken) == expected


def test_the_claims_check_on_a_file_that_is_no_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a PDF at all")
    problems = archival_pdf_problems(path)
    assert len(problems) == 1 and " does not open: " in problems[0], problems


# -- verify finds what changed, all of it at once ---------------------------------------------------------------

PDF = f"data/{STEM}.pdf"
PRINT = f"data/{STEM}-print.pdf"
EDITO = "data/source/hp-38/articles/edito.md"
ADDED = "data/source/hp-38/articles/ajout.md"


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _resave(path: Path, change) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)


def _drop_trim_box(pdf: pikepdf.Pdf, index: int = 3) -> None:
    del pdf.pages[index].obj["/TrimBox"]


TAMPERINGS = {
    "a byte of the PDF flipped": (PDF, lambda bag: _flip(bag / PDF, len((bag / PDF).read_bytes()) // 2)),
    "a byte of a source file flipped": (EDITO, lambda bag: _flip(bag / EDITO, 100)),
    "a file added": (ADDED, lambda bag: (bag / ADDED).write_text("# ajout\n", encoding="utf-8")),
    "a file removed": (EDITO, lambda bag: (bag / EDITO).unlink()),
}


@pytest.mark.parametrize("how", list(TAMPERINGS))
def test_the_bagit_check_names_the_changed_file(archived, tmp_path, how):
    bag = tmp_path / "bag"
    shutil.copytree(archived.bag, bag)
    rel, change = TAMPERINGS[how]
    change(bag)
    problems, _ = bag_problems(bag)
    assert [file for file, _ in problems] == [str(bag / rel)]


@pytest.fixture(scope="module")
def tampered(archived, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Issue 38's bag, then: the archival PDF without /OutputIntents, a page of the print master without
    TrimBox, the editorial changed, a file added; verified once."""
    bag = tmp_path_factory.mktemp("tampered") / "archive"
    shutil.copytree(archived.bag, bag)
    _resave(bag / PDF, _drop_root("/OutputIntents"))
    _resave(bag / PRINT, _drop_trim_box)
    _flip(bag / EDITO, 100)
    (bag / ADDED).write_text("# ajout\n", encoding="utf-8")
    return bag, run("verify", str(bag), *ACE_FLAGS)


def test_verify_says_every_problem_at_once_each_with_its_file(tampered):
    bag, proc = tampered
    assert proc.returncode == 1
    assert f"{bag}: valid" not in proc.stdout
    named = errors(proc.stderr, "archive.invalid")
    said = {(file, what) for file, what in named}
    assert (bag / EDITO, "sha256 and sha512 checksums differ: the file changed") in said
    assert (bag / ADDED, "not listed in the manifest (an added file)") in said
    assert (bag / PDF, "sha256 and sha512 checksums differ: the file changed") in said
    assert (bag / PRINT, "sha256 and sha512 checksums differ: the file changed") in said
    # the validators ran on the changed files too: veraPDF names its rule, the claims check what is missing
    on_pdf = [what for file, what in named if file == bag / PDF]
    assert any(re.match(r"veraPDF [\d.]+: PDF/A-3a: ISO 19005-3:2012 6\.2\.4\.3-2: DeviceRGB", w) for w in on_pdf), on_pdf
    assert any(w.endswith(": expected one PDF/A output intent (GTS_PDFA1), found 0") for w in on_pdf), on_pdf
    on_print = [what for file, what in named if file == bag / PRINT]
    assert any(w.endswith("print.boxes: no TrimBox: page 4") for w in on_print), on_print
    assert f"{bag}: NOT valid ({len(named)} problem(s))" in proc.stderr


# -- a CMYK JPEG: veraPDF fails the archival PDF ------------------------------------------------------------------


def cmyk_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 120, 200, 10)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def cmyk_build(tmp_path_factory) -> tuple[Path, Path]:
    """A small issue whose article shows a CMYK JPEG, built, then its screen PDF given a device CMYK colour
    on its first page (the build itself converts the photo to sRGB, so veraPDF passes what it makes):
    (its folder, the build folder)."""
    folder = write_issue(tmp_path_factory.mktemp("cmyk-source"),
                         {"a": article("Un texte.\n\n![Un carré bleu](images/carre.jpg)\n\nUn autre paragraphe.\n")},
                         images={"images/carre.jpg": cmyk_jpeg()}, name="hp-cmyk")
    out = tmp_path_factory.mktemp("cmyk-build")
    proc = run("build", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    screen = out / "hp-cmyk" / "horizons-publics-99-screen.pdf"
    with pikepdf.open(screen, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        page.obj.Contents = pdf.make_stream(b"0.1 0.2 0.3 0.4 k\n" + page.obj.Contents.read_bytes())
        pdf.save(screen)
    as_if_built(out / "hp-cmyk")
    return folder, out / "hp-cmyk"


def _archive_from(build: tuple[Path, Path], out: Path, *flags: str, env: dict | None = None):
    folder, built = build
    copy_build(built, out)
    return subprocess.run(archive_cmd(folder, out, *flags), capture_output=True, text=True, env=env or _env(),
                          cwd=ROOT)


CMYK_PDF = "horizons-publics-99.pdf"
RULE_CMYK = re.compile(r"veraPDF [\d.]+: PDF/A-3a: ISO 19005-3:2012 6\.2\.4\.3-3: DeviceCMYK shall only be used")


@pytest.fixture(scope="module")
def cmyk_refused(cmyk_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("cmyk-refused")
    return out, _archive_from(cmyk_build, out, *ACE_FLAGS)


def test_archive_refuses_an_issue_veraPDF_fails(cmyk_refused, cmyk_build):
    out, proc = cmyk_refused
    assert proc.returncode == 1
    failed = errors(proc.stderr, "archive.validation-failed")
    assert [file for file, _ in failed] == [out / "hp-cmyk" / "horizons-publics-99-screen.pdf"]
    assert RULE_CMYK.match(failed[0][1]), failed
    assert "archive not made (1 reason(s)" in proc.stderr
    assert not (out / "hp-cmyk" / "archive").exists()
    assert not [p for p in (out / "hp-cmyk").iterdir() if p.name.startswith(".hp-")]  # no staging left


@pytest.fixture(scope="module")
def cmyk_bagged(cmyk_build, tmp_path_factory) -> Archived:
    out = tmp_path_factory.mktemp("cmyk-bagged")
    return _archived(out, "hp-cmyk", _archive_from(cmyk_build, out, "--allow-unvalidated", *ACE_FLAGS))


def test_allow_unvalidated_bags_it_and_says_so(cmyk_bagged):
    warned = errors(cmyk_bagged.proc.stderr, "archive.unvalidated")
    assert [w for _, w in warned if w.startswith("veraPDF")], cmyk_bagged.proc.stderr
    assert "(UNVALIDATED: see its bag-info.txt)" in cmyk_bagged.proc.stdout
    unvalidated = cmyk_bagged.info["Bagged-Unvalidated"]
    unvalidated = [unvalidated] if isinstance(unvalidated, str) else unvalidated
    line = next(u for u in unvalidated if "veraPDF" in u)
    assert line.startswith(f"data/{CMYK_PDF}: veraPDF ") and "6.2.4.3-3" in line
    assert line.endswith("; bagged with --allow-unvalidated")
    assert cmyk_bagged.manifest["bagged"]["unvalidated"] == unvalidated


def test_the_unvalidated_archival_pdf_is_not_called_pdfa(cmyk_bagged):
    record = cmyk_bagged.record(CMYK_PDF)
    assert record["conforms_to"] == []
    assert record["role"].startswith("archival PDF: made as PDF/A-3a and PDF/UA-1, NOT verified: veraPDF ")
    assert "6.2.4.3-3" in record["not_verified"]
    report = json.loads(cmyk_bagged.data("reports/verapdf.json").read_text(encoding="utf-8"))
    pdfa = report["profiles"][0]
    assert (pdfa["profile"], pdfa["compliant"]) == ("PDF/A-3a", False)
    assert {(f["clause"], f["test"]) for f in pdfa["failures"]} == {("6.2.4.3", 3)}


def test_verify_fails_the_bag_and_names_the_rule(cmyk_bagged):
    proc = run("verify", str(cmyk_bagged.bag), *ACE_FLAGS)
    assert proc.returncode == 1
    named = errors(proc.stderr, "archive.invalid")
    assert [file for file, _ in named] == [cmyk_bagged.data(CMYK_PDF)]
    assert RULE_CMYK.match(named[0][1]), named
    assert f"{cmyk_bagged.bag}: NOT valid (1 problem(s))" in proc.stderr


# -- a screen PDF broken after the build ------------------------------------------------------------------------


def test_archive_refuses_a_screen_pdf_broken_after_the_build(archived, tmp_path):
    """A screen PDF without /OutputIntents that the stamp records as built so: archive takes it and refuses it."""
    built = copy_build(archived.folder, tmp_path)
    _resave(built / f"{STEM}-screen.pdf", _drop_root("/OutputIntents"))
    as_if_built(built)
    proc = subprocess.run(archive_cmd(HP38, tmp_path, *ACE_FLAGS), capture_output=True, text=True, env=_env(),
                          cwd=ROOT)
    assert proc.returncode == 1, proc.stdout
    failed = errors(proc.stderr, "archive.validation-failed")
    assert {file for file, _ in failed} == {built / f"{STEM}-screen.pdf"}
    messages = [what for _, what in failed]
    assert any(re.match(r"veraPDF [\d.]+: PDF/A-3a: ISO 19005-3:2012 6\.2\.4\.3-2: ", w) for w in messages), messages
    assert any(w.endswith(": expected one PDF/A output intent (GTS_PDFA1), found 0") for w in messages), messages
    assert not (built / "archive").exists()


# -- validators not installed --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def without_validators(cmyk_build, tmp_path_factory):
    """The CMYK issue archived with neither veraPDF nor DAISY Ace: refused, then bagged with --allow-missing."""
    env = _env(**NO_VERAPDF, **NO_ACE)
    refused_out = tmp_path_factory.mktemp("missing-refused")
    refused = _archive_from(cmyk_build, refused_out, env=env)
    bagged_out = tmp_path_factory.mktemp("missing-bagged")
    bagged = _archive_from(cmyk_build, bagged_out, "--allow-missing", "verapdf", "--allow-missing", "ace", env=env)
    return refused_out, refused, _archived(bagged_out, "hp-cmyk", bagged), env


def test_archive_refuses_when_a_validator_is_not_installed(without_validators):
    out, proc, _, _ = without_validators
    assert proc.returncode == 1
    not_run = errors(proc.stderr, "archive.not-run")
    assert [(file.name, what.split(" did not run")[0]) for file, what in not_run] == [
        ("horizons-publics-99-screen.pdf", "veraPDF"), ("horizons-publics-99.epub", "DAISY Ace"), ("a.pdf", "veraPDF")]
    assert not_run[2][0] == out / "hp-cmyk" / "articles" / "a.pdf"  # the article's PDF as the build wrote it
    assert not_run[0][1].endswith("; or bag without it: --allow-missing verapdf")
    assert "install it with: " in not_run[0][1]
    assert not (out / "hp-cmyk" / "archive").exists()


def test_allow_missing_bags_it_and_claims_nothing_unverified(without_validators):
    _, _, bagged, _ = without_validators
    unvalidated = bagged.info["Bagged-Unvalidated"]
    assert [u.split(": ", 1)[1].split(" (")[0] for u in unvalidated] == ["veraPDF not run", "DAISY Ace not run",
                                                                          "veraPDF not run"]
    assert unvalidated[2].startswith("data/articles/a.pdf: veraPDF not run (")
    assert unvalidated[0].endswith("; bagged with --allow-missing verapdf")
    assert bagged.record(CMYK_PDF)["conforms_to"] == []
    assert "NOT verified: veraPDF did not run (veraPDF: no JAXB implementation" in bagged.record(CMYK_PDF)["role"]
    epub = bagged.record("horizons-publics-99.epub")
    assert epub["accessibility"] == "not claimed"
    assert "no accessibility conformance claimed: DAISY Ace did not run" in epub["role"]
    assert _claims(bagged.data("horizons-publics-99.epub")) == {
        "dcterms:conformsTo": [], "a11y:certifiedBy": [], "a11y:certifierReport": []}
    validation = {(v["tool"], v["file"]): v["verdict"] for v in bagged.manifest["validation"]
                  if v["tool"] != "horizons-pub"}
    assert validation == {("verapdf", f"data/{CMYK_PDF}"): "not run", ("verapdf", "data/articles/a.pdf"): "not run",
                          ("epubcheck", "data/horizons-publics-99.epub"): "passed",
                          ("ace", "data/horizons-publics-99.epub"): "not run",
                          ("xml-schema", "data/articles/a.xml"): "passed",
                          ("onixcheck", "data/records/horizons-publics-99-onix.xml"): "passed",
                          ("xml-schema", "data/mets.xml"): "passed"}
    article_pdf = bagged.record("articles/a.pdf")
    assert article_pdf["conforms_to"] == [] and article_pdf["role"].startswith(
        "article PDF: made as PDF/UA-1, NOT verified: veraPDF did not run (veraPDF: no JAXB implementation")
    assert not any(p.startswith("reports/ace") for p in tree(bagged.bag / "data"))


def test_verify_says_not_run_and_fails_unless_allowed(without_validators):
    _, _, bagged, env = without_validators
    proc = run("verify", str(bagged.bag), env=env)
    assert proc.returncode == 1
    not_run = errors(proc.stderr, "verify.not-run")
    assert [(f.name, w.split(" not run")[0]) for f, w in not_run] == [(CMYK_PDF, "veraPDF"),
                                                                     ("horizons-publics-99.epub", "DAISY Ace"),
                                                                     ("a.pdf", "veraPDF")]
    assert "not run: " in proc.stdout
    allowed = run("verify", str(bagged.bag), "--allow-missing", "verapdf", "--allow-missing", "ace", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert len(errors(allowed.stderr, "verify.unvalidated")) == 3
    assert allowed.stdout.splitlines()[-1] == f"{bagged.bag}: valid (not verified by DAISY Ace, veraPDF: not installed)"


# -- placeholders ------------------------------------------------------------------------------------------------


def test_archive_refuses_an_issue_with_a_placeholder(tmp_path):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre À CHANGER\n---\n\nUn texte.\n\nPar Prénom Nom.\n"
    folder = write_issue(tmp_path / "source", {"a": text}, name="hp-draft")
    out = tmp_path / "out"
    proc = subprocess.run(archive_cmd(folder, out, *ACE_FLAGS), capture_output=True, text=True, env=_env(), cwd=ROOT)
    assert proc.returncode == 1
    found = [(file.name, what.split(" is a placeholder")[0]) for file, what in errors(proc.stderr,
                                                                                      "archive.placeholder")]
    assert found == [("a.md:4", "« À CHANGER »"), ("a.md:9", "« Prénom Nom »")]
    assert "(an issue is not archived with a placeholder left)" in proc.stderr
    assert "[source.placeholder]" not in proc.stderr  # said once, as the archive's error
    assert not (out / "hp-draft" / "archive").exists()
    assert (out / "hp-draft" / "horizons-publics-99.epub").is_file()  # the build itself went through


# -- reproducibility -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> tuple[Archived, Archived]:
    """Two archives with SOURCE_DATE_EPOCH of the same source, copied into two different folders, built and
    bagged into two different --out folders, in parallel."""
    started = []
    for side, sub in (("a", "x"), ("b", "y")):
        tmp = tmp_path_factory.mktemp(f"twin-{side}")
        issue_dir = tmp / sub / "hp-38"
        shutil.copytree(HP38, issue_dir)
        out = tmp / f"out-{side}"
        started.append((out, subprocess.Popen(archive_cmd(issue_dir, out, *ACE_FLAGS), stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True, env=_env(EPOCH), cwd=ROOT)))
    made = []
    for out, proc in started:
        stdout, stderr = proc.communicate(timeout=1200)
        made.append(_archived(out, "hp-38", subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)))
    return made[0], made[1]


def test_two_archives_with_source_date_epoch_are_byte_identical(twins):
    a, b = twins
    for name in (f"{STEM}.epub", f"{STEM}-print.pdf", f"{STEM}-screen.pdf"):
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes(), name
    bag_a, bag_b = tree(a.bag), tree(b.bag)
    assert set(bag_a) == set(bag_b)
    assert [name for name in bag_a if bag_a[name] != bag_b[name]] == []
    assert {"data/reports/verapdf.json", "data/reports/epubcheck.json"} <= set(bag_a)


def test_bag_info_dates_follow_source_date_epoch(twins):
    for archive in twins:
        assert archive.info["Bagging-Date"] == EPOCH_DATE
        assert archive.info["Issue-Date"] == "2024-03-01"  # the issue's date, whatever the bag's
        assert archive.manifest["bagged"]["date"] == EPOCH_DATE


@needs_ace
def test_the_conformance_claim_is_dated_by_source_date_epoch(twins):
    summary = _opf(twins[0].data(f"{STEM}.epub")).xpath(
        "//opf:meta[@property='schema:accessibilitySummary']", namespaces=OPF)[0].text
    assert "Le 14 novembre 2023, Berger-Levrault a vérifié cette publication avec DAISY Ace 1.4" in summary


# -- veraPDF on the every-construct issue ------------------------------------------------------------------------


def test_verapdf_on_the_every_construct_issue(constructs):
    """Figures, lists, sidebars, notes, links: the screen PDF of the test issue is PDF/A-3a and PDF/UA-1 too."""
    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)
    reports = verapdf.validate(constructs.screen_pdf, verapdf.PDFA_3A, verapdf.PDFUA_1)
    for flavour, report in reports.items():
        assert report.assertions > 1000 and report.failures == [], (flavour, report.summary())


# -- the platforms' files (issue 17): every article's PDF and XML, the records, METS, the BagIt profile ----------


def test_the_bag_holds_every_article_pdf_and_xml_and_the_onix_as_built(archived):
    for rel in sorted(article_files()):
        assert archived.data(rel).read_bytes() == (archived.folder / rel).read_bytes(), rel
    onix = f"{STEM}-onix.xml"
    assert archived.data(f"records/{onix}").read_bytes() == (archived.folder / onix).read_bytes() or ace_here()
    assert not archived.data(f"records/{STEM}-crossref.xml").exists()  # issue 38 has no DOI prefix


def _jats_pages(path: Path) -> str:
    meta = etree.parse(str(path)).getroot().find(".//article-meta")
    first, last = meta.findtext("fpage"), meta.findtext("lpage")
    return first if first == last else f"{first}-{last}"


def test_each_article_file_is_described_by_what_was_verified_of_it(archived):
    from horizons_pub.render.jats import JATS_SCHEMA

    vera = next(v["validator"] for v in archived.manifest["validation"] if v["tool"] == "verapdf")
    for article_id in ARTICLES:
        pdf, xml = archived.record(f"articles/{article_id}.pdf"), archived.record(f"articles/{article_id}.xml")
        pages = _jats_pages(archived.data(f"articles/{article_id}.xml"))
        said = "page" if "-" not in pages else "pages"
        assert pdf["role"] == (f"article PDF: PDF/UA-1 (validated by {vera} when bagged), cut from the archival PDF's "
                               f"pages; {said} {pages} of the issue (its page labels a run of the archival PDF's, "
                               "checked when bagged)"), article_id
        assert pdf["conforms_to"] == ["PDF/UA-1"] and pdf["media_type"] == "application/pdf"
        assert xml["role"].startswith(f"article XML: JATS 1.3; valid against JATS 1.3 DTD ({JATS_SCHEMA}) "
                                      "(validated by lxml "), xml["role"]
        report = json.loads(archived.data(f"reports/articles/{article_id}-verapdf.json").read_text(encoding="utf-8"))
        assert [(p["profile"], p["compliant"]) for p in report["profiles"]] == [("PDF/UA-1", True)]
        assert report["file"] == f"data/articles/{article_id}.pdf"
    onix = archived.record(f"records/{STEM}-onix.xml")
    assert onix["role"].startswith("record: ONIX 3.0 product records (the EPUB and the print edition; ")
    assert onix["conforms_to"] == ["ONIX 3.0"] and onix["validated_by"].startswith("onixcheck ")
    assert ("conformance as the bag's EPUB declares it" in onix["role"]) == ace_here()


def test_bagit_profile_validates_the_bag_against_the_shipped_profile(archived):
    import bagit_profile

    from horizons_pub.commands.archive.profile import PROFILE_FILE

    rules = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))  # the package's file, never the network
    ident = rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    assert archived.info["BagIt-Profile-Identifier"] == ident
    checker = bagit_profile.Profile(ident, profile=rules)
    assert checker.validate(bagit.Bag(str(archived.bag))), [str(e) for e in checker.report.errors]
    assert archived.data("metadata/bagit-profile.json").read_bytes() == PROFILE_FILE.read_bytes()
    assert archived.record("metadata/bagit-profile.json")["role"].startswith("BagIt profile this bag conforms to")


def test_the_mets_document_validates_and_maps_the_issue_to_its_articles_and_files(archived):
    from horizons_pub.commands.archive.mets import METS, METS_SCHEMA
    from horizons_pub.support.xmlschemas import validate

    data = archived.data("mets.xml").read_bytes()
    assert validate(METS_SCHEMA, data) == []
    ns = {"mets": METS, "xlink": "http://www.w3.org/1999/xlink"}
    root = etree.fromstring(data)
    assert root.get("OBJID") == archived.info["External-Identifier"]
    hrefs = {f.get("ID"): f.find("mets:FLocat", ns).get(f"{{{ns['xlink']}}}href")
             for f in root.iterfind(".//mets:file", ns)}
    payload = set(tree(archived.bag / "data")) - {"mets.xml", "metadata/manifest.json"}
    assert set(hrefs.values()) == payload  # every file but itself and manifest.json (which lists it)
    issue_div = root.find("mets:structMap[@TYPE='logical']/mets:div[@TYPE='issue']", ns)
    editions = [hrefs[p.get("FILEID")] for p in issue_div.iterfind("mets:fptr", ns)]
    assert editions == [f"{STEM}.pdf", f"{STEM}-print.pdf", f"{STEM}-print-cover.pdf", f"{STEM}.epub"]
    divs = issue_div.findall("mets:div[@TYPE='article']", ns)
    assert [[hrefs[p.get("FILEID")] for p in d.iterfind("mets:fptr", ns)] for d in divs] == [
        [f"articles/{a}.pdf", f"articles/{a}.xml"] for a in ARTICLES]
    assert [d.get("ORDERLABEL") for d in divs] == [_jats_pages(archived.data(f"articles/{a}.xml")) for a in ARTICLES]
    dmd = root.find(f".//mets:dmdSec[@ID='{divs[0].get('DMDID')}']//mets:xmlData", ns)
    assert dmd.findtext(f"{{{DC}}}title") == "Pour un numérique public choisi et non plus subi"  # the editorial
    assert archived.record("mets.xml")["role"].startswith("METS document (METS 1.12.1)")


@pytest.fixture(scope="module")
def tampered_platforms(archived, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict[str, int]]:
    """Issue 38's bag, then: an article's XML given an element JATS does not have, an article's PDF replaced by
    one that is not PDF/UA (its tags removed), the ONIX without its Header; verified once."""
    bag = tmp_path_factory.mktemp("tampered-platforms") / "archive"
    shutil.copytree(archived.bag, bag)
    xml = bag / "data/articles/laurent.xml"
    text = xml.read_text(encoding="utf-8")
    xml.write_text(text.replace("<article-meta>", "<article-meta><bogus/>", 1), encoding="utf-8")
    _resave(bag / "data/articles/edito.pdf", _untag)
    onix = bag / f"data/records/{STEM}-onix.xml"
    broken = re.sub(r"<Header>.*?</Header>\s*", "", onix.read_text(encoding="utf-8"), count=1, flags=re.S)
    onix.write_text(broken, encoding="utf-8")
    lines = {"jats": text[:text.index("<article-meta>")].count("\n") + 1,
             "onix": broken[:broken.index("<Product>")].count("\n") + 1}
    return bag, run("verify", str(bag), *ACE_FLAGS), lines


def _untag(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/StructTreeRoot"]
    del pdf.Root["/MarkInfo"]


def test_verify_fails_a_tampered_jats_a_pdf_that_is_not_ua_and_a_broken_onix(tampered_platforms):
    from horizons_pub import __version__
    from horizons_pub.commands.archive.platform_files import lxml_name
    from horizons_pub.render.jats import JATS_SCHEMA

    bag, proc, lines = tampered_platforms
    assert proc.returncode == 1
    named = errors(proc.stderr, "archive.invalid")
    said = {(file, what) for file, what in named}
    jats, pdf, onix = (bag / "data/articles/laurent.xml", bag / "data/articles/edito.pdf",
                       bag / f"data/records/{STEM}-onix.xml")
    for file in (jats, pdf, onix):  # the BagIt check, and the METS's own checksums
        assert (file, "sha256 and sha512 checksums differ: the file changed") in said, file
        rel = file.relative_to(bag / "data").as_posix()
        assert (bag / "data/mets.xml", f"horizons-pub {__version__}: the METS lists {rel} with another size or "
                                       "SHA-256 than the file has") in said
    assert (jats, f"{lxml_name()}: JATS 1.3 DTD ({JATS_SCHEMA}): line {lines['jats']}: No declaration for element "
                  "bogus") in said
    onixcheck = f"onixcheck {version('onixcheck')}"
    assert (onix, f"{onixcheck}: ONIX 3.0: onix.xml:{lines['onix']}:0: Element 'Product': This element is not "
                  "expected. Expected is ( Header ).") in said
    on_pdf = [what for file, what in named if file == pdf]
    assert any(re.match(r"veraPDF [\d.]+: PDF/UA-1: ISO 14289-1:2014 ", w) for w in on_pdf), on_pdf
    assert f"{bag}: NOT valid ({len(named)} problem(s))" in proc.stderr
