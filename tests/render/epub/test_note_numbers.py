"""Every EPUB note carries its number in its markup: a reading system that lifts a note's content
into a pop-up (Foliate, calibre) shows what the ``aside`` holds, and a number made by a CSS counter
on the note box read « 0 » there (issue 14)."""

from __future__ import annotations

from pathlib import Path

from helpers import article, load, write_issue
from horizons_pub.render.epub.documents import documents
from horizons_pub.render.pages import PageMap

EPUB_CSS = Path(__file__).resolve().parents[3] / "layouts" / "epub" / "epub.css"

BODY = """Un premier appel[^a], puis un deuxième[^b].

::: encadre
## Dans un encadré
Un appel dans l'encadré[^c].
:::

- une liste, avec un appel[^d]

[^a]: La première note.
[^b]: La deuxième note,

    en deux paragraphes.
[^c]: La note de l'encadré.
[^d]: La note de la liste.
"""


def _notes(workdir):
    issue, rep = load(write_issue(workdir, {"a": article(BODY)}))
    assert issue is not None, [d.format() for d in rep.diagnostics]
    doc = next(d for d in documents(issue, PageMap.planned(issue)) if d.article is not None)
    by_id = {el.get("id"): el for el in doc.root.iter() if el.get("id")}
    calls = [a for a in doc.root.iter("a") if "noteref" in (a.get("class") or "").split()]
    return calls, by_id


def test_the_content_a_call_points_to_starts_with_the_calls_number(workdir):
    calls, by_id = _notes(workdir)
    assert [c.text for c in calls] == ["1", "2", "3", "4"]
    for call in calls:
        note = by_id[call.get("href").lstrip("#")]
        assert note.tag == "aside" and note.get("role") == "doc-footnote"
        text = "".join(note.itertext()).strip()
        assert text.startswith(f"{call.text}. "), text
        back = next(note.iter("a"))
        assert back.get("href") == f"#{call.get('id')}" and back.text == f"{call.text}."


def test_no_css_counter_numbers_the_notes():
    # the number lives in the markup; a counter on the note box would print it twice in the flow
    css = EPUB_CSS.read_text(encoding="utf-8")
    assert "counter(note)" not in css and "counter-increment: note" not in css
