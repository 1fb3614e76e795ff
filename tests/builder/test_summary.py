"""The outline the build prints: the pages the layout gave the parts, the planned page beside a moved one."""

from __future__ import annotations

from helpers import article, load, write_issue
from horizons_pub.builder.summary import outline_lines
from horizons_pub.model.nodes import PartKind
from horizons_pub.render.pages import PageMap


def test_the_outline_prints_the_laid_out_pages(workdir):
    issue, _ = load(write_issue(workdir, {n: article("Texte.", title=f"Titre {n}") for n in ("a", "b")}))
    planned = outline_lines(issue)
    assert [line.split()[1] for line in planned[1:]] == ["1", "2", "4", "6", "8"]
    pages = PageMap.planned(issue)
    pages.articles["b"] = 8
    pages.parts[PartKind.BACK_COVER] = 10
    laid = outline_lines(issue, pages)
    assert [line.split()[1] for line in laid[1:]] == ["1", "2", "4", "8", "10"]
    assert laid[4].endswith("(prévu p. 6)") and laid[5].endswith("(prévu p. 8)")
    assert "prévu" not in laid[3]
