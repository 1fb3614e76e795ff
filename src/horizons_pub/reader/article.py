"""An article file: YAML front matter (metadata) and a Markdown body."""

from __future__ import annotations

import re
from pathlib import Path

from ..support.diagnostics import Reporter
from ..model.nodes import Article, Kind, Person, Pos, Role
from .distribution import idref, orcid
from .images import ImageChecker
from .markdown import MarkdownReader
from .placeholders import check_text, check_yaml_values
from .textchecks import quoted
from .textfile import read_text
from .yamlsrc import LocList, check_mapping, did_you_mean, load_yaml

MAX_TITLE = 300  # characters; the longest title of a revue page is far shorter

ROLE_NAMES = {
    "author": Role.AUTHOR, "auteur": Role.AUTHOR,
    "interviewee": Role.INTERVIEWEE, "interviewé": Role.INTERVIEWEE,
    "interviewer": Role.INTERVIEWER, "propos recueillis par": Role.INTERVIEWER,
    "coordinator": Role.COORDINATOR, "coordination": Role.COORDINATOR,
    "contributor": Role.CONTRIBUTOR, "contributeur": Role.CONTRIBUTOR,
}


def split_front_matter(text: str) -> tuple[str | None, int, str | None, int]:
    """(yaml, yaml's first line offset, body, body's line offset).

    yaml is None without front matter; body is None when the front matter is
    never closed by a ``---`` line.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 0, text, 0
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:n]), 1, "\n".join(lines[n + 1:]), n + 1
    return "\n".join(lines[1:]), 1, None, len(lines)


def read_article(path: Path, shown: str, article_id: str, issue_dir: Path, rubric_ids: set[str],
                 reporter: Reporter, checker: type[ImageChecker] = ImageChecker) -> Article | None:
    """The article of ``path``; ``checker``: what checks the images it names (builder/issue_memo.py gives one
    that also notes which, to know when to read the article again)."""
    text = read_text(path, shown, reporter, issue_dir)
    if text is None:
        return None
    if not text.strip():
        reporter.error("article.empty", "the article file is empty: it needs at least its front matter "
                       "(rubric, kind, title)", Pos(shown, 1))
        return None
    yaml_text, yaml_offset, body, body_offset = split_front_matter(text)
    if yaml_text is None:
        reporter.error("article.front-matter", "the article has no front matter: start the file with a '---' line, "
                       "the metadata (rubric, kind, title…), then another '---' line", Pos(shown, 1))
        return None
    if body is None:
        reporter.error("article.front-matter", "the front matter opened by the '---' of line 1 is never closed: "
                       "add a '---' line after the metadata, before the text", Pos(shown, 1))
        return None
    errors_before = len(reporter.errors)
    meta = load_yaml(yaml_text, shown, reporter, line_offset=yaml_offset, front_matter=True)
    # After a broken front matter (malformed YAML, none, not a mapping: reported), the text is still read,
    # so that all its problems are said in this same run (earlier files' errors do not count)
    if len(reporter.errors) > errors_before:
        check_text(body, body_offset, shown, reporter)
        return _text_only(body, body_offset, shown, article_id, issue_dir, reporter, checker=checker)
    if meta is None:
        reporter.error("article.front-matter", "the front matter is empty: it needs at least 'kind' and 'title' "
                       "(and 'rubric')", Pos(shown, 1))
        check_text(body, body_offset, shown, reporter)
        return _text_only(body, body_offset, shown, article_id, issue_dir, reporter, no_title=True, checker=checker)
    check_yaml_values(meta, text, shown, reporter)  # before check_mapping, which drops what it refuses
    check_text(body, body_offset, shown, reporter)
    heading = _title_heading(body, body_offset) if isinstance(meta, dict) and "title" not in meta else None
    if heading is not None:  # the title written as the text's first '# ' heading (pandoc, MkDocs)
        title_line, title_source, body = heading
        meta["title"] = title_source
        meta.key_lines["title"] = title_line
    fields = check_mapping(meta, shown, Pos(shown, 1), "the front matter", reporter,
                           required={"kind": str, "title": str},
                           optional={"rubric": str, "standfirst": str, "short_title": str, "authors": list})
    if fields is None:
        return _text_only(body, body_offset, shown, article_id, issue_dir, reporter, no_title=True, checker=checker)
    md = MarkdownReader(shown, reporter, line_offset=body_offset, images=checker(issue_dir, reporter))

    kind = _kind(fields.get("kind"), fields.pos("kind"), reporter)
    rubric = fields.get("rubric")
    if rubric is not None and rubric not in rubric_ids:
        hint = did_you_mean(rubric, rubric_ids, "rubrics")
        reporter.error("article.unknown-rubric", f"unknown rubric {quoted(rubric)}{hint}", fields.pos("rubric"))
    elif rubric is None and kind is not Kind.BRIEF:
        reporter.error("article.no-rubric", "the article has no rubric: add 'rubric:' with a rubric id of issue.yaml",
                       fields.pos())

    title_text = fields.get("title", "")
    if len(title_text) > MAX_TITLE:
        reporter.error("article.title-too-long", f"the title is {len(title_text):,} characters long; "
                       f"a title has at most {MAX_TITLE}", fields.pos("title"))
        title_text = title_text[:MAX_TITLE]
    title = md.read_inline(title_text, fields.pos("title").line, "a title")
    standfirst = md.read_inline(fields.get("standfirst", ""), fields.pos("standfirst").line, "a standfirst")
    short_title = md.read_inline(fields.get("short_title", ""), fields.pos("short_title").line, "a short title")
    people = _people(fields.get("authors"), fields, shown, md, reporter)
    blocks, note_defs = md.read_blocks(body)
    return Article(
        id=article_id, kind=kind or Kind.ARTICLE, rubric=rubric, title=title, standfirst=standfirst,
        people=people, blocks=blocks, note_defs=note_defs, pos=Pos(shown, 1), short_title=short_title,
    )


def _text_only(body: str, body_offset: int, shown: str, article_id: str, issue_dir: Path,
               reporter: Reporter, no_title: bool = False, checker: type[ImageChecker] = ImageChecker) -> Article:
    """The article's text alone, after its front matter was found broken (and reported): its problems
    and its notes' are said in the same run; the source has an error, so nothing is built from it.
    ``no_title``: the front matter surely holds no title, so a first '# ' line is the title."""
    heading = _title_heading(body, body_offset) if no_title else None
    if heading is not None:
        body = heading[2]
    md = MarkdownReader(shown, reporter, line_offset=body_offset, images=checker(issue_dir, reporter))
    blocks, note_defs = md.read_blocks(body)
    return Article(id=article_id, kind=Kind.ARTICLE, rubric=None, title=(), standfirst=(), people=(),
                   blocks=blocks, note_defs=note_defs, pos=Pos(shown, 1))


#: an ATX heading's optional closing sequence (CommonMark): '#'s after a space, or the whole text
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


def _title_heading(body: str, body_offset: int) -> tuple[int, str, str] | None:
    """(its line, the title, the body without it) when the body's first line with text is a '# ' heading:
    the article's title written as pandoc and MkDocs users write it.  The heading's line is left blank, so
    that every other line keeps its number."""
    lines = body.split("\n")
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        stripped = line.strip()
        if not stripped.startswith("# ") or len(line) - len(line.lstrip()) > 3:
            return None
        title = _CLOSING_HASHES.sub("", stripped[2:].strip())
        if not title:
            return None
        lines[n] = ""
        return body_offset + n + 1, title, "\n".join(lines)
    return None


def _kind(value: str | None, pos: Pos, reporter: Reporter) -> Kind | None:
    if value is None:
        return None
    try:
        return Kind(value)
    except ValueError:
        reporter.error("article.kind", f"unknown kind {quoted(value)} (kinds: {', '.join(k.value for k in Kind)})", pos)
        return None


def _people(value: LocList | None, fields, shown: str, md: MarkdownReader, reporter: Reporter) -> tuple[Person, ...]:
    if value is None:
        return ()
    people: list[Person] = []
    for item, line in zip(value, value.item_lines):
        pos = Pos(shown, line)
        if isinstance(item, str):
            people.append(Person(item.strip(), Role.AUTHOR, (), pos))
            continue
        person = check_mapping(item, shown, pos, "an author", reporter, required={"name": str},
                               optional={"role": str, "description": str, "orcid": str, "idref": (str, int)})
        if person is None or "name" not in person:
            continue
        role_name = str(person.get("role", "author")).strip().lower()
        role = ROLE_NAMES.get(role_name)
        if role is None:
            reporter.error("article.role", f"unknown role '{role_name}' (roles: author, interviewee, interviewer "
                           "(« propos recueillis par »), coordinator, contributor)", person.pos("role"))
            role = Role.AUTHOR
        description = md.read_inline(person.get("description", ""), person.pos("description").line,
                                     "a description")
        ids = {key: check(person.get(key), person.pos(key), reporter)
               for key, check in (("orcid", orcid), ("idref", idref)) if key in person}
        people.append(Person(str(person.get("name")).strip(), role, description, pos, **ids))
    return tuple(people)

