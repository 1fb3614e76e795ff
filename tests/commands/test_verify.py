"""``verify``'s BagIt part (commands/verify/bagit_check.py) on small real bags made with bagit-python, and the
archive's date: fast tests, no build, no validator.  The whole command, on bags of real issues, is tested in
test_archive.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import bagit
import pytest

from horizons_pub.commands.archive.bag import BAGIT_TXT, bagging_date
from horizons_pub.commands.verify.bagit_check import bag_problems


@pytest.fixture
def small_bag(tmp_path: Path) -> Path:
    """A BagIt 1.0 bag of three files, as the archive makes one (sha256 and sha512)."""
    bag = tmp_path / "bag"
    (bag / "source").mkdir(parents=True)
    (bag / "issue.pdf").write_bytes(b"%PDF-1.7 not really\n" * 50)
    (bag / "source" / "edito.md").write_text("# Édito\n\nUn texte.\n", encoding="utf-8")
    (bag / "source" / "issue.yaml").write_text("number: 38\n", encoding="utf-8")
    bagit.make_bag(str(bag), bag_info={"Bagging-Date": "2024-03-01"}, checksums=["sha256", "sha512"])
    (bag / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bagit.Bag(str(bag)).save()
    return bag


def _named(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for file, what in problems:
        out.setdefault(file, []).append(what)
    return out


def test_an_untouched_bag_has_no_problem(small_bag):
    problems, said = bag_problems(small_bag)
    assert problems == []
    # 3 payload files and 4 tag files (bagit.txt, bag-info.txt, the two payload manifests)
    assert said == "BagIt 1.0: 7 files hashed (sha256 and sha512), every checksum as listed, none missing, none added"


def test_every_problem_is_said_at_once_each_with_its_file(small_bag):
    """bagit-python stops at the first kind (an added file hid a changed checksum): verify says all of them."""
    edito, yaml, added = (small_bag / "data" / "source" / n for n in ("edito.md", "issue.yaml", "ajout.md"))
    edito.write_text("# Édito\n\nUn autre texte.\n", encoding="utf-8")  # a checksum changed
    added.write_text("# ajout\n", encoding="utf-8")  # a file added
    yaml.unlink()  # a file removed
    problems, said = bag_problems(small_bag)
    assert _named(problems) == {
        str(small_bag / "data" / "source" / "issue.yaml"): ["listed in the manifest but missing"],
        str(small_bag / "data" / "source" / "ajout.md"): ["not listed in the manifest (an added file)"],
        str(edito): ["sha256 and sha512 checksums differ: the file changed"],
    }
    assert said.endswith("3 problem(s)")


def test_a_changed_tag_file_is_named(small_bag):
    info = small_bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("2024-03-01", "2031-01-01"), encoding="utf-8")
    problems, _ = bag_problems(small_bag)
    assert problems == [(str(info), "sha256 and sha512 checksums differ: the file changed")]


def test_a_manifest_whose_checksum_was_edited_names_the_file_and_the_manifest(small_bag):
    """The payload file is as it was, but its sha256 line was changed: the file and the tag manifest's
    checksum of that manifest are both reported."""
    manifest = small_bag / "manifest-sha256.txt"
    pdf_sum = hashlib.sha256((small_bag / "data" / "issue.pdf").read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(pdf_sum, "0" * 64), encoding="utf-8")
    named = _named(bag_problems(small_bag)[0])
    assert named == {str(small_bag / "data" / "issue.pdf"): ["sha256 checksum differs: the file changed"],
                     str(manifest): ["sha256 and sha512 checksums differ: the file changed"]}


def test_a_wrong_payload_oxum_alone_is_said(small_bag):
    """When nothing else explains it (bag-info.txt edited and its tag manifest with it), the Oxum is reported."""
    bag = bagit.Bag(str(small_bag))
    bag.info["Payload-Oxum"] = "1.1"
    bag.save()
    problems, _ = bag_problems(small_bag)
    assert len(problems) == 1 and problems[0][0] == str(small_bag / "bag-info.txt")
    assert problems[0][1].startswith("Payload-Oxum 1.1 does not match the payload (")


def test_a_folder_that_is_no_bag(tmp_path):
    problems, said = bag_problems(tmp_path)
    assert [(f, w.split(":")[0]) for f, w in problems] == [(str(tmp_path), "not a BagIt bag")]
    assert said == "BagIt: the bag could not be read"


def test_bagging_date_is_source_date_epoch_else_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert bagging_date() == dt.date(2023, 11, 14)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.date.today()
    assert bagging_date() in {before, dt.date.today()}
