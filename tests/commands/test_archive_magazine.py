"""The archive of the realistic issue tests/data/magazine (issue 17): it has a DOI prefix, so its bag holds the
Crossref deposit beside the ONIX, and each article's METS record names its DOI; every article's PDF and XML are
bagged and validated; ``verify`` says valid; the bag conforms to its BagIt profile (``bagit_profile``, the profile
read from the package's file).  Real build (the session's), real validators: ``slow`` and ``tools``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import bagit_profile
import pytest
from helpers.outputs import MAGAZINE, ROOT
from lxml import etree

from horizons_pub.commands.archive.mets import METS, METS_SCHEMA
from horizons_pub.commands.archive.profile import PROFILE_FILE
from horizons_pub.commands.check.ace import find_ace, find_chromium
from horizons_pub.support.xmlschemas import validate

pytestmark = [pytest.mark.slow, pytest.mark.tools]

ACE_FLAGS = [] if find_ace(ROOT) is not None and find_chromium() is not None else ["--allow-missing", "ace"]
DC = "http://purl.org/dc/elements/1.1/"


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "horizons_pub", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=1800)


@pytest.fixture(scope="module")
def magazine_bag(magazine_built, tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """The magazine bagged from the session's build of it (up to date: not built again): (build folder, bag)."""
    out = tmp_path_factory.mktemp("magazine-archive")
    shutil.copytree(magazine_built.folder, out / magazine_built.folder.name, ignore=shutil.ignore_patterns("archive"))
    proc = _run("archive", str(MAGAZINE), "--out", str(out), *ACE_FLAGS)
    assert proc.returncode == 0, proc.stderr
    folder = out / magazine_built.folder.name
    return folder, folder / "archive", proc


@pytest.fixture(scope="module")
def issue():
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.support.diagnostics import Reporter

    return load_issue(MAGAZINE, Reporter(echo=False))


def _manifest(bag: Path) -> dict:
    return json.loads((bag / "data/metadata/manifest.json").read_text(encoding="utf-8"))


def test_the_bag_holds_the_crossref_deposit_and_every_article(magazine_bag, issue):
    from horizons_pub.model.identity import Edition, file_name
    from horizons_pub.render.platforms import platform_articles
    from horizons_pub.render.records.crossref import CROSSREF_SCHEMA

    folder, bag, _ = magazine_bag
    crossref = file_name(issue, Edition.CROSSREF)
    assert (bag / "data/records" / crossref).read_bytes() == (folder / crossref).read_bytes()
    records = {r["path"]: r for r in _manifest(bag)["files"]}
    role = records[f"data/records/{crossref}"]["role"]
    assert role.startswith(f"record: Crossref deposit (the issue and its articles); valid against Crossref schema "
                           f"({CROSSREF_SCHEMA}) (validated by lxml "), role
    ids = platform_articles(issue)
    assert len(ids) >= 10  # the editorial, the opener and the articles of its flatplan
    bagged = sorted(p.relative_to(bag / "data").as_posix() for p in (bag / "data/articles").glob("*.*")
                    if p.suffix in (".pdf", ".xml"))
    assert bagged == sorted(f"articles/{a}.{ext}" for a in ids for ext in ("pdf", "xml"))
    for a in ids:
        assert records[f"data/articles/{a}.pdf"]["conforms_to"] == ["PDF/UA-1"], a
        assert records[f"data/articles/{a}.xml"]["conforms_to"] != [], a
    # every other file the build wrote beside the JATS (its figures) is bagged and described
    beside = {p.relative_to(folder).as_posix() for p in (folder / "articles").rglob("*")
              if p.is_file() and p.suffix not in (".pdf", ".xml")}
    for rel in beside:
        assert (bag / "data" / rel).read_bytes() == (folder / rel).read_bytes(), rel
        assert records[f"data/{rel}"]["role"].startswith("figure: "), rel


def test_the_mets_names_each_article_doi(magazine_bag, issue):
    from horizons_pub.model.distribution import article_doi
    from horizons_pub.render.platforms import platform_articles

    _, bag, _ = magazine_bag
    data = (bag / "data/mets.xml").read_bytes()
    assert validate(METS_SCHEMA, data) == []
    root = etree.fromstring(data)
    ns = {"mets": METS}
    for a in platform_articles(issue):
        dmd = root.find(f"mets:dmdSec[@ID='dmd-{a}']//mets:xmlData", ns)
        assert f"https://doi.org/{article_doi(issue.number, a, issue.distribution)}" in [
            el.text for el in dmd.iterfind(f"{{{DC}}}identifier")], a


def test_the_magazine_bag_conforms_to_its_profile_and_verifies(magazine_bag):
    _, bag, _ = magazine_bag
    rules = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))
    checker = bagit_profile.Profile(rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=rules)
    assert checker.validate(bagit.Bag(str(bag))), [str(e) for e in checker.report.errors]
    proc = _run("verify", str(bag), *ACE_FLAGS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1].startswith(f"{bag}: valid")
    assert "-crossref.xml: lxml " in proc.stdout and "data/articles/*.xml (" in proc.stdout
