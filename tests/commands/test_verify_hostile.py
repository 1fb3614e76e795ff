"""``verify`` on hostile bags (issue 15): links and special files are refused and never opened, tag files are read
as bytes (a byte that is not UTF-8 is said at its line), both tag manifests are required, an added tag file is
named, a named pipe does not hang it, and every problem of a bag is said at once, each with its exact words.

The bags are made by the archive's own ``make_bag`` (bagit-python, BagIt 1.0, sha256 and sha512, both tag
manifests), from a small payload: fast, no build, no validator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from horizons_pub.commands.archive.bag import make_bag
from horizons_pub.commands.verify.bagit_check import bag_problems

ROOT = Path(__file__).resolve().parents[2]
LINK = "a bag holds only regular files (never read); remove it, or make the bag again with horizons-pub archive"
SOURCE = ("edito.md", "issue.yaml")


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    staging = tmp_path / "staging"
    (staging / "source").mkdir(parents=True)
    (staging / "horizons-publics-99.pdf").write_bytes(b"%PDF-1.7 not really\n" * 50)
    (staging / "source" / "edito.md").write_text("# Édito\n\nUn texte.\n", encoding="utf-8")
    (staging / "source" / "issue.yaml").write_text("number: 99\n", encoding="utf-8")
    target = make_bag(staging, {"Bagging-Date": "2024-03-01", "External-Description": "Horizons publics 99"},
                      tmp_path / "archive")
    assert bag_problems(target)[0] == []
    return target


def _problems(bag: Path) -> list[tuple[str, str]]:
    return [(Path(file).relative_to(bag.parent).as_posix(), what) for file, what in bag_problems(bag)[0]]


def test_a_fresh_bag_passes(bag):
    problems, said = bag_problems(bag)
    assert problems == []
    assert said == "BagIt 1.0: 7 files hashed (sha256 and sha512), every checksum as listed, none missing, none added"


def test_a_folder_of_the_payload_linked_outside_the_bag_is_refused(bag, tmp_path):
    """data/source/ as a link to a folder outside holding the same files: bagit-python called it valid."""
    outside = tmp_path / "outside"
    (bag / "data" / "source").rename(outside)
    (bag / "data" / "source").symlink_to(outside)
    assert _problems(bag) == [
        ("archive/data/source", f"a symbolic link (to {outside}): {LINK}"),
        ("archive/data/source/edito.md", "listed in the manifest but missing"),
        ("archive/data/source/issue.yaml", "listed in the manifest but missing"),
    ]


def test_a_payload_file_linked_elsewhere_is_refused_and_not_read(bag, tmp_path):
    edito = bag / "data" / "source" / "edito.md"
    copy = tmp_path / "edito.md"
    copy.write_bytes(edito.read_bytes())
    edito.unlink()
    edito.symlink_to(copy)
    assert _problems(bag) == [("archive/data/source/edito.md", f"a symbolic link (to {copy}): {LINK}")]


def test_a_tag_file_as_a_link_is_refused(bag, tmp_path):
    info = bag / "bag-info.txt"
    copy = tmp_path / "bag-info.txt"
    copy.write_bytes(info.read_bytes())
    info.unlink()
    info.symlink_to(copy)
    assert _problems(bag) == [("archive/bag-info.txt", f"a symbolic link (to {copy}): {LINK}")]


def test_a_named_pipe_in_the_payload_does_not_hang_verify(bag):
    """The whole command, in a child process with a deadline: a pipe that is opened blocks for ever."""
    yaml = bag / "data" / "source" / "issue.yaml"
    yaml.unlink()
    os.mkfifo(yaml)
    proc = subprocess.run([sys.executable, "-m", "horizons_pub", "verify", str(bag), "--quiet"], cwd=bag.parent,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert f"archive/data/source/issue.yaml: error: a named pipe: {LINK} [archive.invalid]" in lines
    assert not any("issue.yaml" in line and "named pipe" not in line for line in lines), lines


@pytest.mark.parametrize(("name", "line"), [("bagit.txt", 2), ("bag-info.txt", 1), ("manifest-sha256.txt", 1)])
def test_a_tag_file_that_is_not_utf8_is_said_at_its_line(bag, name, line):
    tag = bag / name
    lines = tag.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1][:4] + b"\xe9" + lines[line - 1][4:]  # Latin-1 é
    tag.write_bytes(b"\n".join(lines))
    problems = _problems(bag)
    expected = [(f"archive/{name}", f"line {line}: byte 0xe9 is not UTF-8: a tag file is UTF-8 (bagit.txt says so); "
                 "the file was changed or damaged"),
                (f"archive/{name}", "sha256 and sha512 checksums differ: the file changed")]
    if name == "manifest-sha256.txt":  # its entries cannot be read: no payload file is listed in it
        payload = ["archive/data/horizons-publics-99.pdf"] + [f"archive/data/source/{n}" for n in SOURCE]
        expected[1:1] = [(file, "not listed in manifest-sha256.txt") for file in payload]
    assert problems == expected


def test_a_rewritten_bag_without_its_tag_manifests_is_not_valid(bag):
    """A payload file changed, the payload manifests, the Oxum and bag-info rewritten, the tag manifests
    deleted: bagit-python called it valid; every bag archive makes has both tag manifests."""
    (bag / "data" / "source" / "edito.md").write_text("# Édito\n\nUn autre texte.\n", encoding="utf-8")
    rewritten = bagit.Bag(str(bag))
    rewritten.info["External-Description"] = "Un autre numéro"
    rewritten.save(manifests=True)
    for algorithm in ("sha256", "sha512"):
        (bag / f"tagmanifest-{algorithm}.txt").unlink()
    missing = "missing: every bag horizons-pub archive makes has it; without it bagit.txt, bag-info.txt and the " \
              "manifests are not checked by it"
    assert _problems(bag) == [("archive/tagmanifest-sha256.txt", missing),
                              ("archive/tagmanifest-sha512.txt", missing)]


def test_a_tag_file_listed_in_no_tag_manifest_is_named(bag):
    (bag / "notes.txt").write_text("une note ajoutée\n", encoding="utf-8")
    assert _problems(bag) == [("archive/notes.txt", "a tag file listed in no tag manifest (an added file)")]


def test_every_problem_of_a_bag_at_once(bag, tmp_path):
    """A link, a pipe, a changed file, an added file, a missing one, a byte that is not UTF-8 and a deleted tag
    manifest, in one run, and the command's lines with it (no traceback)."""
    source = bag / "data" / "source"
    (source / "edito.md").unlink()
    (source / "edito.md").symlink_to("/etc/hostname")
    os.mkfifo(source / "pipe")
    (bag / "data" / "horizons-publics-99.pdf").write_bytes(b"%PDF-1.7 changed\n")
    (bag / "data" / "ajout.md").write_text("# ajout\n", encoding="utf-8")
    (source / "issue.yaml").unlink()
    info = bag / "bag-info.txt"
    info.write_bytes(info.read_bytes().replace(b"Horizons", b"Horiz\xffons"))
    (bag / "tagmanifest-sha512.txt").unlink()
    assert _problems(bag) == [
        ("archive/data/source/edito.md", f"a symbolic link (to /etc/hostname): {LINK}"),
        ("archive/data/source/pipe", f"a named pipe: {LINK}"),
        ("archive/bag-info.txt", "line 3: byte 0xff is not UTF-8: a tag file is UTF-8 (bagit.txt says so); the file "
         "was changed or damaged"),
        ("archive/tagmanifest-sha512.txt", "missing: every bag horizons-pub archive makes has it; without it "
         "bagit.txt, bag-info.txt and the manifests are not checked by it"),
        ("archive/data/ajout.md", "not listed in the manifest (an added file)"),
        ("archive/bag-info.txt", "sha256 checksum differs: the file changed"),
        ("archive/data/horizons-publics-99.pdf", "sha256 and sha512 checksums differ: the file changed"),
        ("archive/data/source/issue.yaml", "listed in the manifest but missing"),
    ]
    proc = subprocess.run([sys.executable, "-m", "horizons_pub", "verify", "archive", "--quiet"], cwd=bag.parent,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "archive/data/source/pipe: error: a named pipe: " + LINK + " [archive.invalid]" in proc.stderr.splitlines()
    assert proc.stderr.splitlines()[-1].startswith("archive: NOT valid (")
