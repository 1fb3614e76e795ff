"""Text checked wherever it enters the model, identifiers compared NFC-normalised, SOURCE_DATE_EPOCH's limits.

The hostile cases (tests/helpers/hostile_text.py) say the diagnostics of each bad source; here are what
must build (a decomposed accent matching its composed form, the characters that stay allowed), the
environment variable, which a case of that shape cannot set, and the checker's own rules."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import article, load, messages, run_cli, write_issue

from horizons_pub.model.walk import iter_notes
from horizons_pub.reader.textchecks import BAD, first_bad, invisible_note, quoted
from horizons_pub.support.dates import EPOCH_MAX, EpochError, source_datetime, source_epoch

NFD = unicodedata.normalize("NFD", "société")
NFC = unicodedata.normalize("NFC", "société")


def _accented_issue(root: Path) -> Path:
    """A rubric id with an accent, composed (NFC) in issue.yaml, decomposed (NFD) in the article's front
    matter and in the cover's headline, as text pasted from a macOS file name would be."""
    assert NFD != NFC
    patch = {"rubrics": [{"id": NFC, "title": "Société"}],
             "cover": {"headline": NFD, "lines": [{"rubric": NFD, "text": "Un titre de couverture"}]}}
    return write_issue(root, {"a": article("Bonjour.\n", rubric=NFD)}, issue=patch)


def test_a_decomposed_rubric_id_is_its_composed_form(workdir):
    issue, rep = load(_accented_issue(workdir))
    assert messages(rep) == []
    assert issue is not None and issue.articles[0].rubric == NFC and issue.cover.headline_rubric == NFC


@pytest.mark.slow
def test_a_decomposed_rubric_id_builds(tmp_path):
    folder = _accented_issue(tmp_path)
    code, err = run_cli(tmp_path, "build", folder.name, "--out", str(tmp_path / "out"), "--format", "epub")
    assert (code, err) == (0, [])
    assert list((tmp_path / "out" / folder.name).glob("*.epub"))


def test_a_decomposed_file_name_is_named_composed_and_matches_its_entry(workdir):
    """An accent has no place in an article id (it names EPUB files), so the file is refused: once, by its
    composed name, and not also as missing from the flatplan nor as a file without an entry."""
    folder = write_issue(workdir, {"a": article("Bonjour.\n")})
    (folder / "articles" / "a.md").rename(folder / "articles" / f"{NFD}.md")
    text = (folder / "issue.yaml").read_text(encoding="utf-8").replace("article: a", f"article: {NFC}")
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    _, rep = load(folder)
    assert [d.code for d in rep.diagnostics] == ["article.id"]
    assert f"the file name '{NFC}.md' is not a valid article id" in messages(rep)[0]


def test_a_note_label_is_compared_composed(workdir):
    """A call written ``[^société]`` composed and its definition decomposed are one note."""
    body = f"Un texte[^{NFC}].\n\n[^{NFD}]: La note.\n"
    issue, rep = load(write_issue(workdir, {"a": article(body)}))
    assert messages(rep) == [] and issue is not None and len(list(iter_notes(issue.articles[0]))) == 1


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200b", "\u00ad", "\t"])
def test_marks_and_invisible_spaces_stay_allowed_in_text(workdir, char):
    """Direction marks (a name copied from an Arabic text), a zero-width space, a soft hyphen, a tab."""
    escape = f"\\u{ord(char):04x}"
    folder = write_issue(workdir, {"a": article(f"Un mot{char}ici.\n", title="Un titre")})
    _edit(folder / "articles" / "a.md", "title: Un titre", f'title: "Un{escape} titre"')
    issue, rep = load(folder)
    assert messages(rep) == [] and issue is not None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_escape_in_every_front_matter_value_is_found(workdir):
    """Each value that reaches the model: standfirst, short title, an author's name and description."""
    meta = ('standfirst: "Un\\x02 chapeau"\nshort_title: "Court\\u202d"\nauthors:\n'
            '- name: "Marie\\x03 Martin"\n  description: "Une\\u2068 chercheuse"\n')
    folder = write_issue(workdir, {"a": "---\nrubric: edito\nkind: article\ntitle: Un titre\n" + meta + "---\n"})
    issue, rep = load(folder)
    assert issue is None
    assert [(d.code, d.pos.line) for d in rep.diagnostics] == [
        ("text.control-char", 5), ("text.bidi-control", 6), ("text.control-char", 8), ("text.bidi-control", 9)]


def test_every_bidi_embedding_override_and_isolate_is_refused():
    refused = [chr(c) for c in range(0x110000) if 0xD800 > c or c > 0xDFFF if BAD.fullmatch(chr(c))]
    bidi = [c for c in refused if unicodedata.bidirectional(c) in ("LRE", "RLE", "PDF", "LRO", "RLO",
                                                                   "LRI", "RLI", "FSI", "PDI")]
    assert [f"{ord(c):04X}" for c in bidi] == ["202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068",
                                               "2069"]
    assert first_bad("Un\u200e mot\u200f") is None  # the marks


def test_an_invisible_character_is_named_where_it_stands():
    assert quoted("edito") == "'edito'"
    assert quoted("edito\u200b") == ("'edito\\u200b' (it holds an invisible character: U+200B ZERO WIDTH SPACE "
                                     "at position 6)")
    assert invisible_note("\ufeffa\u00a0") == (" (it holds invisible characters: U+FEFF ZERO WIDTH NO-BREAK SPACE "
                                               "at position 1, U+00A0 NO-BREAK SPACE at position 3)")


def test_an_unknown_key_with_an_invisible_character_says_so(workdir):
    folder = write_issue(workdir, {"a": "---\nrubric: edito\nkind: article\ntitle: Un titre\n"
                                        "\"standfirst\\u200b\": Un chapeau\n---\n"})
    _, rep = load(folder)
    assert messages(rep) == [
        "hp-test/articles/a.md:5: error: unknown key 'standfirst\\u200b' (it holds an invisible character: U+200B "
        "ZERO WIDTH SPACE at position 11) in the front matter; did you mean 'standfirst'? [yaml.unknown-key]"]


# -- SOURCE_DATE_EPOCH ---------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("99999999999999", "'99999999999999' is after 2099-12-31: give the build's date as seconds since 1970-01-01 "
                       f"00:00 UTC, at most {EPOCH_MAX} (e.g. 1700000000), or unset it"),
    ("9" * 5000, "a value of 5,000 characters is after 2099-12-31: give the build's date as seconds since "
                 f"1970-01-01 00:00 UTC, at most {EPOCH_MAX} (e.g. 1700000000), or unset it"),
    ("-1", "'-1' is not a date: give the build's date as a whole number of seconds since 1970-01-01 00:00 UTC "
           "(e.g. 1700000000, or $(git log -1 --format=%ct)), or unset it"),
    ("2024-03-01", "'2024-03-01' is not a date: give the build's date as a whole number of seconds since "
                   "1970-01-01 00:00 UTC (e.g. 1700000000, or $(git log -1 --format=%ct)), or unset it"),
])
def test_a_bad_source_date_epoch_is_an_error_before_anything_is_built(tmp_path, monkeypatch, value, message):
    folder = write_issue(tmp_path, {"a": article("Bonjour.\n")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code, err = run_cli(tmp_path, "build", folder.name, "--out", str(tmp_path / "out"))
    assert code == 1 and not any("Traceback" in line for line in err)
    assert err == [f"SOURCE_DATE_EPOCH: error: {message} [env.source-date-epoch]",
                   "hp-test: build failed (1 error, 0 warnings)"]
    assert not (tmp_path / "out" / folder.name).exists() or not list((tmp_path / "out" / folder.name).glob("*.pdf"))


def test_verify_says_a_bad_source_date_epoch_too(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    code, err = run_cli(tmp_path, "verify", str(tmp_path))
    assert code == 1 and not any("Traceback" in line for line in err)
    assert err[0].startswith("SOURCE_DATE_EPOCH: error: '99999999999999' is after 2099-12-31: ") \
        and err[0].endswith(" [env.source-date-epoch]"), err


def test_source_date_epoch_limits(monkeypatch, workdir):
    issue, _ = load(write_issue(workdir, {"a": article("Bonjour.\n")}))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    assert source_epoch() is None  # empty: unset
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_MAX))
    assert source_datetime(issue).isoformat() == "2099-12-31T23:59:59+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_MAX + 1))
    with pytest.raises(EpochError):
        source_datetime(issue)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "\u0661\u0662")  # Arabic-Indic digits: not a number of seconds here
    with pytest.raises(EpochError):
        source_epoch()


def test_a_character_yaml_refuses_as_typed_is_a_diagnostic_at_its_line():
    # PyYAML's reader refuses it while the loader is made, before any parsing: a diagnostic, never a traceback
    from horizons_pub.reader.yamlsrc import load_yaml
    from horizons_pub.support.diagnostics import Reporter

    reporter = Reporter(echo=False)
    assert load_yaml("number: 99\ntitle: Un\x07titre\n", "issue.yaml", reporter) is None
    assert messages(reporter) == ["issue.yaml:2: error: malformed YAML: the character U+0007 is not allowed in "
                                  "YAML; delete it [yaml.syntax]"]
