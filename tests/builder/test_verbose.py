"""``horizons-pub build --verbose``: each print part of each variant at its pages, taken from the cache or
laid out and why; for a build the stamp skips, why nothing was done (issue 21).

The first test is fast (a stamp written by hand: nothing is laid out); the others build a small issue
of three articles with WeasyPrint, edit it and build it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import article, write_issue
from horizons_pub.builder.recipe import FORMATS  # the default build's: every format
from horizons_pub.builder.stamp import build_key, rebuild_lines, source_digests, stamp_inputs, write_stamp
from horizons_pub.cli import main
from horizons_pub.support.environment import environment_key

#: a line of the layout: variant, pages, part, what the build did with it
LINE = re.compile(r"^  (print|screen) +(pages? \d+(?:–\d+)?) +(\S+) +(from the cache|laid out: .+)$")


def build(capsys, folder: Path, out: Path, *flags: str) -> str:
    code = main(["build", str(folder), "--out", str(out), "--jobs", "2", *flags])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def parts(output: str) -> dict[tuple[str, str], str]:
    """(variant, part) → "from the cache" or "laid out: why", from the lines --verbose printed."""
    found = [LINE.match(line) for line in output.splitlines()]
    return {(m[1], m[3]): m[4] for m in found if m}


def test_a_build_with_nothing_to_do_says_why_with_verbose(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = write_issue(tmp_path / "src", {"a": article("Un texte.")})
    out_dir = tmp_path / "out" / folder.name
    output = out_dir / "horizons-publics-99.epub"
    output.parent.mkdir(parents=True)
    output.write_bytes(b"an epub")  # the stamp takes it for the last build's output
    write_stamp(out_dir, build_key(folder, FORMATS, False, environment_key()), [output], ["the outline"], [])
    quiet = build(capsys, folder, tmp_path / "out")
    assert "nothing done" not in quiet and "up to date" in quiet
    said = build(capsys, folder, tmp_path / "out", "--verbose")
    assert "nothing done: every input is as at the last build (" in said
    assert "layouts/, fonts/, the code" in said and "1 output(s) are in place" in said
    assert said.splitlines()[-1].endswith("up to date: nothing changed since the last build (0 errors, 0 warnings)")


def test_verbose_says_what_changed_since_the_last_build(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = write_issue(tmp_path / "src", {"a": article("Un texte."), "b": article("Un autre.")},
                         images={"images/x.png": (8, 6)})
    out = tmp_path / "out"

    def inputs(formats=FORMATS, strict=False, environment="env1"):
        return stamp_inputs(source_digests(folder), formats, strict, environment)

    assert rebuild_lines(out, inputs()) == ["  built: no earlier build in this output folder"]
    write_stamp(out, "k", [], [], [])  # a stamp of an older version, without its inputs
    assert "does not say its inputs" in rebuild_lines(out, inputs())[0]
    write_stamp(out, "k", [], [], [], inputs())
    assert rebuild_lines(out, inputs()) == ["  built because: the last build's stamp did not match"]
    (folder / "articles" / "a.md").write_text(article("Un texte changé."), encoding="utf-8")
    (folder / "articles" / "b.md").unlink()
    (folder / "images" / "y.png").write_bytes(b"an image")
    (folder / ".a.md.swp").write_bytes(b"an editor's file: an input too (no name is special)")
    assert rebuild_lines(out, inputs()) == [
        "  built because: articles/a.md changed; .a.md.swp added; images/y.png added; articles/b.md removed"]
    write_stamp(out, "k", [], [], [], inputs())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert rebuild_lines(out, inputs(["epub"], True, "env2")) == [
        "  built because: layouts/, fonts/, the code or the libraries changed; the formats were articles, epub, "
        "print, records, screen, now epub; --strict given; SOURCE_DATE_EPOCH was not set, now 1700000000"]


def test_the_stamps_key_is_the_hash_of_the_files_it_lists(tmp_path):
    folder = write_issue(tmp_path / "src", {"a": article("Un texte.")}, images={"images/a-b/x.png": (8, 6),
                                                                             "images/a/y.png": (8, 6)})
    files = source_digests(folder)
    assert list(files) == ["articles/a.md", "images/a/y.png", "images/a-b/x.png", "issue.yaml"]  # in path order
    assert build_key(folder, FORMATS, False, "env", files) == build_key(folder, FORMATS, False, "env")
    files["articles/a.md"] = "0" * 64
    assert build_key(folder, FORMATS, False, "env", files) != build_key(folder, FORMATS, False, "env")


@pytest.fixture(scope="module")
def issue(tmp_path_factory):
    root = tmp_path_factory.mktemp("verbose")
    folder = write_issue(root / "src", {
        "a": article("Le premier texte.", title="Premier"),
        "b": article("Le deuxième texte.", title="Deuxième", rubric="actualite"),
        "c": article("Le troisième texte.\n\n![Une image](images/x.png)", title="Troisième", rubric="actualite"),
    }, images={"images/x.png": (60, 40)})
    return folder, root / "out"


@pytest.mark.slow
def test_verbose_says_what_was_laid_out_and_why(issue, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder, out = issue
    quiet = build(capsys, folder, out)  # without --verbose: as before
    assert parts(quiet) == {} and "laid out" not in quiet
    first = build(capsys, folder, out, "--verbose")  # nothing changed: the stamp skips the build
    assert "nothing done: every input is as at the last build" in first and parts(first) == {}

    text = folder / "articles" / "b.md"
    text.write_text(text.read_text(encoding="utf-8").replace("deuxième texte.", "deuxième texte, modifié."),
                    encoding="utf-8")
    said = build(capsys, folder, out, "--verbose")
    assert "  built because: articles/b.md changed\n" in said
    after_text = parts(said)
    assert {v for v, _ in after_text} == {"print", "screen"}
    assert {"cover", "sommaire", "a", "b", "c", "back-cover"} <= {p for _, p in after_text}
    laid = {key: why for key, why in after_text.items() if why != "from the cache"}
    assert laid == {("print", "b"): "laid out: its text changed", ("screen", "b"): "laid out: its text changed"}

    from PIL import Image

    with Image.new("RGB", (60, 40), (30, 30, 200)) as img:  # same size, other pixels
        img.save(folder / "images" / "x.png")
    said = build(capsys, folder, out, "--verbose")
    assert "  built because: images/x.png changed\n" in said
    after_image = parts(said)
    laid = {key: why for key, why in after_image.items() if why != "from the cache"}
    assert laid == {("print", "c"): "laid out: the image images/x.png changed",
                    ("screen", "c"): "laid out: the image images/x.png changed"}
    assert set(after_image) == set(after_text)


@pytest.mark.slow
def test_a_first_build_says_no_cache_and_its_pages(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = write_issue(tmp_path / "src", {"a": article("Un texte.", title="Un")})
    output = build(capsys, folder, tmp_path / "out", "--verbose", "--format", "print")
    said = parts(output)
    assert set(said.values()) == {"laid out: first build (no cache)"}
    assert {v for v, _ in said} == {"print"}  # only the variant asked
    lines = {m[3]: m[2] for m in map(LINE.match, output.splitlines()) if m}
    assert lines["cover"] == "page 1" and lines["a"] == "page 4" and lines["back-cover"] == "page 6"
