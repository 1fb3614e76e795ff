"""Every sidebar is a landmark (``aside``) with a name of its own, so that a reader's list of landmarks
tells them apart: DAISY Ace's ``landmark-unique`` failed a realistic issue whose article held two."""

from __future__ import annotations

from helpers import article, load, write_issue
from horizons_pub.render.epub.documents import documents
from horizons_pub.render.pages import PageMap

BODY = """Un premier paragraphe.

::: encadre
## À retenir
Un premier encadré.
:::

Un paragraphe entre deux.

::: encadre
## À retenir
Un deuxième encadré, au même titre.
:::

::: encadre
Un encadré sans titre.
:::
"""


def test_each_sidebar_has_a_name_of_its_own(workdir):
    issue, rep = load(write_issue(workdir, {"a": article(BODY)}))
    assert issue is not None, [d.format() for d in rep.diagnostics]
    doc = next(d for d in documents(issue, PageMap.planned(issue)) if d.article is not None)
    names = [aside.get("aria-label") for aside in doc.root.iter("aside") if "encadre" in aside.get("class", "")]
    assert names == ["Encadré 1\u00a0: À retenir", "Encadré 2\u00a0: À retenir", "Encadré 3"]
