"""Why a part was laid out again (render/pdf/cache_log.py): the record of each part's last layout, and
the part cache (pool.PartLayouts) saying, part by part, "from the cache" or why it laid the part out.

The layout is a fake (``typeset.lay_out_part`` replaced, one job: no process, no WeasyPrint).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from horizons_pub.builder.summary import layout_lines
from horizons_pub.render.pdf import cache_log, typeset
from horizons_pub.render.pdf.cache_log import LOG, PartInputs, PartVerdict, first_folio, text_hash, why
from horizons_pub.render.pdf.job import DocumentMeta, PartFacts, PartJob
from horizons_pub.render.pdf.pool import PARTS, PartLayouts


def html(folio: int, text: str = "Un texte.") -> str:
    """A part's HTML as layouts/print/part.html.j2 writes it: its first folio in its head."""
    side = "left" if folio % 2 == 0 else "right"
    return (f"<html><head><style>@page {{ size: 180mm 260mm; }} @page :first {{ counter-reset: page {folio}; }}\n"
            f"html {{ break-before: {side}; }}</style></head><body><p>{text}</p></body></html>")


def make_job(issue_dir, name="terrain", folio=4, text="Un texte.", variant="print", environment="env"):
    return PartJob(issue_dir=str(issue_dir), variant=variant, html=html(folio, text), epoch=1700000000,
                   meta=DocumentMeta(title=name, lang="fr", date="2023-11-14T22:13:20+00:00"), environment=environment)


class FakeLayout:
    """Lays out nothing: two pages, reading the issue's files named in ``reads`` (per part)."""

    def __init__(self):
        self.reads: dict[str, tuple[str, ...]] = {}
        self.calls: list[str] = []

    def __call__(self, job: PartJob) -> tuple[bytes, PartFacts]:
        self.calls.append(job.meta.title)
        read = tuple((name, hashlib.sha256((Path(job.issue_dir) / name).read_bytes()).hexdigest())
                     for name in self.reads.get(job.meta.title, ()))
        return f"PDF {job.meta.title} {len(self.calls)}".encode(), PartFacts(2, ((), ()), ((), ()), (3,), read=read)


@pytest.fixture
def fake(monkeypatch):
    layout = FakeLayout()
    monkeypatch.setattr(typeset, "lay_out_part", layout)
    return layout


@pytest.fixture
def issue_dir(tmp_path):
    folder = tmp_path / "hp-1"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "x.png").write_bytes(b"first")
    return folder


def build(cache, jobs: list[PartJob], prune: bool = False) -> dict[tuple[str, str], str]:
    """One build's use of the cache: (variant, part) → what the build says of it."""
    pool = PartLayouts(cache, jobs=1, environment="env")
    for job in jobs:
        pool.get(job)
    pool.close()
    if prune:
        pool.prune()
    return {(v.variant, v.part): v.said for v in pool.verdicts}


# -- the record's parts --------------------------------------------------------

def test_the_first_folio_is_read_from_the_parts_html_and_left_out_of_its_texts_hash():
    assert first_folio(html(34)) == 34 and first_folio("<p>no folio</p>") is None
    assert text_hash(html(34)) == text_hash(html(32)) == text_hash(html(33))  # 33: a right-hand page
    assert text_hash(html(34)) != text_hash(html(34, "Un autre texte."))


def test_the_log_is_read_back_as_written_and_a_damaged_one_is_no_log(tmp_path):
    record = PartInputs("k" * 64, "t" * 16, 4, "e" * 64, 1700000000, (("images/x.png", "a" * 64),))
    cache_log.save(tmp_path, {"print:terrain": record})
    back = cache_log.load(tmp_path)["print:terrain"]
    assert back.same(record, "key") and back.same(record, "environment") and back.read == record.read
    assert len((tmp_path / LOG).read_bytes()) < 300  # small: the hashes' first digits
    (tmp_path / LOG).write_text("{not json", encoding="utf-8")
    assert cache_log.load(tmp_path) is None
    assert cache_log.load(tmp_path / "nowhere") is None


BEFORE = PartInputs("key1", "text1", 32, "env1", 1700000000, (("images/x.jpg", "a" * 64),))


@pytest.mark.parametrize("now, changed, expected", [
    (replace(BEFORE, key="key2", text="text2"), [], "its text changed"),
    (replace(BEFORE, key="key2", folio=34), [], "its first page changed (now page 34, was 32)"),
    (replace(BEFORE, key="key2", environment="env2"), [], "the stylesheets, fonts or code changed"),
    (replace(BEFORE, key="key2", epoch=1), [], "the build's date changed (SOURCE_DATE_EPOCH, or the issue's date)"),
    (BEFORE, ["images/x.jpg"], "the image images/x.jpg changed"),
    (BEFORE, [], "the cache was cleared or pruned"),
    (replace(BEFORE, key="key2", folio=34, text="text2"), [],
     "its first page changed (now page 34, was 32); its text changed"),
], ids=["text", "folio", "environment", "date", "image", "cleared", "folio-and-text"])
def test_why_names_what_changed_since_the_last_layout(now, changed, expected):
    assert why(BEFORE, now, log_found=True, cache_had_entries=True, miss="absent", changed=changed,
               part="terrain") == expected


def test_why_without_a_record():
    now = replace(BEFORE, key="key2")
    assert why(None, now, log_found=False, cache_had_entries=False, miss="absent", changed=[], part="a") \
        == "first build (no cache)"
    assert why(None, now, log_found=True, cache_had_entries=True, miss="absent", changed=[], part="a") \
        == "first layout of this part"
    assert why(BEFORE, BEFORE, log_found=True, cache_had_entries=True, miss="damaged", changed=[], part="a") \
        == "its cache entry was damaged"
    assert why(BEFORE, replace(BEFORE, key="key2", text="t2"), log_found=True, cache_had_entries=True,
               miss="absent", changed=[], part="sommaire") == "its text or the pages it lists changed"


# -- the part cache says it, part by part ---------------------------------------

def test_a_first_build_then_a_rebuild_with_one_text_changed(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    parts = [make_job(issue_dir, "edito", 3), make_job(issue_dir, "terrain", 4)]
    assert set(build(cache, parts).values()) == {"laid out: first build (no cache)"}
    assert json.loads((cache / LOG).read_text(encoding="utf-8"))["parts"].keys() == {"print:edito", "print:terrain"}
    assert set(build(cache, parts).values()) == {"from the cache"}
    said = build(cache, [parts[0], make_job(issue_dir, "terrain", 4, "Un texte, modifié.")])
    assert said == {("print", "edito"): "from the cache", ("print", "terrain"): "laid out: its text changed"}
    assert fake.calls == ["edito", "terrain", "terrain"]


def test_a_moved_part_says_its_old_and_new_first_page(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    build(cache, [make_job(issue_dir, "terrain", 32)])
    assert build(cache, [make_job(issue_dir, "terrain", 34)]) == {
        ("print", "terrain"): "laid out: its first page changed (now page 34, was 32)"}


def test_a_changed_image_is_named(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    fake.reads["terrain"] = ("images/x.png",)
    parts = [make_job(issue_dir, "edito", 3), make_job(issue_dir, "terrain", 4)]
    build(cache, parts)
    (issue_dir / "images" / "x.png").write_bytes(b"second")
    assert build(cache, parts) == {("print", "edito"): "from the cache",
                                   ("print", "terrain"): "laid out: the image images/x.png changed"}


def test_a_changed_environment_a_cleared_cache_a_damaged_entry_and_a_new_part(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    job = make_job(issue_dir)
    build(cache, [job])
    assert build(cache, [replace(job, environment="other")]) == {
        ("print", "terrain"): "laid out: the stylesheets, fonts or code changed"}
    for path in (cache / PARTS).iterdir():
        path.unlink()
    assert build(cache, [replace(job, environment="other")]) == {
        ("print", "terrain"): "laid out: the cache was cleared or pruned"}
    pdf = next((cache / PARTS).glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:-1])  # cut short
    assert build(cache, [replace(job, environment="other")]) == {
        ("print", "terrain"): "laid out: its cache entry was damaged"}
    assert build(cache, [make_job(issue_dir, "enquete", 6, environment="other")]) == {
        ("print", "enquete"): "laid out: first layout of this part"}


def test_each_variant_has_its_own_record(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    build(cache, [make_job(issue_dir)])  # the print variant only
    said = build(cache, [make_job(issue_dir), make_job(issue_dir, variant="screen")])
    assert said == {("print", "terrain"): "from the cache", ("screen", "terrain"): "laid out: first layout of this part"}


def test_a_pruned_log_keeps_only_the_parts_of_the_build(tmp_path, issue_dir, fake):
    cache = tmp_path / "cache"
    build(cache, [make_job(issue_dir, "edito", 3), make_job(issue_dir, "terrain", 4)])
    build(cache, [make_job(issue_dir, "terrain", 4)], prune=True)
    assert cache_log.load(cache).keys() == {"print:terrain"}


def test_without_a_cache_folder_no_log_is_written(tmp_path, issue_dir, fake):
    assert build(None, [make_job(issue_dir)]) == {("print", "terrain"): "laid out: first build (no cache)"}
    assert list(tmp_path.iterdir()) == [issue_dir]


def test_the_lines_build_verbose_prints():
    verdicts = [PartVerdict("print", "terrain", 32, 6, "its text changed"), PartVerdict("print", "cover", 1, 1),
                PartVerdict("screen", "cover", 1, 1)]
    lines = layout_lines(verdicts)
    assert lines == ["  layout: 2 part(s) from the cache, 1 laid out",
                     "  print   page 1       cover    from the cache",
                     "  print   pages 32–37  terrain  laid out: its text changed",
                     "  screen  page 1       cover    from the cache"]
    assert layout_lines([]) == []
