"""Incremental builds: a warm rebuild lays out again only the parts that changed, and its outputs are
the bytes a cold build of the same source gives (issue 7).

The every-construct issue is built cold, edited, rebuilt warm in the same output folder, and
built cold again into an empty folder; the two builds of the edited source must agree byte
for byte.  Nothing here is timed: benchmarks/run.py measures the speed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from horizons_pub.builder.recipe import build_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.render.pdf.pool import PARTS

from helpers.outputs import CONSTRUCTS

pytestmark = pytest.mark.slow  # every test builds the every-construct issue

FORMATS = ["epub", "print", "screen"]


def _build(src: Path, out: Path, jobs: int | None = None):
    reporter = Reporter(echo=False)
    result = build_issue(src, out, FORMATS, reporter, jobs=jobs)
    assert not reporter.has_errors(), [d.record() for d in reporter.diagnostics]
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _outputs(result) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.outputs}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    src = root / "src" / "constructs"
    shutil.copytree(CONSTRUCTS, src)
    first = _build(src, root / "warm", jobs=2)
    _edit(src / "articles" / "terrain.md", "Un dernier paragraphe.", "Un dernier paragraphe, modifié.")
    warm = _build(src, root / "warm", jobs=2)
    warm_bytes = _outputs(warm)
    cold = _build(src, root / "cold", jobs=1)
    return {"root": root, "src": src, "first": first, "warm": warm, "warm_bytes": warm_bytes, "cold": cold}


def test_a_cold_build_lays_out_every_part_of_both_variants(runs):
    laid = runs["first"].laid_out
    for variant in ("print", "screen"):
        for part in ("cover", "edito", "sommaire", "entretien", "terrain", "back-cover"):
            assert f"{variant}:{part}" in laid, laid


def test_a_warm_rebuild_lays_out_only_the_edited_article(runs):
    # one paragraph changed, no page moved: neither the other articles nor the sommaire are laid out
    assert sorted(runs["warm"].laid_out) == ["print:terrain", "screen:terrain"]


def test_a_warm_rebuild_gives_the_bytes_of_a_cold_build(runs):
    # the warm build's parts were laid out by two worker processes, the cold build's in its own process
    cold = _outputs(runs["cold"])
    assert sorted(cold) == sorted(runs["warm_bytes"])
    for name, data in cold.items():
        assert runs["warm_bytes"][name] == data, f"{name} differs between the warm and the cold build"


def test_the_edit_is_in_the_rebuilt_pdfs(runs):
    import subprocess

    # the cover PDF (the cover board: covers, spine and pages 2 and N − 1) does not show the dossier's article
    for pdf in (p for p in runs["warm"].outputs if p.suffix == ".pdf" and not p.stem.endswith("-cover")):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "modifié." in text and text.count("Un dernier paragraphe") == 1, pdf.name


def test_the_cache_keeps_only_the_entries_of_the_last_build(runs):
    folder = runs["root"] / "warm" / "constructs" / ".cache" / PARTS
    entries = {p.stem for p in folder.iterdir()}
    # one PDF and one record per part and variant (6 parts + 2 reserved-page parts at most)
    assert len(list(folder.glob("*.pdf"))) == len(list(folder.glob("*.json"))) == len(entries)
    assert 2 * 6 <= len(entries) <= 2 * 8


def test_a_damaged_cache_entry_is_laid_out_again(runs, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(runs["root"] / "warm", out)
    (out / "constructs" / ".cache" / "build-stamp.json").unlink()  # force the build past its stamp
    entries = sorted((out / "constructs" / ".cache" / PARTS).glob("*.pdf"))
    victim = entries[0]
    victim.write_bytes(victim.read_bytes()[: len(victim.read_bytes()) // 2])  # a build killed while writing
    result = _build(runs["src"], out)
    assert len(result.laid_out) == 1
    assert _outputs(result) == _outputs(runs["cold"])


def test_a_changed_image_lays_out_the_part_that_shows_it(runs, tmp_path):
    src = tmp_path / "src" / "constructs"
    shutil.copytree(runs["src"], src)
    out = tmp_path / "out"
    shutil.copytree(runs["root"] / "warm", out)
    image = src / "images" / "schema.png"
    from PIL import Image

    with Image.open(image) as img:
        img.convert("RGB").rotate(180).save(image)  # same size, other pixels
    result = _build(src, out)
    assert sorted(result.laid_out) == ["print:terrain", "screen:terrain"]



def test_parts_an_overflow_moved_are_cached_too(tmp_path):
    """The parts after an overflowing article start later than the flatplan says: their layout at the
    planned folio (started early, before the overflow was known) and at the real one are both kept, so
    a rebuild lays out nothing again."""
    from helpers.longissue import write_long_issue

    src = write_long_issue(tmp_path / "src")
    out = tmp_path / "out"
    first = _build(src, out, jobs=2)
    assert "screen:suite" in first.laid_out
    layout = json.loads((out / src.name / "layout.json").read_text(encoding="utf-8"))
    pushed = [p for p in layout["parts"] if p["kind"] != "reserved" and p["planned"] != p["first"]]
    assert pushed, "the test issue should push a part past its planned page"
    cached = list((out / src.name / ".cache" / PARTS).glob("*.pdf"))
    assert len(cached) == 2 * (len(layout["parts"]) + len(pushed))  # both variants, pushed parts twice
    (out / src.name / ".cache" / "build-stamp.json").unlink()  # past the stamp: every part is asked for
    again = _build(src, out, jobs=2)
    assert again.laid_out == []
    assert _outputs(again) == _outputs(first)
