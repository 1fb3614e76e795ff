"""Broken and hostile issue sources, each with the one diagnostic it must give.

Every case starts from the same small, valid issue (folder ``hp-test``: an
article ``a``, an article ``b`` with a note and an image) and breaks it in one
way.  ``EXPECTED`` holds the exact line the build must print (paths relative to
the folder the build runs in).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Callable

from helpers import article, edit_issue_yaml, edit_once, make_png, write_issue

GOOD_B = article("Un texte avec une note[^1] et une image.\n\n![Un carré rouge](images/carre.png)\n\n"
                 "[^1]: La note.\n", rubric="terrain", title="Un article b")


def good_issue(root: Path) -> Path:
    folder = write_issue(root, {"a": article("Bonjour\u202f!\n"), "b": GOOD_B})
    make_png(folder / "images" / "carre.png", (40, 40))
    return folder


def _art(folder: Path, name: str = "b") -> Path:
    return folder / "articles" / f"{name}.md"


_edit, _yaml = edit_once, edit_issue_yaml


def _body(folder: Path, body: str, name: str = "b", **meta) -> None:
    _art(folder, name).write_text(article(body, **({"rubric": "terrain"} | meta)), encoding="utf-8")


def _huge_png_header(width: int, height: int) -> bytes:
    """A PNG that declares a huge size (its pixels are never decoded: the header is enough to refuse it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def _nested(prefix: str, depth: int) -> str:
    return "\n".join(prefix * (level + 1) + f"niveau {level}" for level in range(depth))


CASES: dict[str, Callable[[Path], None]] = {
    # -- issue.yaml ---------------------------------------------------------------
    "yaml-malformed": lambda f: _yaml(f, "magazine: Horizons publics", "magazine: [Horizons publics"),
    "yaml-wrong-type": lambda f: _yaml(f, "number: 99", "number: quatre-vingt-dix-neuf"),
    "yaml-missing-key": lambda f: _yaml(f, "publisher: Berger-Levrault\n", ""),
    "yaml-unknown-key": lambda f: _yaml(f, "title: Un numéro", "titel: Un numéro"),
    "flatplan-page-not-number": lambda f: _yaml(f, "- page: 4\n  article: a", "- page: quatre\n  article: a"),
    "flatplan-same-page": lambda f: _yaml(f, "- page: 6\n  article: b", "- page: 4\n  article: b"),
    "flatplan-out-of-order": lambda f: _yaml(f, "- page: 6\n  article: b", "- page: 3\n  article: b"),
    # -- articles -----------------------------------------------------------------
    "article-unknown-rubric": lambda f: _edit(_art(f), "rubric: terrain", "rubric: terain"),
    "article-missing-file": lambda f: _art(f).unlink(),
    "article-not-in-flatplan": lambda f: _art(f, "c").write_text(article("Orphelin."), encoding="utf-8"),
    "article-empty-file": lambda f: _art(f).write_text("", encoding="utf-8"),
    "article-not-utf8": lambda f: _art(f).write_bytes(article("Caf\u00e9 cr\u00e8me.").encode("latin-1")),
    "article-control-char": lambda f: _body(f, "Un texte\x07 qui sonne."),
    "article-title-2000": lambda f: _body(f, "Texte.", title="Très long " * 200),
    "article-paragraph-1mb": lambda f: _body(f, "mot " * 262_144),
    "article-nested-quotes": lambda f: _body(f, _nested("> ", 50)),
    "article-nested-lists": lambda f: _body(f, "\n".join("  " * level + f"- niveau {level}" for level in range(50))),
    # -- notes ----------------------------------------------------------------------
    "note-undefined": lambda f: _edit(_art(f), "une note[^1]", "une note[^2]"),
    "note-in-note": lambda f: _edit(_art(f), "[^1]: La note.", "[^1]: La note[^2].\n[^2]: Une autre."),
    "note-in-title": lambda f: _body(f, "Texte.", title="Un titre[^1]"),
    # -- images ---------------------------------------------------------------------
    "image-missing": lambda f: (f / "images" / "carre.png").unlink(),
    "image-no-alt": lambda f: _edit(_art(f), "![Un carré rouge]", "![]"),
    "image-leaves-folder": lambda f: _edit(_art(f), "images/carre.png", "../../etc/passwd"),
    "image-absolute": lambda f: _edit(_art(f), "images/carre.png", "/etc/passwd"),
    "image-remote": lambda f: _edit(_art(f), "images/carre.png", "http://127.0.0.1:9/x.png"),
    "image-not-an-image": lambda f: (f / "images" / "carre.png").write_text("pas une image", encoding="utf-8"),
    "image-huge": lambda f: (f / "images" / "carre.png").write_bytes(_huge_png_header(20_000, 20_000)),
    # -- markup ---------------------------------------------------------------------
    "markup-script": lambda f: _body(f, "Avant.\n\n<script>alert(1)</script>\n"),
    "markup-iframe": lambda f: _body(f, "Avant.\n\n<iframe src=\"https://example.org\"></iframe>\n"),
    "markup-style": lambda f: _body(f, "Avant.\n\n<style>body { display: none }</style>\n"),
    "markup-onerror": lambda f: _body(f, "Une image <img src=x onerror=alert(1)> piégée.\n"),
    "markup-javascript-link": lambda f: _body(f, "Un [lien](javascript:alert(1)) piégé.\n"),
    "markup-file-link": lambda f: _body(f, "Un [lien](file:///etc/passwd) piégé.\n"),
    "markup-xml-forbidden-char": lambda f: _body(f, "Un caractère \ufffe interdit.\n"),
    # -- found in review ------------------------------------------------------------
    "note-holding-a-list": lambda f: _edit(_art(f), "[^1]: La note.", "[^1]: La note :\n\n    - un\n    - deux"),
    "flatplan-empty": lambda f: (f / "issue.yaml").write_text(
        (f / "issue.yaml").read_text(encoding="utf-8").split("flatplan:")[0] + "flatplan: []\n", encoding="utf-8"),
    "flatplan-cover-twice": lambda f: _yaml(f, "- page: 8\n  part: back-cover", "- page: 8\n  part: cover"),
    "flatplan-boxes-elsewhere": lambda f: _yaml(f, "- page: 6\n  article: b", "- page: 6\n  article: b\n  boxes: [a]"),
    "article-id-not-a-name": lambda f: (_art(f).rename(_art(f, "B été")), _yaml(f, "article: b", "article: B été")),
    "trim-zero": lambda f: _yaml(f, "width_mm: 180", "width_mm: 0"),
    "cover-line-unknown-article": lambda f: _yaml(f, "text: Un titre de couverture",
                                                   "text: Un titre de couverture\n    article: inconnu"),
}

#: The diagnostics each case must print, exactly (and its exit status is 1).
EXPECTED: dict[str, list[str]] = {
    "yaml-malformed": ["hp-test/issue.yaml:2: error: malformed YAML: expected ',' or ']', but got ':' [yaml.syntax]"],
    "yaml-wrong-type": ["hp-test/issue.yaml:2: error: 'number' in issue.yaml must be a whole number, not "
                        "'quatre-vingt-dix-neuf' [yaml.type]"],
    "yaml-missing-key": ["hp-test/issue.yaml:1: error: issue.yaml lacks the required key 'publisher': add "
                         "'publisher: …' [yaml.missing-key]"],
    "yaml-unknown-key": ["hp-test/issue.yaml:3: error: unknown key 'titel' in issue.yaml; did you mean 'title'? "
                         "[yaml.unknown-key]"],
    "flatplan-page-not-number": ["hp-test/issue.yaml:36: error: 'page' in a flatplan entry must be a whole number, "
                                 "not 'quatre' [yaml.type]"],
    "flatplan-same-page": ["hp-test/issue.yaml:38: error: page 4 is already given to the article 'a' (line 36); "
                           "to print a box on that page, list it under 'boxes' [flatplan.same-page]"],
    "flatplan-out-of-order": ["hp-test/issue.yaml:38: error: page 3 comes after page 4: list the parts in page "
                              "order [flatplan.order]"],
    "article-unknown-rubric": ["hp-test/articles/b.md:2: error: unknown rubric 'terain'; did you mean 'terrain'? "
                               "[article.unknown-rubric]"],
    "article-missing-file": ["hp-test/issue.yaml:38: error: no file articles/b.md for this flatplan entry "
                             "(articles: a) [flatplan.missing-article]"],
    "article-not-in-flatplan": ["hp-test/issue.yaml:31: error: the article articles/c.md is not in the flatplan: "
                                "give it a page here ('- {page: N, article: c}'), or move it out of articles/ "
                                "[flatplan.unlisted-article]"],
    "article-empty-file": ["hp-test/articles/b.md:1: error: the article file is empty: it needs at least its front "
                           "matter (rubric, kind, title) [article.empty]"],
    "article-not-utf8": ["hp-test/articles/b.md:7: error: the file is not UTF-8 (byte 0xe9 on this line): save it "
                         "again with the encoding UTF-8 [encoding.utf8]"],
    "article-control-char": ["hp-test/articles/b.md:7: error: an invisible control character (U+0007) is in the "
                             "text at column 9: delete it (retype the characters around it) [text.control-char]"],
    "article-title-2000": ["hp-test/articles/b.md:4: error: the title is 2,000 characters long; a title has at most "
                           "300 [article.title-too-long]"],
    "article-paragraph-1mb": ["hp-test/articles/b.md:7: error: a paragraph of 1,048,575 characters: a paragraph has "
                              "at most 20,000 (did a blank line go missing?) [text.paragraph-too-long]"],
    "article-nested-quotes": ["hp-test/articles/b.md:13: error: quotations and lists are nested more than 6 levels "
                              "deep here: flatten them [markup.too-deep]"],
    "article-nested-lists": ["hp-test/articles/b.md:13: error: quotations and lists are nested more than 6 levels "
                             "deep here: flatten them [markup.too-deep]"],
    "note-undefined": ["hp-test/articles/b.md:7: error: note [^2] is called but never defined: add its text in a "
                       "paragraph of its own starting with '[^2]: ' [note.undefined]",
                       "hp-test/articles/b.md:11: warning: note [^1] is defined but never called, so it is not "
                       "printed: call it with [^1] in the text, or delete it [note.unused]"],
    "note-in-note": ["hp-test/articles/b.md:11: error: a note call [^2] inside note [^1]: a note cannot hold another "
                     "note; put its text in the note itself [note.nested]"],
    "note-in-title": ["hp-test/articles/b.md:4: error: a note cannot stand in a title: put the call in the text "
                      "[note.in-title]"],
    "image-missing": ["hp-test/articles/b.md:9: error: the image 'images/carre.png' does not exist in the issue "
                      "folder [image.missing]"],
    "image-no-alt": ["hp-test/articles/b.md:9: error: the image 'images/carre.png' has no alternative text: "
                     "describe it between the brackets, ![like this](images/file.jpg) [image.alt]"],
    "image-leaves-folder": ["hp-test/articles/b.md:9: error: the image path '../../etc/passwd' leaves the issue "
                            "folder: copy the image into the issue's images/ folder and write images/<file name> "
                            "[image.outside]"],
    "image-absolute": ["hp-test/articles/b.md:9: error: the image path '/etc/passwd' is absolute: name it relative "
                       "to the issue folder, e.g. images/photo.jpg [image.absolute]"],
    "image-remote": ["hp-test/articles/b.md:9: error: the image 'http://127.0.0.1:9/x.png' is not a file of the "
                     "issue: copy it into images/ (nothing is fetched from the network) [image.remote]"],
    "image-not-an-image": ["hp-test/articles/b.md:9: error: 'images/carre.png' is not an image that can be read "
                           "(PNG, JPEG, GIF or WebP) [image.invalid]"],
    "image-huge": ["hp-test/articles/b.md:9: error: the image 'images/carre.png' is too large (over 60,000,000 "
                   "pixels) [image.too-large]"],
    "markup-script": ["hp-test/articles/b.md:9: error: raw HTML is not allowed: <script>alert(1)</script>; remove "
                      "it: write Markdown only (*italics*, **bold**, [link](https://…)) [markup.raw-html]"],
    "markup-iframe": ["hp-test/articles/b.md:9: error: raw HTML is not allowed: <iframe src=\"https://example.org\">"
                      "</iframe>; remove it: write Markdown only (*italics*, **bold**, [link](https://…)) "
                      "[markup.raw-html]"],
    "markup-style": ["hp-test/articles/b.md:9: error: raw HTML is not allowed: <style>body { display: none }</style>; "
                     "remove it: write Markdown only (*italics*, **bold**, [link](https://…)) [markup.raw-html]"],
    "markup-onerror": ["hp-test/articles/b.md:7: error: raw HTML is not allowed: <img src=x onerror=alert(1)>; "
                       "remove it: write Markdown only (*italics*, **bold**, [link](https://…)) [markup.raw-html]"],
    "markup-javascript-link": ["hp-test/articles/b.md:7: error: link to 'javascript:alert(1)': only http://, "
                               "https:// and mailto: links are allowed; write the full web address (https://…) or "
                               "remove the link [link.scheme]"],
    "markup-file-link": ["hp-test/articles/b.md:7: error: link to 'file:///etc/passwd': only http://, https:// and "
                         "mailto: links are allowed; write the full web address (https://…) or remove the link "
                         "[link.scheme]"],
    "markup-xml-forbidden-char": ["hp-test/articles/b.md:7: error: an invisible control character (U+FFFE) is in "
                                  "the text at column 14: delete it (retype the characters around it) "
                                  "[text.control-char]"],
    "note-holding-a-list": ["hp-test/articles/b.md:13: error: note [^1] holds a list: a note holds paragraphs only "
                            "(write it as sentences) [note.block]"],
    "flatplan-empty": ["hp-test/issue.yaml:31: error: the flatplan is empty: list the parts of the issue with their "
                       "pages [flatplan.empty]"],
    "flatplan-cover-twice": ["hp-test/issue.yaml:41: error: the cover is placed twice [flatplan.part-twice]"],
    "flatplan-boxes-elsewhere": ["hp-test/issue.yaml:40: error: only the sommaire's page holds boxes: move 'boxes' "
                                 "to the sommaire's entry [flatplan.boxes]"],
    "article-id-not-a-name": ["hp-test/articles/B été.md:1: error: the file name 'B été.md' is not a valid article "
                              "id: use lower-case letters without accents, digits and hyphens (e.g. "
                              "grand-entretien.md) [article.id]"],
    "trim-zero": ["hp-test/issue.yaml:9: error: 'width_mm' is 0 mm: a page is between 50 and 1000 mm [issue.trim]"],
    "cover-line-unknown-article": ["hp-test/issue.yaml:19: error: the cover line names the article 'inconnu', which "
                                   "is not in the flatplan (articles: a, b) [cover.unknown-article]"],
}

#: Cases where the right answer is a warning: the build succeeds and says so.
WARNINGS: dict[str, tuple[Callable[[Path], None], str]] = {
    "note-never-called": (
        lambda f: _edit(_art(f), "[^1]: La note.", "[^1]: La note.\n[^9]: Jamais appelée."),
        "hp-test/articles/b.md:12: warning: note [^9] is defined but never called, so it is not printed: call it "
        "with [^9] in the text, or delete it [note.unused]"),
    "note-duplicate-label": (
        lambda f: _edit(_art(f), "[^1]: La note.", "[^1]: La note.\n[^1]: Encore."),
        "hp-test/articles/b.md:12: warning: note [^1] is defined twice (first at line 11); this definition is "
        "ignored [note.duplicate]"),
    "byte-order-mark": (
        lambda f: _art(f).write_bytes(b"\xef\xbb\xbf" + GOOD_B.encode()),
        "hp-test/articles/b.md:1: warning: the file starts with a byte-order mark; it was ignored (save as UTF-8 "
        "without BOM) [encoding.bom]"),
}


def _merge() -> None:
    """The cases of issue 15, one module per topic (each with its CASES and EXPECTED)."""
    from . import hostile_caches, hostile_metadata, hostile_sources, hostile_text, hostile_writes

    for module in (hostile_sources, hostile_caches, hostile_text, hostile_writes, hostile_metadata):
        assert not set(module.CASES) & set(CASES), "a case name used twice"
        CASES.update(module.CASES)
        EXPECTED.update(module.EXPECTED)


_merge()
