"""The transforms that check the source (the notes) run after the reader's errors too, on the model as far
as it was read: one run says the broken front matter of one article and the undefined note of another,
all in source order (issue.yaml, then the articles in flatplan order, each by line), and nothing is built."""

from __future__ import annotations

import re

from helpers import article, load, messages, write_issue
from helpers.outputs import run_build

#: first in the flatplan, read without error: its notes' problems are said with the others' errors
ZONES = """\
---
rubric: edito
kind: article
title: Les zones à faibles émissions
---

Les métropoles ont vingt-cinq ZFE[^1] en 2025[^3].

| Ville | Date |
|---|---|
| Lyon |

[^1]: Zones à faibles émissions.

[^9]: Une note jamais appelée.
"""

#: an unknown rubric (a reader error), its notes right
AGENDA = """\
---
rubric: edita
kind: article
title: L'agenda
---

Du texte[^1].

[^1]: Une note bien appelée.
"""

#: a front matter that is not YAML: the text is read all the same, and its notes checked, except for what
#: the reader's errors may cause (the call it drops from the heading does not make [^2] "never called")
BREVE = """\
---
rubric: edito
kind: brief
title: "Une brève : mal fermée
---

## Le budget[^2]

Le conseil a voté[^1] le budget, puis l'a revoté[^1].

[^1]: Le 12 mars.

[^2]: Séance publique.
"""

#: (file, line, level, code), in the order the build must say them
EXPECTED = [
    ("articles/zones.md", 7, "error", "note.undefined"),  # a transform's, before the reader's of later files
    ("articles/zones.md", 11, "warning", "table.row-short"),  # the reader's, between the notes' by line
    ("articles/zones.md", 15, "warning", "note.unused"),
    ("articles/agenda.md", 2, "error", "article.unknown-rubric"),
    ("articles/breve.md", 4, "error", "yaml.syntax"),
    ("articles/breve.md", 7, "error", "note.in-title"),
    ("articles/breve.md", 9, "error", "note.called-twice"),  # checked on the text of a broken article
]

LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?P<level>error|warning): .* \[(?P<code>[a-z.-]+)\]$")


def test_one_build_says_the_reader_errors_and_the_notes_problems_in_source_order(workdir, tmp_path):
    # flatplan order: zones, agenda, breve (not the files' alphabetical order)
    folder = write_issue(workdir, {"zones": ZONES, "agenda": AGENDA, "breve": BREVE})
    run = run_build(folder, tmp_path / "out")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    found = []
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, f"not a diagnostic: {line!r}"
        found.append((match["file"].split(f"{folder.name}/", 1)[1], int(match["line"]), match["level"],
                      match["code"]))
    assert found == EXPECTED, run.stderr
    assert "[^3] is called but never defined" in lines[0] and "[^9] is defined but never called" in lines[2]
    assert lines[-1].endswith("build failed (5 errors, 2 warnings)"), lines[-1]
    out = tmp_path / "out" / folder.name
    assert not out.exists() or not any(out.iterdir())  # nothing built from a broken source


def test_the_partial_model_is_never_returned(workdir):
    issue, reporter = load(write_issue(workdir, {"zones": ZONES, "breve": BREVE}))
    assert issue is None
    assert [d.code for d in reporter.diagnostics] == ["note.undefined", "table.row-short", "note.unused",
                                                      "yaml.syntax", "note.in-title", "note.called-twice"]


def test_notes_are_checked_beside_a_missing_file_and_broken_front_matters(workdir):
    """The partial model lacks an article of the flatplan and holds articles read from their text alone
    (an empty front matter, one that is a list): the notes are checked beside them, without a crash."""
    empty = "---\n---\n\n# Le titre écrit en tête\n\nUn appel[^1] et un autre[^1].\n\n[^1]: La note.\n"
    listed = "---\n- rubric\n- kind\n---\n\nUn texte[^4] cassé[^4].\n\n[^4]: Sa note.\n"
    folder = write_issue(workdir, {"a": article("Un appel[^2].\n"), "manque": article(), "vide": empty,
                                   "liste": listed})
    (folder / "articles" / "manque.md").unlink()
    issue, reporter = load(folder)
    assert issue is None
    said = messages(reporter)
    codes = [re.search(r"\[([a-z.-]+)\]$", m)[1] for m in said]
    assert codes == ["flatplan.missing-article", "note.undefined", "article.front-matter", "note.called-twice",
                     "yaml.type", "note.called-twice"], said
    assert said[1].startswith("hp-test/articles/a.md:7: error: note [^2]"), said
    # the first '# ' line of an article whose front matter holds no title is its title, not a heading error
    assert said[3].startswith("hp-test/articles/vide.md:6: error: note [^1] is called a second time"), said
    assert said[5].startswith("hp-test/articles/liste.md:6: error: note [^4] is called a second time"), said


def test_a_clean_reader_still_gives_the_transformed_model(workdir):
    issue, reporter = load(write_issue(workdir, {"a": article("Un appel[^1] ; « oui ».\n\n[^1]: La note.\n")}))
    assert messages(reporter) == []
    note = issue.article("a").blocks[0].children[1]
    assert note.number == 1 and issue.article("a").note_defs == ()
