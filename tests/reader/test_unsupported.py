"""What markdown-it would read in silence, or leave as typed, is an error at its line (reader/unsupported.py)."""

from __future__ import annotations

from helpers import article, load, messages, write_issue

A = "hp-test/articles/a.md"


def _diags(workdir, body: str, **meta) -> list[str]:
    _, rep = load(write_issue(workdir, {"a": article(body, **meta)}))
    return messages(rep)


def test_attributes_on_a_code_span_or_a_link(workdir):
    assert _diags(workdir, "Du `code`{.rouge}\net [un lien](https://exemple.fr){target=_blank}.\n") == [
        f"{A}:7: error: attribute class on a code span: attributes in braces follow a span ([mot]{{.smallcaps}}) "
        "or an image only: remove the braces [markup.attribute]",
        f"{A}:8: error: attribute target on a link: attributes in braces follow a span ([mot]{{.smallcaps}}) "
        "or an image only: remove the braces [markup.attribute]"]


def test_attributes_left_as_text(workdir):
    """After an emphasis, a word or a heading, markdown-it leaves them as text: they would print as typed."""
    diags = _diags(workdir, "## Un titre {#ancre}\n\nUn *mot*{.bleu} ici.\n")
    assert [d.split(": error: ")[0] for d in diags] == [f"{A}:7", f"{A}:9"]
    assert all(d.endswith("[markup.attribute]") and "would print as typed" in d for d in diags)
    assert "'{#ancre}'" in diags[0] and "'{.bleu}'" in diags[1]


def test_attributes_in_a_title(workdir):
    diags = _diags(workdir, "", title="Un *titre*{.x}")
    assert diags == [f"{A}:4: error: '{{.x}}' would print as typed: attributes in braces follow a span "
                     "([mot]{.smallcaps}) or an image only: remove the braces [markup.attribute]"]


def test_spans_images_and_braces_in_prose_are_fine(workdir):
    text = article("[ONU]{.smallcaps} et [the commons]{lang=en}, un ensemble {a, b} et des accolades {}.\n\n"
                   '![Une vue](images/x.png "Légende"){credit="© X"}\n')
    _, rep = load(write_issue(workdir, {"a": text}, images={"images/x.png": (4, 4)}))
    assert messages(rep) == []


def test_inline_note(workdir):
    assert _diags(workdir, "Un appel^[une note en ligne] ici.\n") == [
        f"{A}:7: error: an inline note '^[…]' would print as typed: write a call [^1] here and the note's text "
        "in a paragraph of its own starting with '[^1]: ' [markup.inline-note]"]
