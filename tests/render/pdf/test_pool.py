"""The part cache (pool.PartLayouts) with a fake layout: a part's key, and entries stored, reused and refused.

With one job (``jobs=1``) the pool starts no process; ``typeset.lay_out_part`` is replaced by a
fake that counts its calls, so no page is laid out.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest

from horizons_pub.render.pdf import typeset
from horizons_pub.render.pdf.job import DocumentMeta, PartFacts, PartJob
from horizons_pub.render.pdf.pool import PARTS, PartLayouts

JOB = PartJob(issue_dir="/somewhere/hp-1", variant="print", html="<p>page 4</p>", epoch=1700000000,
              meta=DocumentMeta(title="a", lang="fr", date="2023-11-14T22:13:20+00:00"), environment="env")


def test_a_parts_key_is_stable():
    assert PartLayouts(None, jobs=1, environment="x").key(JOB) == PartLayouts(None, jobs=1, environment="y").key(JOB)


@pytest.mark.parametrize("change", [
    {"html": "<p>page 6</p>"},  # the HTML holds the part's first folio
    {"variant": "screen"},
    {"epoch": 1700000001},
    {"meta": replace(JOB.meta, date="2024-01-01T00:00:00+00:00")},
    {"meta": replace(JOB.meta, title="b")},
    {"environment": "other"},
], ids=["html", "variant", "epoch", "date", "title", "environment"])
def test_a_parts_key_changes_with_what_shapes_it(change):
    pool = PartLayouts(None, jobs=1, environment="x")
    assert pool.key(replace(JOB, **change)) != pool.key(JOB)


def test_a_parts_key_does_not_change_when_the_issue_folder_moves():
    pool = PartLayouts(None, jobs=1, environment="x")
    assert pool.key(replace(JOB, issue_dir="/elsewhere/hp-1")) == pool.key(JOB)


class FakeLayout:
    def __init__(self, read: tuple[tuple[str, str], ...] = ()):
        self.read, self.calls = read, []

    def __call__(self, job: PartJob) -> tuple[bytes, PartFacts]:
        self.calls.append(job.meta.title)
        return f"PDF {job.meta.title} {len(self.calls)}".encode(), PartFacts(2, ((), ()), ((), ()), (3,),
                                                                          read=self.read)


@pytest.fixture
def fake(monkeypatch):
    layout = FakeLayout()
    monkeypatch.setattr(typeset, "lay_out_part", layout)
    return layout


def test_one_job_starts_no_process(tmp_path, fake):
    pool = PartLayouts(tmp_path, jobs=1, environment="x")
    pool.start([JOB])
    assert fake.calls == []  # nothing laid out ahead with one job
    assert pool.call(len, "abc").result() == 3
    pool.get(JOB)
    pool.close()
    assert multiprocessing.active_children() == []


def test_a_part_is_laid_out_once_then_taken_from_the_cache(tmp_path, fake):
    first = PartLayouts(tmp_path, jobs=1, environment="x")
    data, facts = first.get(JOB)
    assert first.get(JOB) == (data, facts) and fake.calls == ["a"]  # asked twice, laid out once
    assert first.laid_out == ["print:a"]
    key = first.key(JOB)
    stem = f"{key}-{hashlib.sha256(data).hexdigest()}"  # the PDF's hash in the entry's name
    assert sorted(p.name for p in (tmp_path / PARTS).iterdir()) == [f"{stem}.json", f"{stem}.pdf"]
    again = PartLayouts(tmp_path, jobs=1, environment="x")
    assert again.get(JOB) == (data, facts)
    assert fake.calls == ["a"] and again.laid_out == []


def test_another_job_is_laid_out_again(tmp_path, fake):
    PartLayouts(tmp_path, jobs=1, environment="x").get(JOB)
    PartLayouts(tmp_path, jobs=1, environment="x").get(replace(JOB, html="<p>page 6</p>"))
    assert fake.calls == ["a", "a"]


def test_a_damaged_entry_is_laid_out_again(tmp_path, fake):
    pool = PartLayouts(tmp_path, jobs=1, environment="x")
    pool.get(JOB)
    [pdf] = (tmp_path / PARTS).glob(f"{pool.key(JOB)}-*.pdf")
    pdf.write_bytes(pdf.read_bytes()[:-1])  # cut short
    PartLayouts(tmp_path, jobs=1, environment="x").get(JOB)
    assert len(fake.calls) == 2


def test_an_entry_whose_image_changed_is_laid_out_again(tmp_path, monkeypatch):
    issue = tmp_path / "hp-1"
    (issue / "images").mkdir(parents=True)
    image = issue / "images" / "x.png"
    image.write_bytes(b"first")
    layout = FakeLayout(read=(("images/x.png", hashlib.sha256(b"first").hexdigest()),))
    monkeypatch.setattr(typeset, "lay_out_part", layout)
    job = replace(JOB, issue_dir=str(issue))
    cache_dir = tmp_path / "cache"
    PartLayouts(cache_dir, jobs=1, environment="x").get(job)
    PartLayouts(cache_dir, jobs=1, environment="x").get(job)
    assert len(layout.calls) == 1
    image.write_bytes(b"second")
    PartLayouts(cache_dir, jobs=1, environment="x").get(job)
    assert len(layout.calls) == 2


def test_prune_keeps_only_the_entries_used(tmp_path, fake):
    other = replace(JOB, html="<p>page 6</p>")
    old = PartLayouts(tmp_path, jobs=1, environment="x")
    old.get(JOB)
    old.get(other)
    last = PartLayouts(tmp_path, jobs=1, environment="x")
    last.get(other)
    last.prune()
    assert sorted(p.stem.partition("-")[0] for p in (tmp_path / PARTS).iterdir()) == [last.key(other)] * 2


def test_without_a_cache_folder_nothing_is_stored(tmp_path, fake):
    pool = PartLayouts(None, jobs=1, environment="x")
    pool.get(JOB)
    pool.prune()
    PartLayouts(None, jobs=1, environment="x").get(JOB)
    assert fake.calls == ["a", "a"]


def test_a_cache_that_cannot_be_pruned_is_left_as_it_is(tmp_path, fake, monkeypatch):
    """A read-only output folder (the tests run as root, whom chmod does not stop: unlink is refused instead):
    the stale entries stay, the build goes on."""
    PartLayouts(tmp_path, jobs=1, environment="x").get(JOB)  # an entry the next build will not use
    stale = sorted((tmp_path / PARTS).iterdir())
    pool = PartLayouts(tmp_path, jobs=1, environment="x")
    pool.get(replace(JOB, html="<p>page 6</p>"))

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    pool.prune()
    assert all(p.exists() for p in stale)
    monkeypatch.undo()
    pool.prune()  # allowed again: the stale entries go
    assert not any(p.exists() for p in stale)
