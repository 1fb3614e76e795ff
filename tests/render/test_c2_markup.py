"""The writers' markup for issue 14's print rules: URLs (span.url / a.url, <wbr> in print only), ordered
lists' start, sidebars keyed for the print layout's split, the front matter's short_title."""

from __future__ import annotations

from lxml import etree

from helpers import article, load, write_issue
from horizons_pub.model.nodes import plain_text
from horizons_pub.render.html.writer import HtmlWriter, article_body
from horizons_pub.render.pdf.heads import running_head

BODY = """Voir https://www.ecologie.gouv.fr/sobriete ou [le site](https://horizonspublics.fr) et
[redaction@horizonspublics.fr](mailto:redaction@horizonspublics.fr).

3. troisième ;
4. quatrième.

::: encadre
Un encadré sans titre.
:::
"""


def body(issue, target: str) -> etree._Element:
    root = etree.Element("div")
    article_body(HtmlWriter(issue, target), root, issue.article("a"))
    return root


def test_urls_lists_and_sidebars_in_both_targets(workdir):
    issue, rep = load(write_issue(workdir, {"a": article(BODY, short_title="Un *titre* court")}))
    assert issue is not None, [d.format() for d in rep.diagnostics]
    printed, epub = body(issue, "print"), body(issue, "epub")
    for root in (printed, epub):
        urls = root.xpath("//*[contains(concat(' ', @class, ' '), ' url ')]")
        assert ["".join(u.itertext()) for u in urls] == ["https://www.ecologie.gouv.fr/sobriete",
                                                        "redaction@horizonspublics.fr"]
        assert urls[1].tag == "a"  # a link whose text is its address
        assert root.xpath("string(//a[@href='https://horizonspublics.fr'])") == "le site"
        assert root.xpath("//ol/@start") == ["3"]
    assert len(printed.xpath("//wbr")) == 6 and not epub.xpath("//wbr")  # 5 in the URL, 1 in the address
    assert printed.xpath("//aside/@data-sidebar") == ["1"] and not epub.xpath("//aside/@data-sidebar")
    assert plain_text(issue.article("a").short_title) == "Un titre court"
    assert running_head(issue, issue.article("a")) == "Édito — Un titre court"


def test_a_part_split_again_carries_its_end_into_its_continuation():
    from lxml import html as lxml_html

    from horizons_pub.render.pdf import sidebars

    root = lxml_html.fromstring(
        '<div><aside class="encadre encadre-long encadre-split" data-sidebar="1" data-label="Encadré 1 : T"'
        ' aria-label="Encadré 1 : T"><h2 class="encadre-title">T</h2><p>Un deux trois.</p>'
        '<p class="encadre-cut">Quatre cinq</p></aside>'
        '<aside class="encadre encadre-long encadre-suite" data-sidebar="1.2" data-label="Encadré 1 : T">'
        '<h2 class="encadre-title">T (suite)</h2><p class="encadre-cont">six sept.</p><p>Huit.</p></aside>'
        '<aside class="encadre" data-sidebar="2" aria-label="Encadré 2">Autre.</aside></div>')
    first, continuation, _ = root
    assert sidebars.split(first, sidebars.Cut("1", 1, len("Undeux"))) is continuation
    assert [p.text_content() for p in first] == ["T", "Un deux"]
    assert [p.text_content() for p in continuation] == ["T (suite)", "trois.", "Quatre cinq six sept.", "Huit."]
    assert "encadre-cut" in first[1].get("class") and "encadre-cut" not in continuation[2].get("class", "")
    # a new part: a key and a name of its own, in reading order
    third = sidebars.split(continuation, sidebars.Cut("1.2", 2))
    sidebars.relabel(root)  # the names, after a pass of splits
    assert [a.get("data-sidebar") for a in root] == ["1", "1.2", "1.3", "2"]
    assert [a.get("aria-label") for a in root] == ["Encadré 1 : T", "Encadré 1 : T (suite)",
                                                   "Encadré 1 : T (suite 2)", "Encadré 2"]
    assert third[0].text_content() == "T (suite)"  # a continuation's continuation: « (suite) » once
