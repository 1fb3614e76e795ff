"""Every problem of the source in one run: each file read to its end, the flatplan's problems at
issue.yaml's lines, all said in source order, and the count on the last line."""

from __future__ import annotations

import re

from helpers import write_issue
from helpers.outputs import run_build

ARTICLE_A = """\
---
rubric: terain
kind: article
title: Un article aux dix défauts
authors:
  - name: Camille Martin
    role: autrice
---

Un paragraphe avec du <span>HTML brut</span>.

# Un titre de niveau 1 dans le texte

![Une image absente](images/absente.png)

Un [lien](javascript:alert(1)) et du ~~texte barré~~.
"""

ARTICLE_B = """\
---
rubric: edito
kind: interview
title: Marie Martin : « Les communes d’abord »
---

Le texte de l’entretien, avec du ~~texte barré~~ aussi.
"""

#: (file, line, code): every problem the two articles and issue.yaml hold.
EXPECTED = [
    ("issue.yaml", None, "flatplan.unlisted-article"),  # at the flatplan's line
    ("issue.yaml", None, "flatplan.missing-article"),
    ("issue.yaml", None, "issue.isbn"),
    ("articles/a.md", 2, "article.unknown-rubric"),
    ("articles/a.md", 7, "article.role"),
    ("articles/a.md", 10, "markup.raw-html"),  # <span>
    ("articles/a.md", 10, "markup.raw-html"),  # </span>
    ("articles/a.md", 12, "markup.heading-level"),
    ("articles/a.md", 14, "image.missing"),
    ("articles/a.md", 16, "link.scheme"),
    ("articles/a.md", 16, "markup.strikethrough"),
    ("articles/b.md", 4, "yaml.syntax"),
    ("articles/b.md", 7, "markup.strikethrough"),
]

LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): error: .* \[(?P<code>[a-z.-]+)\]$")


def test_ten_problems_are_reported_in_one_run(workdir, tmp_path):
    folder = write_issue(workdir, {"a": ARTICLE_A, "c": ARTICLE_A}, issue={"isbn": "978-2-1234-5678-9"},
                         extra_files={"articles/b.md": ARTICLE_B})
    (folder / "articles" / "c.md").unlink()  # in the flatplan, but no file
    run = run_build(folder, tmp_path / "out")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    found = []
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, f"not a diagnostic: {line!r}"
        file = match["file"].split(f"{folder.name}/", 1)[1]
        found.append((file, int(match["line"]) if file != "issue.yaml" else None, match["code"]))
    assert found == EXPECTED, "\n".join(lines)
    assert len({code for _, _, code in found}) >= 10
    # issue.yaml's own lines, in order, and the unlisted article said at the flatplan, not at b.md:1
    yaml_lines = [int(LINE.match(line)["line"]) for line in lines if "/issue.yaml:" in line]
    assert yaml_lines == sorted(yaml_lines)
    assert lines[-1].endswith(f"build failed ({len(EXPECTED)} errors, 0 warnings)"), lines[-1]
    assert not (tmp_path / "out" / folder.name).exists() or not any((tmp_path / "out" / folder.name).iterdir())
