"""Diagnostics on broken sources: each as the editor reads it, ``path:line: level: message [code]``.

The messages are for the magazine's production staff: each names the file and
line, says what is wrong and what to do.  Most cases go through ``load_issue``
(read + transforms); a few go through the command line, which must exit with
status 1, print the diagnostic on stderr and never a Python traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINIMAL_ARTICLE, load, messages, write_issue

SRC = Path(__file__).resolve().parents[1] / "src"

#: A valid issue.yaml, written out so that line numbers can be read off it.
ISSUE = """\
magazine: Horizons publics
number: 99
title: "Un numéro d'essai"
language: fr
date: 2024-03-01
publisher: Berger-Levrault
editor_in_chief: Julien Nessi
trim: {width_mm: 180, height_mm: 260}
pages: 8
cover:
  taglines: [Comprendre, Agir]
  website: horizonspublics.fr
  headline: dossier
  lines:
    - {rubric: dossier, text: "Un titre de couverture"}
rubrics:
  - {id: edito, title: Édito}
  - id: dossier
    title: Dossier
    children:
      - {id: terrain, title: Sur le terrain}
flatplan:
  - {page: 1, part: cover}
  - {page: 2, part: sommaire}
  - {page: 4, article: a}
  - {page: 6, article: b}
  - {page: 8, part: back-cover}
"""

#: An article whose body starts on line 6.
HEAD = "---\nrubric: edito\nkind: article\ntitle: Un titre\n---\n"

Y = "hp-test/issue.yaml"
A = "hp-test/articles/a.md"


def diags(workdir: Path, issue_yaml: str = ISSUE, **articles: str | bytes) -> list[str]:
    """The diagnostics of an issue made of ISSUE (or ``issue_yaml``) and articles a, b (default: minimal)."""
    arts = {"a": MINIMAL_ARTICLE, "b": MINIMAL_ARTICLE, **articles}
    issue, rep = load(write_issue(workdir, arts, issue_yaml=issue_yaml))
    if rep.has_errors():
        assert issue is None
    return messages(rep)


def edit(line: int, new: str, text: str = ISSUE) -> str:
    """``text`` with its line ``line`` (1-based) replaced by ``new`` (several lines, or none, allowed)."""
    lines = text.split("\n")
    lines[line - 1: line] = new.split("\n") if new else []
    return "\n".join(lines)


def test_the_base_issue_is_valid(workdir):
    assert diags(workdir) == []
    assert edit(3, 'title: "Un numéro d\'essai"') == ISSUE


# --------------------------------------------------------------------------
# YAML syntax
# --------------------------------------------------------------------------


def test_malformed_yaml_in_issue_yaml(workdir):
    assert diags(workdir, edit(3, "title: Quel numérique : pour demain")) == [
        f"{Y}:3: error: malformed YAML: a ' : ' inside a value is read as a new key; put the value in double "
        "quotes, as in this line, ready to paste: title: \"Quel numérique : pour demain\" [yaml.syntax]"]


def test_malformed_yaml_unclosed_quote_points_at_the_quote(workdir):
    """PyYAML notices the missing quote 12 lines later (line 15); the diagnostic names the line to fix."""
    assert diags(workdir, edit(3, 'title: "Un numéro d\'essai')) == [
        f"{Y}:3: error: malformed YAML: the double quote opened on this line is never closed; close it "
        "[yaml.syntax]"]


def test_malformed_yaml_unclosed_quote_at_the_end(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: 'L’État plateforme\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:4: error: malformed YAML: found unexpected end of stream; a quote opened on this line is never "
        "closed: close it, or write an apostrophe inside the value as ’ [yaml.syntax]"]


def test_malformed_yaml_tab(workdir):
    assert diags(workdir, edit(12, "\twebsite: horizonspublics.fr")) == [
        f"{Y}:12: error: malformed YAML: found character '\\t' that cannot start any token; a tab character: "
        "indent with spaces only [yaml.syntax]"]


def test_malformed_yaml_in_front_matter(workdir):
    """The line is the line in the .md file: the '---' line before the YAML counts."""
    text = "---\nrubric: edito\nkind: article\ntitle: Villes : demain\n---\n\nTexte.\n"
    assert diags(workdir, a=text) == [
        f"{A}:4: error: malformed YAML: a ' : ' inside a value is read as a new key; put the value in double "
        "quotes, as in this line, ready to paste: title: \"Villes : demain\" (or leave 'title' out and write "
        "the title as the text's first line, after '# ') [yaml.syntax]"]


def test_malformed_yaml_in_front_matter_italics_at_the_start(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre\nstandfirst: *Horizons publics* a dix ans\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:5: error: malformed YAML: found undefined alias 'Horizons'; a value cannot start with '*' (italics) "
        "or '&': put the whole value in double quotes, e.g. description: \"*Horizons publics*, rédaction\" "
        "[yaml.syntax]"]


def test_malformed_yaml_in_front_matter_italics_alone(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre\nstandfirst: * un point\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:5: error: malformed YAML: expected alphabetic or numeric character, but found ' '; a value cannot "
        "start with '*' (italics) or '&': put the whole value in double quotes, e.g. description: "
        "\"*Horizons publics*, rédaction\" [yaml.syntax]"]


def test_malformed_yaml_apostrophe_in_single_quotes(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: 'L'État plateforme'\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:4: error: malformed YAML: expected <block end>, but found '<scalar>'; text follows a closing "
        "quote: put the whole value in double quotes, and write an apostrophe inside it as ’ [yaml.syntax]"]


def test_line_without_colon_in_front_matter(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre\nun chapô oublié\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:5: error: malformed YAML: could not find expected ':'; this line is not 'key: value': add the ':' "
        "after the key, or indent the line if it continues the value above [yaml.syntax]"]


def test_duplicate_key(workdir):
    assert diags(workdir, edit(4, "language: fr\nnumber: 38")) == [
        f"{Y}:5: error: malformed YAML: the key 'number' appears twice [yaml.syntax]"]


def test_impossible_date_is_reported_not_a_crash(workdir):
    """PyYAML raised a bare ValueError for 2024-02-30: the reader now reports it at its line."""
    assert diags(workdir, edit(5, "date: 2024-02-30")) == [
        f"{Y}:5: error: malformed YAML: '2024-02-30' is not a real date (day is out of range for month); "
        "write a date as YYYY-MM-DD, or put text in double quotes [yaml.syntax]"]


# --------------------------------------------------------------------------
# Keys and types
# --------------------------------------------------------------------------


def test_wrong_type_in_issue_yaml(workdir):
    assert diags(workdir, edit(2, "number: trente-huit")) == [
        f"{Y}:2: error: 'number' in issue.yaml must be a whole number, not 'trente-huit' [yaml.type]"]


def test_wrong_type_nested(workdir):
    assert diags(workdir, edit(25, "  - {page: quatre, article: a}")) == [
        f"{Y}:25: error: 'page' in a flatplan entry must be a whole number, not 'quatre' [yaml.type]"]


def test_number_where_text_is_expected(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: 1984\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:4: error: 'title' in the front matter must be text, not the number 1984 (to have it read as text, "
        "put it in double quotes) [yaml.type]"]


def test_empty_value(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle:\n---\n"
    assert diags(workdir, a=text) == [f"{A}:4: error: 'title' in the front matter is empty: give it text [yaml.type]"]


def test_missing_required_key_in_issue_yaml(workdir):
    assert diags(workdir, edit(6, "")) == [
        f"{Y}:1: error: issue.yaml lacks the required key 'publisher': add 'publisher: …' [yaml.missing-key]"]


def test_missing_required_key_in_front_matter(workdir):
    text = "---\nrubric: edito\ntitle: Un titre\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:2: error: the front matter lacks the required key 'kind': add 'kind: …' [yaml.missing-key]"]


def test_unknown_key_typo_in_front_matter(workdir):
    text = "---\nrubric: edito\nkind: article\ntitel: Un titre\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:4: error: unknown key 'titel' in the front matter; did you mean 'title'? [yaml.unknown-key]"]


def test_unknown_key_typo_in_issue_yaml(workdir):
    assert diags(workdir, edit(12, "  webiste: horizonspublics.fr")) == [
        f"{Y}:12: error: unknown key 'webiste' in cover; did you mean 'website'? [yaml.unknown-key]"]


def test_unknown_key_without_a_close_match(workdir):
    assert diags(workdir, edit(9, "pages: 8\nremarque: à relire")) == [
        f"{Y}:10: error: unknown key 'remarque' in issue.yaml (expected one of: cover, date, distribution, "
        "editor_in_chief, flatplan, isbn, isbn_epub, issn, language, magazine, number, pages, print, publisher, rights, "
        "rubrics, title, trim) "
        "[yaml.unknown-key]"]


def test_unknown_rubric_in_an_article(workdir):
    text = "---\nrubric: dossir\nkind: article\ntitle: Un titre\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:2: error: unknown rubric 'dossir'; did you mean 'dossier'? [article.unknown-rubric]"]


def test_missing_rubric(workdir):
    text = "---\nkind: article\ntitle: Un titre\n---\n"
    assert diags(workdir, a=text) == [
        f"{A}:2: error: the article has no rubric: add 'rubric:' with a rubric id of issue.yaml "
        "[article.no-rubric]"]


def test_unknown_kind_and_role(workdir):
    text = ("---\nrubric: edito\nkind: entretien\ntitle: Un titre\nauthors:\n"
            "  - {name: Jeanne, role: rédactrice}\n---\n")
    assert diags(workdir, a=text) == [
        f"{A}:3: error: unknown kind 'entretien' (kinds: editorial, article, interview, opener, brief) "
        "[article.kind]",
        f"{A}:6: error: unknown role 'rédactrice' (roles: author, interviewee, interviewer (« propos recueillis "
        "par »), coordinator, contributor) [article.role]"]


# --------------------------------------------------------------------------
# The flatplan
# --------------------------------------------------------------------------


def test_flatplan_names_a_missing_article(workdir):
    text = edit(26, "  - {page: 6, article: grenobel}")
    issue, rep = load(write_issue(workdir, {"a": MINIMAL_ARTICLE, "grenoble": MINIMAL_ARTICLE}, issue_yaml=text))
    assert messages(rep) == [  # in source order: the flatplan's line (22), then the entry's
        f"{Y}:22: error: the article articles/grenoble.md is not in the flatplan: give it a page here "
        "('- {page: N, article: grenoble}'), or move it out of articles/ [flatplan.unlisted-article]",
        f"{Y}:26: error: no file articles/grenobel.md for this flatplan entry; did you mean 'grenoble'? "
        "[flatplan.missing-article]"]


def test_two_parts_on_the_same_page(workdir):
    assert diags(workdir, edit(26, "  - {page: 4, article: b}")) == [
        f"{Y}:26: error: page 4 is already given to the article 'a' (line 25); to print a box on that page, "
        "list it under 'boxes' [flatplan.same-page]"]


def test_pages_out_of_order(workdir):
    text = edit(26, "  - {page: 4, article: b}", edit(25, "  - {page: 6, article: a}"))
    assert diags(workdir, text) == [
        f"{Y}:26: error: page 4 comes after page 6: list the parts in page order [flatplan.order]"]


def test_page_after_the_last_page(workdir):
    assert diags(workdir, edit(27, "  - {page: 10, part: back-cover}")) == [
        f"{Y}:27: error: page 10 is after the last page of the issue ('pages: 8'): correct the page, or 'pages' "
        "[flatplan.page-range]"]


def test_article_file_not_in_the_flatplan(workdir):
    assert diags(workdir, c=MINIMAL_ARTICLE) == [
        f"{Y}:22: error: the article articles/c.md is not in the flatplan: give it a page here "
        "('- {page: N, article: c}'), or move it out of articles/ [flatplan.unlisted-article]"]


def test_article_placed_twice(workdir):
    assert diags(workdir, edit(24, "  - {page: 2, part: sommaire, boxes: [b]}")) == [
        f"{Y}:26: error: the article 'b' is placed twice [flatplan.duplicate-article]"]


def test_part_article_is_refused(workdir):
    """``part: article`` used to pass the reader and leave a Part without an article (a crash in the outline)."""
    assert diags(workdir, edit(24, "  - {page: 2, part: article}")) == [
        f"{Y}:24: error: 'part: article' is not a part: name the article with 'article: <file name without "
        ".md>' [flatplan.part]"]


def test_unknown_part(workdir):
    assert diags(workdir, edit(24, "  - {page: 2, part: somaire}")) == [
        f"{Y}:24: error: unknown part 'somaire'; did you mean 'sommaire'? [flatplan.part]"]


def test_entry_with_article_and_part(workdir):
    assert diags(workdir, edit(24, "  - {page: 2, part: sommaire, article: b}")) == [
        f"{Y}:24: error: a flatplan entry names both an 'article' and a 'part': keep one (the boxes printed on "
        "a part's page go under 'boxes') [flatplan.entry]"]


def test_tagline_that_is_not_text(workdir):
    assert diags(workdir, edit(11, "  taglines: [Comprendre, {Agir: vite}]")) == [
        f"{Y}:11: error: an item of the taglines must be text, not a mapping [yaml.type]"]


def test_wrong_type_is_reported_once(workdir):
    assert diags(workdir, edit(8, "trim: 180x260")) == [
        f"{Y}:8: error: 'trim' in issue.yaml must be a mapping, not '180x260' [yaml.type]"]


# --------------------------------------------------------------------------
# Markdown bodies
# --------------------------------------------------------------------------


def test_raw_html(workdir):
    assert diags(workdir, a=HEAD + "\nTexte.\n\n<script>alert('x')</script>\n") == [
        f"{A}:9: error: raw HTML is not allowed: <script>alert('x')</script>; remove it: write Markdown only "
        "(*italics*, **bold**, [link](https://…)) [markup.raw-html]"]


def test_inline_html(workdir):
    assert diags(workdir, a=HEAD + "\nDu <b>gras</b>.\n") == [
        f"{A}:7: error: raw HTML is not allowed: <b>; remove it: write Markdown only (*italics*, **bold**, "
        "[link](https://…)) [markup.raw-html]",
        f"{A}:7: error: raw HTML is not allowed: </b>; remove it: write Markdown only (*italics*, **bold**, "
        "[link](https://…)) [markup.raw-html]"]


def test_javascript_link(workdir):
    """markdown-it used to turn this link into plain text without a word; the reader now reports it."""
    assert diags(workdir, a=HEAD + "\nTexte.\n\nUn [lien](javascript:alert(1)).\n") == [
        f"{A}:9: error: link to 'javascript:alert(1)': only http://, https:// and mailto: links are allowed; "
        "write the full web address (https://…) or remove the link [link.scheme]"]


@pytest.mark.parametrize("url", ["autre-article.md", "#ancre", "file:///etc/passwd", "data:text/html,x"])
def test_other_links(workdir, url):
    assert diags(workdir, a=HEAD + f"\n[lien]({url})\n") == [
        f"{A}:7: error: link to '{url}': only http://, https:// and mailto: links are allowed; write the full "
        "web address (https://…) or remove the link [link.scheme]"]


def test_image_without_alt_text(workdir):
    issue, rep = load(write_issue(workdir, {"a": HEAD + "\n![](images/x.png)\n", "b": MINIMAL_ARTICLE},
                                  issue_yaml=ISSUE, images={"images/x.png": (4, 4)}))
    assert messages(rep) == [
        f"{A}:7: error: the image 'images/x.png' has no alternative text: describe it between the brackets, "
        "![like this](images/file.jpg) [image.alt]"]


def test_image_path_leaving_the_folder(workdir):
    assert diags(workdir, a=HEAD + "\n![Un fichier](../../etc/passwd)\n") == [
        f"{A}:7: error: the image path '../../etc/passwd' leaves the issue folder: copy the image into the "
        "issue's images/ folder and write images/<file name> [image.outside]"]


def test_image_path_leaving_the_folder_percent_encoded(workdir):
    assert diags(workdir, a=HEAD + "\n![Un fichier](%2e%2e/%2e%2e/etc/passwd)\n") == [
        f"{A}:7: error: the image path '../../etc/passwd' leaves the issue folder: copy the image into the "
        "issue's images/ folder and write images/<file name> [image.outside]"]


def test_image_remote_and_missing(workdir):
    assert diags(workdir, a=HEAD + "\n![Une photo](https://exemple.fr/a.jpg)\n\n![Une autre](images/b.jpg)\n") == [
        f"{A}:7: error: the image 'https://exemple.fr/a.jpg' is not a file of the issue: copy it into images/ "
        "(nothing is fetched from the network) [image.remote]",
        f"{A}:9: error: the image 'images/b.jpg' does not exist in the issue folder [image.missing]"]


def test_image_not_alone(workdir):
    issue, rep = load(write_issue(workdir, {"a": HEAD + "\nVoir ![la carte](images/x.png) ici.\n",
                                            "b": MINIMAL_ARTICLE},
                                  issue_yaml=ISSUE, images={"images/x.png": (4, 4)}))
    assert messages(rep) == [
        f"{A}:7: error: an image must stand alone in its paragraph (it becomes a figure): put blank lines before "
        "and after it [image.inline]"]


def test_not_an_image(workdir):
    issue, rep = load(write_issue(workdir, {"a": HEAD + "\n![Une photo](images/x.png)\n", "b": MINIMAL_ARTICLE},
                                  issue_yaml=ISSUE, images={"images/x.png": b"not a PNG"}))
    assert messages(rep) == [
        f"{A}:7: error: 'images/x.png' is not an image that can be read (PNG, JPEG, GIF or WebP) [image.invalid]"]


def test_code_blocks(workdir):
    assert diags(workdir, a=HEAD + "\n    indenté\n\n```\nclôturé\n```\n") == [
        f"{A}:7: error: code blocks are not part of the magazine's source format (a line indented by 4 spaces "
        "or more starts one): remove the indentation [markup.code-block]",
        f"{A}:9: error: code blocks are not part of the magazine's source format: remove the '```' lines around "
        "this text [markup.code-block]"]


def test_unknown_div_span_and_heading_levels(workdir):
    body = "\n::: note\nTexte.\n:::\n\n[mot]{.rouge}\n\n# Titre\n\n#### Trop bas\n"
    assert diags(workdir, a=HEAD + body) == [
        f"{A}:7: error: unknown fenced div '::: note' (known: encadre, exergue, question) [markup.unknown-div]",
        f"{A}:11: error: unknown span class 'rouge' (known: .smallcaps) [markup.unknown-span]",
        f"{A}:13: error: a level-1 heading in the body: the title comes from the front matter; use '##' for an "
        "intertitle [markup.heading-level]",
        f"{A}:15: error: a level-4 heading: intertitles are '##' or '###' [markup.heading-level]"]


def test_nested_blocks_need_more_colons(workdir):
    """The inner ':::' closes both blocks; the last ':::' then opens a block without a name."""
    body = "\n::: encadre\nA.\n\n::: exergue\nB.\n:::\n\nC.\n:::\n"
    assert diags(workdir, a=HEAD + body) == [
        f"{A}:15: error: a ':::' line without a block name opens a new block here; if it was meant to close one, "
        "that block was already closed by an earlier ':::' (to put a block inside another, open and close the "
        "outer one with more colons: ':::: encadre' … '::::') [markup.unknown-div]"]


def test_nested_blocks_with_more_colons(workdir):
    body = "\n:::: encadre\nA.\n\n::: exergue\nB.\n:::\n\nC.\n::::\n"
    assert diags(workdir, a=HEAD + body) == []


def test_pullquote_with_two_paragraphs(workdir):
    assert diags(workdir, a=HEAD + "\n::: exergue\nUn.\n\nDeux.\n:::\n") == [
        f"{A}:7: error: a pull quote (::: exergue) holds exactly one paragraph [markup.pullquote]"]


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def test_non_utf8_file(workdir):
    data = (HEAD + "\nUne ligne.\nCaf\xe9 crème.\n").encode("latin-1")
    assert diags(workdir, a=data) == [
        f"{A}:8: error: the file is not UTF-8 (byte 0xe9 on this line): save it again with the encoding UTF-8 "
        "[encoding.utf8]"]


def test_control_character(workdir):
    assert diags(workdir, a=HEAD + "\nUne ligne.\nUn saut\x0bvertical.\n") == [
        f"{A}:8: error: an invisible control character (U+000B) is in the text at column 8: delete it (retype "
        "the characters around it) [text.control-char]"]


def test_byte_order_mark_is_a_warning(workdir):
    assert diags(workdir, a=b"\xef\xbb\xbf" + MINIMAL_ARTICLE.encode()) == [
        f"{A}:1: warning: the file starts with a byte-order mark; it was ignored (save as UTF-8 without BOM) "
        "[encoding.bom]"]


def test_windows_line_endings_keep_lines(workdir):
    text = (HEAD + "\nTexte.\n\n<b>\n").replace("\n", "\r\n")
    assert diags(workdir, a=text) == [
        f"{A}:9: error: raw HTML is not allowed: <b>; remove it: write Markdown only (*italics*, **bold**, "
        "[link](https://…)) [markup.raw-html]"]


def test_empty_article_file(workdir):
    assert diags(workdir, a="") == [
        f"{A}:1: error: the article file is empty: it needs at least its front matter (rubric, kind, title) "
        "[article.empty]"]


def test_article_without_front_matter(workdir):
    assert diags(workdir, a="Un texte sans métadonnées.\n") == [
        f"{A}:1: error: the article has no front matter: start the file with a '---' line, the metadata (rubric, "
        "kind, title…), then another '---' line [article.front-matter]"]


def test_front_matter_never_closed(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre\n\nLe texte commence ici.\n"
    assert diags(workdir, a=text) == [
        f"{A}:1: error: the front matter opened by the '---' of line 1 is never closed: add a '---' line after "
        "the metadata, before the text [article.front-matter]"]


def test_empty_front_matter_after_an_error_elsewhere(workdir):
    """An empty front matter was not reported when an earlier file already had an error."""
    bad = "---\nrubric: nulle-part\nkind: article\ntitle: Un titre\n---\n"
    assert diags(workdir, a=bad, b="---\n---\nTexte.\n") == [
        f"{A}:2: error: unknown rubric 'nulle-part' (rubrics: dossier, edito, terrain) [article.unknown-rubric]",
        "hp-test/articles/b.md:1: error: the front matter is empty: it needs at least 'kind' and 'title' (and "
        "'rubric') [article.front-matter]"]


def test_no_issue_yaml(workdir):
    (workdir / "vide").mkdir()
    issue, rep = load(workdir / "vide")
    assert messages(rep) == ["vide: error: no issue.yaml in the issue folder [issue.missing]"]


def test_empty_issue_yaml(workdir):
    assert diags(workdir, "# rien\n") == [f"{Y}:1: error: issue.yaml is empty [issue.empty]"]


# --------------------------------------------------------------------------
# Through the command line
# --------------------------------------------------------------------------


def run_cli(workdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "horizons_pub", "build", "hp-test", "--out", str(workdir / "out"), "--format", "epub"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=120,
    )


def test_cli_malformed_issue_yaml(workdir):
    write_issue(workdir, {"a": MINIMAL_ARTICLE, "b": MINIMAL_ARTICLE}, issue_yaml=edit(5, "date: 2024-13-01"))
    proc = run_cli(workdir)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"{Y}:5: error: malformed YAML: '2024-13-01' is not a real date (month must be in 1..12); write a date as "
        "YYYY-MM-DD, or put text in double quotes [yaml.syntax]",
        "hp-test: build failed (1 error, 0 warnings)"]


def test_cli_article_errors(workdir):
    write_issue(workdir, {"a": HEAD + "\n<script>alert(1)</script>\n", "b": b"---\ntitle: Caf\xe9\n---\n"},
                issue_yaml=ISSUE)
    proc = run_cli(workdir)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"{A}:7: error: raw HTML is not allowed: <script>alert(1)</script>; remove it: write Markdown only "
        "(*italics*, **bold**, [link](https://…)) [markup.raw-html]",
        "hp-test/articles/b.md:2: error: the file is not UTF-8 (byte 0xe9 on this line): save it again with the "
        "encoding UTF-8 [encoding.utf8]",
        "hp-test: build failed (2 errors, 0 warnings)"]


def test_cli_part_article_does_not_crash(workdir):
    write_issue(workdir, {"a": MINIMAL_ARTICLE, "b": MINIMAL_ARTICLE},
                issue_yaml=edit(24, "  - {page: 2, part: article}"))
    proc = run_cli(workdir)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(f"{Y}:24: error: 'part: article' is not a part")


def test_the_reporter_counts_what_it_holds():
    from horizons_pub.model.nodes import Pos
    from horizons_pub.support.diagnostics import Reporter

    reporter = Reporter(echo=False)
    assert reporter.counts() == "0 errors, 0 warnings"
    reporter.warning("note.unused", "a note", Pos("a.md", 3))
    assert reporter.counts() == "0 errors, 1 warning"
    reporter.error("yaml.syntax", "bad", Pos("a.md", 1))
    reporter.warning("note.unused", "another note", Pos("a.md", 4))
    assert reporter.counts() == "1 error, 2 warnings"
    replayed = Reporter(echo=False)
    replayed.replay([d.record() for d in reporter.diagnostics])  # an earlier build's, said again: counted alike
    assert replayed.counts() == "1 error, 2 warnings" and replayed.diagnostics == reporter.diagnostics
