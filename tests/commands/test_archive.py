"""The archive (``horizons-pub archive``) and its check (``horizons-pub verify``), on real bags of issue 38.

The bag is made once for the module, as a user makes it (a child process); the
reproducibility tests make four more, two by two in parallel, from copies of the
source in other folders.  veraPDF runs when its library is installed (see verapdf.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import bagit
import pikepdf
import pypdfium2
import pytest
from lxml import etree

from horizons_pub.commands.check import verapdf
from helpers.outputs import HP38, ROOT, pdftotext_pages

DC = "http://purl.org/dc/elements/1.1/"
MARCREL = "http://id.loc.gov/vocabulary/relators/"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
EPOCH_DATE = "2023-11-14"

#: The editorial's first sentence, with its French spacing: U+202F after «.
EDITO_FIRST_SENTENCE = ("«\u202fLa numérisation prend la forme d’une “privatisation numérique” parfois insidieuse "
                        "qui ne dit pas son nom.")

MEDIA_TYPES = {".pdf": "application/pdf", ".epub": "application/epub+zip", ".md": "text/markdown",
               ".yaml": "application/yaml", ".xml": "application/xml", ".json": "application/json"}


def _env(epoch: str | None = None) -> dict[str, str]:
    """The environment of a run: the tests' own, with SOURCE_DATE_EPOCH exactly as asked (unset by default)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def _archive_cmd(issue_dir: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "horizons_pub", "archive", str(issue_dir), "--out", str(out)]


def run_verify(bag: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "horizons_pub", "verify", str(bag)], capture_output=True, text=True,
                          env=_env(), cwd=ROOT)


@dataclass(frozen=True)
class Archived:
    out: Path  # the --out folder
    folder: Path  # out/hp-38: the built outputs
    bag: Path  # out/hp-38/archive

    @property
    def pdf(self) -> Path:  # the archival PDF, in the bag
        return next((self.bag / "data").glob("*.pdf"))

    @property
    def epub(self) -> Path:
        return next((self.bag / "data").glob("*.epub"))


def _archived(out: Path, proc: subprocess.CompletedProcess | tuple[int, str, str]) -> Archived:
    code, stderr = (proc.returncode, proc.stderr) if hasattr(proc, "returncode") else (proc[0], proc[2])
    assert code == 0, stderr
    return Archived(out, out / "hp-38", out / "hp-38" / "archive")


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> Archived:
    out = tmp_path_factory.mktemp("archive")
    proc = subprocess.run(_archive_cmd(HP38, out), capture_output=True, text=True, env=_env(), cwd=ROOT)
    return _archived(out, proc)


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> dict[str | None, tuple[Archived, Archived]]:
    """For no SOURCE_DATE_EPOCH and for EPOCH: two archives of the same source, copied to two different folders,
    made with different --out folders, the second pair started more than a second after the first ended.
    The two runs of a pair (one per epoch) go in parallel, to halve the time."""
    runs: dict[str | None, list[Archived]] = {None: [], EPOCH: []}
    for side, sub in (("a", "x"), ("b", "y")):
        if side == "b":
            time.sleep(1.1)  # the clocks of the two runs differ
        started = []
        for epoch in runs:
            tmp = tmp_path_factory.mktemp(f"twin-{side}")
            issue_dir = tmp / sub / "hp-38"
            shutil.copytree(HP38, issue_dir)
            out = tmp / f"out-{side}"
            proc = subprocess.Popen(_archive_cmd(issue_dir, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=_env(epoch), cwd=ROOT)
            started.append((epoch, out, proc))
        for epoch, out, proc in started:
            stdout, stderr = proc.communicate(timeout=600)
            runs[epoch].append(_archived(out, (proc.returncode, stdout, stderr)))
    return {epoch: (a, b) for epoch, (a, b) in runs.items()}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def source_files() -> dict[str, bytes]:
    """The issue's source as the archive must carry it: issue.yaml, the articles, the images (path → bytes)."""
    files = [HP38 / "issue.yaml", *sorted((HP38 / "articles").glob("*.md"))]
    files += sorted(p for p in (HP38 / "images").rglob("*") if p.is_file() and not p.name.startswith("."))
    return {f"source/hp-38/{p.relative_to(HP38).as_posix()}": p.read_bytes() for p in files}


# -- archive, then verify ------------------------------------------------------------------------------------


def test_archive_then_verify_says_valid(archived):
    proc = run_verify(archived.bag)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{archived.bag}: valid"
    assert proc.stderr == ""


def test_the_bag_holds_the_built_editions_and_the_source(archived):
    data = archived.bag / "data"
    names = set(tree(data))
    assert names == {"horizons-publics-38.pdf", "horizons-publics-38.epub", "metadata/dublin-core.xml",
                     "metadata/manifest.json", *source_files()}
    # the archival PDF is the screen PDF; the EPUB is the built one
    assert archived.pdf.read_bytes() == (archived.folder / "horizons-publics-38-screen.pdf").read_bytes()
    assert archived.epub.read_bytes() == (archived.folder / "horizons-publics-38.epub").read_bytes()
    for rel, content in source_files().items():
        assert (data / rel).read_bytes() == content, rel
    # nothing left over from the staging folder
    assert sorted(p.name for p in archived.folder.iterdir()) == [
        ".cache", "archive", "horizons-publics-38-print.pdf", "horizons-publics-38-screen.pdf",
        "horizons-publics-38.epub", "layout.json"]


# -- verify finds what changed --------------------------------------------------------------------------------

PDF = "data/horizons-publics-38.pdf"
EDITO = "data/source/hp-38/articles/edito.md"
ADDED = "data/source/hp-38/articles/ajout.md"


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


TAMPERINGS = {
    "a byte of the PDF flipped": (PDF, lambda bag: _flip(bag / PDF, len((bag / PDF).read_bytes()) // 2)),
    "a byte of a source file flipped": (EDITO, lambda bag: _flip(bag / EDITO, 100)),
    "a file added": (ADDED, lambda bag: (bag / ADDED).write_text("# ajout\n", encoding="utf-8")),
    "a file removed": (EDITO, lambda bag: (bag / EDITO).unlink()),
}


def _tampered(archived: Archived, tmp_path: Path, how: str) -> tuple[Path, str]:
    bag = tmp_path / "bag"
    shutil.copytree(archived.bag, bag)
    rel, change = TAMPERINGS[how]
    change(bag)
    return bag, rel


@pytest.mark.parametrize("how", list(TAMPERINGS))
def test_verify_fails_on_a_changed_bag(archived, tmp_path, how):
    bag, _ = _tampered(archived, tmp_path, how)
    proc = run_verify(bag)
    assert proc.returncode == 1
    assert "valid" not in proc.stdout
    assert f"{bag}: NOT valid" in proc.stderr


@pytest.mark.parametrize("how", [
    "a byte of the PDF flipped",
    "a byte of a source file flipped",
    "a file added",
    "a file removed",
])
def test_verify_names_the_changed_file(archived, tmp_path, how):
    bag, rel = _tampered(archived, tmp_path, how)
    proc = run_verify(bag)
    assert proc.returncode == 1
    # the command's own diagnostics ("FILE: error: … [archive.invalid]"), not bagit's log lines
    named = [Path(m.group(1)) for m in re.finditer(r"^(.+?): error: .* \[archive\.invalid\]$", proc.stderr, re.M)]
    named = [p if p.is_absolute() else ROOT / p for p in named]
    assert (bag / rel) in named, proc.stderr


# -- check_archival_pdf on PDFs that lack what the archive claims --------------------------------------------


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
                                ["no PDF/A-3a identification in the XMP metadata"]),
    "no PDF/UA identification": (_drop_xmp("pdfuaid:part"), ["no PDF/UA-1 identification in the XMP metadata"]),
    "no output intent": (_drop_root("/OutputIntents"), ["no PDF/A output intent with an ICC profile"]),
    "no structure tree": (_drop_root("/StructTreeRoot"), ["the PDF is not tagged"]),
    "no associated files": (_drop_root("/AF"),
                            ["the source files are not attached (no /AF with relationship Source)"]),
}


def test_check_archival_pdf_accepts_the_archival_pdf(archived):
    from horizons_pub.commands.verify import Verdict, check_archival_pdf

    verdict = Verdict()
    check_archival_pdf(archived.pdf, verdict)
    assert verdict.problems == []


@pytest.mark.parametrize("case", list(BROKEN_PDFS))
def test_check_archival_pdf_names_what_is_missing(archived, tmp_path, case):
    from horizons_pub.commands.verify import Verdict, check_archival_pdf

    change, expected = BROKEN_PDFS[case]
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(archived.pdf) as pdf:
        change(pdf)
        pdf.save(broken)
    verdict = Verdict()
    check_archival_pdf(broken, verdict)
    assert verdict.problems == [(str(broken), what) for what in expected]


def test_check_archival_pdf_on_a_file_that_is_no_pdf(tmp_path):
    from horizons_pub.commands.verify import Verdict, check_archival_pdf

    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a PDF at all")
    verdict = Verdict()
    check_archival_pdf(path, verdict)
    assert [(f, w.split(":")[0]) for f, w in verdict.problems] == [(str(path), "the PDF does not open")]


# -- the archival PDF ----------------------------------------------------------------------------------------


def test_archival_pdf_identifies_as_pdfa_3a_and_pdfua_1(archived):
    with pikepdf.open(archived.pdf) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
        assert meta.get("pdfuaid:part") == "1"
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "fr"


def test_archival_pdf_has_an_srgb_output_intent(archived):
    with pikepdf.open(archived.pdf) as pdf:
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
    with pikepdf.open(archived.pdf) as pdf:
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
    pdf = pypdfium2.PdfDocument(archived.pdf)
    try:
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert EDITO_FIRST_SENTENCE in text.replace("\r\n", " ")


def test_pdftotext_reads_the_editorial_first_sentence(archived):
    """Poppler's pdftotext counts U+202F (and U+00A0) as white space (UnicodeIsWhitespace in
    poppler/UTF.cc): it breaks words there and writes a plain space.  So pdftotext shows U+0020
    after « although the PDF maps that glyph to U+202F (see the PDFium test above)."""
    text = "\n".join(pdftotext_pages(archived.pdf))
    flat = re.sub(r"[ \t\r\n]+", " ", text)
    assert EDITO_FIRST_SENTENCE.replace("\u202f", " ") in flat
    start = text.index("La numérisation prend")
    assert text[start - 2:start] == "« "  # U+0020, poppler's rendering of U+202F


# -- metadata --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def issue():
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.support.diagnostics import Reporter

    loaded = load_issue(HP38, Reporter(echo=False))
    assert loaded is not None
    return loaded


def test_manifest_json_describes_every_payload_file(archived):
    data = archived.bag / "data"
    manifest = json.loads((data / "metadata" / "manifest.json").read_text(encoding="utf-8"))
    records = {r["path"]: r for r in manifest["files"]}
    assert len(records) == len(manifest["files"]), "a file listed twice"
    # every payload file but the manifest itself, which cannot hold its own checksum
    assert set(records) == {f"data/{rel}" for rel in tree(data)} - {"data/metadata/manifest.json"}
    for path, record in records.items():
        content = (archived.bag / path).read_bytes()
        assert record["size"] == len(content), path
        assert record["sha256"] == hashlib.sha256(content).hexdigest(), path
        assert record["media_type"] == MEDIA_TYPES[Path(path).suffix], path
        assert record["role"], path
    assert records["data/horizons-publics-38.pdf"]["role"].startswith("archival PDF")
    assert records["data/horizons-publics-38.epub"]["role"].startswith("EPUB 3")
    assert records["data/metadata/dublin-core.xml"]["role"].startswith("descriptive metadata")
    assert {p for p, r in records.items() if r["role"] == "source"} == {f"data/{p}" for p in source_files()}


def test_manifest_json_names_the_versions_and_the_issue(archived):
    from horizons_pub import __version__

    manifest = json.loads((archived.bag / "data" / "metadata" / "manifest.json").read_text(encoding="utf-8"))
    built = manifest["built_with"]
    assert built["horizons-pub"] == __version__
    assert built["weasyprint"] == version("weasyprint")
    assert built["ebooklib"] == version("ebooklib")
    assert built["pikepdf"] == version("pikepdf")
    assert manifest["issue"]["number"] == 38
    assert manifest["issue"]["date"] == "2024-03-01"
    assert manifest["issue"]["identifier"] == bagit.Bag(str(archived.bag)).info["External-Identifier"]


def test_dublin_core_describes_the_issue(archived, issue):
    from horizons_pub.model.identity import MARC_ROLES

    root = etree.parse(str(archived.bag / "data" / "metadata" / "dublin-core.xml")).getroot()

    def texts(name: str, ns: str = DC) -> list[str]:
        return [el.text for el in root.iterfind(f"{{{ns}}}{name}")]

    assert texts("title") == ["Horizons publics n° 38 – Quel(s) numérique(s) pour l’action publique\u202f?"]
    assert bagit.Bag(str(archived.bag)).info["External-Identifier"] in texts("identifier")
    assert texts("creator") == [issue.editor_in_chief] == ["Julien Nessi"]
    assert texts("publisher") == ["Berger-Levrault"]
    assert texts("date") == ["2024-03-01"]
    assert texts("language") == ["fr"]
    assert texts("rights") == [issue.rights] and issue.rights
    # contributors: every person of every article, once, each with their MARC relator role(s)
    people = {p.name for a in issue.articles for p in a.people}
    contributors = texts("contributor")
    assert len(contributors) == len(set(contributors))
    assert set(contributors) == people
    relators = [(el.tag.split("}")[1], el.text) for el in root if el.tag.startswith(f"{{{MARCREL}}}")]
    assert ("edt", issue.editor_in_chief) in relators
    for article in issue.articles:
        for person in article.people:
            assert (MARC_ROLES[person.role], person.name) in relators, (article.id, person.name)
    assert {code for code, _ in relators} <= {"edt", *MARC_ROLES.values()}
    assert {name for _, name in relators} == people | {issue.editor_in_chief}
    # subjects: the rubrics of the articles
    rubrics = {issue.rubric(a.rubric).title for a in issue.articles if a.rubric}
    assert rubrics and rubrics <= set(texts("subject"))
    assert "Cartoscopie" in rubrics and "L’actualité vue par…" in rubrics


def test_bag_info_and_manifests(archived):
    bag = bagit.Bag(str(archived.bag))
    assert bag.info["External-Identifier"].startswith(("urn:uuid:", "urn:isbn:"))
    assert bag.info["Source-Date"] == "2024-03-01"
    assert bag.info["Bagging-Date"] == "2024-03-01"  # the issue's date, never the clock
    assert bag.info["Source-Organization"] == "Berger-Levrault"
    payload = {f"data/{rel}" for rel in tree(archived.bag / "data")}
    for algorithm, hasher in (("sha256", hashlib.sha256), ("sha512", hashlib.sha512)):
        lines = (archived.bag / f"manifest-{algorithm}.txt").read_text(encoding="utf-8").splitlines()
        entries = dict(reversed(line.split("  ", 1)) for line in lines)
        assert set(entries) == payload
        for path, digest in entries.items():
            assert hasher((archived.bag / path).read_bytes()).hexdigest() == digest, path
        assert (archived.bag / f"tagmanifest-{algorithm}.txt").is_file()


def test_bag_info_dates_follow_source_date_epoch(twins):
    for archive in twins[EPOCH]:
        info = bagit.Bag(str(archive.bag)).info
        assert info["Bagging-Date"] == EPOCH_DATE
        assert info["Source-Date"] == "2024-03-01"  # the issue's date, whatever the build's


# -- reproducibility ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("epoch", [None, EPOCH], ids=["no SOURCE_DATE_EPOCH", f"SOURCE_DATE_EPOCH={EPOCH}"])
def test_two_archives_of_the_same_source_are_identical(twins, epoch):
    a, b = twins[epoch]
    for name in ("horizons-publics-38.epub", "horizons-publics-38-print.pdf", "horizons-publics-38-screen.pdf"):
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes(), name
    bag_a, bag_b = tree(a.bag), tree(b.bag)
    assert set(bag_a) == set(bag_b)
    differ = [name for name in bag_a if bag_a[name] != bag_b[name]]
    assert differ == []


# -- veraPDF ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def verapdf_reports(request) -> dict[str, verapdf.Report]:
    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)  # before the archive is made
    archived = request.getfixturevalue("archived")
    return verapdf.validate(archived.pdf, verapdf.PDFA_3A, verapdf.PDFUA_1)


def test_verapdf_pdfa_3a_passes(verapdf_reports):
    report = verapdf_reports[verapdf.PDFA_3A]
    assert report.failures == [], report.summary()
    assert report.compliant


def test_verapdf_pdfua_1_passes(verapdf_reports):
    report = verapdf_reports[verapdf.PDFUA_1]
    assert report.failures == [], report.summary()
    assert report.compliant


@pytest.mark.tools
def test_verapdf_on_the_every_construct_issue(constructs):
    """Figures, lists, sidebars, notes, links: the screen PDF of the test issue is PDF/A-3a and PDF/UA-1 too."""
    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)
    reports = verapdf.validate(constructs.screen_pdf, verapdf.PDFA_3A, verapdf.PDFUA_1)
    for flavour, report in reports.items():
        assert report.assertions > 1000 and report.failures == [], (flavour, report.summary())
