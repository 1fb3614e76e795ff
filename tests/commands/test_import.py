"""``horizons-pub import``: the command's behaviour on Word files made at test time by pandoc and
python-docx (real tools, never hand-written XML); the fixtures of tests/data/docx/ are compared with
their expected articles in test_import_fixtures.py."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image

from helpers import run_cli, write_issue

docx = pytest.importorskip("docx")  # python-docx, of the test extra


def pandoc_docx(tmp: Path, markdown: str, name: str = "texte.docx", images: dict[str, bytes] | None = None) -> Path:
    """A .docx made by pandoc from pandoc's Markdown (its images written beside it first)."""
    import pypandoc

    for rel, data in (images or {}).items():
        (tmp / rel).write_bytes(data)
    (tmp / "in.md").write_text(markdown, encoding="utf-8")
    out = tmp / name
    subprocess.run([pypandoc.get_pandoc_path(), "in.md", "-o", out.name], cwd=tmp, check=True)
    return out


def png(size=(400, 300), color=(30, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    return write_issue(tmp_path)


def front_and_body(path: Path) -> tuple[dict, str]:
    """The written article's front matter (as YAML data) and its body (stripped)."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body.strip()


def run_import(cwd: Path, *args: str) -> tuple[int, list[str]]:
    return run_cli(cwd, "import", *args)


ARTICLE = """---
title: Le budget vert des communes
author: Nadia Belkacem
---

Les communes[^1] publient leur *budget vert* depuis 2021.

[^1]: Source : comptes administratifs, 2023.
"""


def test_writes_the_article_and_names_it_from_the_file(tmp_path: Path, issue: Path) -> None:
    made = pandoc_docx(tmp_path, ARTICLE, name="Budget VERT – Belkacem v2 (relu).docx")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    target = issue / "articles" / "budget-vert-belkacem-v2-relu.md"
    assert code == 0, err
    meta, body = front_and_body(target)
    assert meta == {"rubric": "dossier", "kind": "article", "title": "Le budget vert des communes",
                    "authors": ["Nadia Belkacem"]}
    assert body.split("\n\n") == ["Les communes[^1] publient leur *budget vert* depuis 2021.",
                                    "[^1]: Source : comptes administratifs, 2023."]


def test_an_existing_article_is_kept_unless_forced(tmp_path: Path, issue: Path) -> None:
    made = pandoc_docx(tmp_path, ARTICLE)
    (issue / "articles" / "texte.md").write_text("ancien", encoding="utf-8")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue))
    assert code == 1 and any("[import.exists]" in line for line in err)
    assert (issue / "articles" / "texte.md").read_text(encoding="utf-8") == "ancien"
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--force", "--rubric", "dossier")
    assert code == 0, err
    assert "budget vert" in (issue / "articles" / "texte.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, content, said", [
    ("notes.txt", b"du texte", "not a .docx file"),
    ("ancien.doc", b"\xd0\xcf\x11\xe0" + bytes(100), "save it as .docx"),
    ("faux.docx", b"ce n'est pas un zip", "[import.file]"),
])
def test_what_is_no_docx_is_refused_without_a_traceback(tmp_path: Path, issue: Path, name: str, content: bytes,
                                                         said: str) -> None:
    (tmp_path / name).write_bytes(content)
    code, err = run_import(tmp_path, name, "--issue", str(issue))
    assert code == 1
    assert any(said in line for line in err), err
    assert sorted(p.name for p in (issue / "articles").iterdir()) == ["a.md"]


def test_an_image_without_description_gets_a_placeholder_and_a_warning(tmp_path: Path, issue: Path) -> None:
    made = pandoc_docx(tmp_path, "---\ntitle: Vue du port\n---\n\nAvant.\n\n![](port.png)\n\nAprès.\n",
                       images={"port.png": png()})
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    assert any("[import.image-alt]" in line for line in err), err
    text = (issue / "articles" / "texte.md").read_text(encoding="utf-8")
    assert "![À REMPLIR" in text and "(images/texte/image1.png)" in text
    assert (issue / "images" / "texte" / "image1.png").read_bytes() == png()


def test_superscripts_the_details_make_again_pass_the_others_are_said(tmp_path: Path, issue: Path) -> None:
    made = pandoc_docx(tmp_path, "---\ntitle: Un siècle\n---\n\nLe 1^er^ adjoint, au XIX^e^ siècle, et "
                                 "l'indice Ta^2^ mesuré.\n")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    said = [line for line in err if "[import.superscript]" in line]
    assert len(said) == 1 and "« 2 »" in said[0], err
    assert "Le 1er adjoint, au XIXe siècle" in (issue / "articles" / "texte.md").read_text(encoding="utf-8")


def house_styled(path: Path) -> Path:
    """A python-docx file in styles of another template: « Chapeau article », « Inter 1 », « Sigle »."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for name in ("Chapeau article", "Inter 1", "Maquette inconnue"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    sigle = document.styles.add_style("Sigle", WD_STYLE_TYPE.CHARACTER)
    document.add_paragraph("Les tiers-lieux en campagne", style="Title")
    document.add_paragraph("Dans la Drôme, trois communes ouvrent un lieu partagé.", style="Chapeau article")
    document.add_paragraph("Une histoire locale", style="Inter 1")
    paragraph = document.add_paragraph("L'")
    paragraph.add_run("ANCT").style = sigle
    paragraph.add_run(" finance le projet.")
    document.add_paragraph("Un paragraphe dans un style oublié.", style="Maquette inconnue")
    document.save(path)
    return path


def test_a_style_map_gives_another_templates_styles_their_roles(tmp_path: Path, issue: Path) -> None:
    made = house_styled(tmp_path / "tiers-lieux.docx")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    unknown = [line for line in err if "[import.style]" in line]
    for name in ("Chapeau article", "Inter 1", "Sigle", "Maquette inconnue"):
        assert sum(f"« {name} »" in line for line in unknown) == 1, (name, unknown)
    (tmp_path / "styles.yaml").write_text("paragraphs:\n  standfirst: [Chapeau article]\n  heading2: [Inter 1]\n"
                                          "  body: [Maquette inconnue]\ncharacters:\n  smallcaps: [sigle]\n",
                                          encoding="utf-8")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier", "--force",
                           "--style-map", "styles.yaml")
    assert code == 0, err
    assert not [line for line in err if "[import.style]" in line], err
    text = (issue / "articles" / "tiers-lieux.md").read_text(encoding="utf-8")
    assert front_and_body(issue / "articles" / "tiers-lieux.md")[0]["standfirst"] == (
        "Dans la Drôme, trois communes ouvrent un lieu partagé.")
    assert "## Une histoire locale" in text
    assert "L'[ANCT]{.smallcaps} finance le projet." in text


def test_a_broken_style_map_is_said_at_its_line(tmp_path: Path, issue: Path) -> None:
    made = house_styled(tmp_path / "tiers-lieux.docx")
    (tmp_path / "styles.yaml").write_text("paragraphs:\n  standfrist: [Chapeau article]\n", encoding="utf-8")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--style-map", "styles.yaml")
    assert code == 1
    assert any(line.startswith("styles.yaml:2: error:") and "did you mean 'standfirst'" in line for line in err), err
    assert not (issue / "articles" / "tiers-lieux.md").exists()


def test_a_source_line_without_its_label_gets_it(tmp_path: Path, issue: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("HP Source", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Les chiffres", style="Title")
    table = document.add_table(rows=2, cols=2)
    for row, (commune, budget) in enumerate((("Commune", "Budget"), ("Sceaux", "1 420"))):
        table.cell(row, 0).text, table.cell(row, 1).text = commune, budget
    document.add_paragraph("Insee, 2023.", style="HP Source")
    document.save(tmp_path / "chiffres.docx")
    code, err = run_import(tmp_path, "chiffres.docx", "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    body = front_and_body(issue / "articles" / "chiffres.md")[1]
    assert "| Sceaux | 1 420 |" in body and "\n\nSource : Insee, 2023." in body


def test_a_note_holding_a_list_becomes_paragraphs_with_a_warning(tmp_path: Path, issue: Path, monkeypatch) -> None:
    """pandoc's docx reader gives a Word note's list as paragraphs already; its Markdown reader keeps the
    list: that real AST stands in for a Word file whose note keeps it."""
    import json

    import pypandoc

    from horizons_pub.reader.docx import article as docx_article

    source = ("---\ntitle: Trois dispositifs\n---\n\nLes villes[^1] votent.\n\n"
              "[^1]: Trois :\n\n    - urnes ;\n    - écoles.\n")
    ast = json.loads(subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json"], input=source.encode(),
                                    capture_output=True, check=True).stdout)
    monkeypatch.setattr(docx_article, "docx_ast", lambda data: ast)
    made = pandoc_docx(tmp_path, source)
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    assert any("[import.note-block]" in line and "paragraph" in line for line in err), err
    body = front_and_body(issue / "articles" / "texte.md")[1]
    assert body.endswith("[^1]: Trois :\n\n    urnes ;\n\n    écoles.")


def test_a_link_with_accents_is_the_reader_s_own(tmp_path: Path, issue: Path) -> None:
    from horizons_pub.model.nodes import Link
    from horizons_pub.model.walk import iter_inlines
    from horizons_pub.reader.docx.article import read_docx
    from horizons_pub.reader.docx.stylemap import default_style_map
    from horizons_pub.support.diagnostics import Reporter

    made = pandoc_docx(tmp_path, "---\ntitle: Liens\n---\n\nVoir [l'étude](https://exemple.fr/études/été 2024).\n")
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    imported = read_docx(made.read_bytes(), "texte.docx", "texte", "dossier", default_style_map(), Reporter(echo=False))
    links = [n for n in iter_inlines(imported.article.blocks[0].children) if isinstance(n, Link)]
    assert [link.url for link in links] == ["https://exemple.fr/%C3%A9tudes/%C3%A9t%C3%A9%202024"]
    assert "(https://exemple.fr/%C3%A9tudes/%C3%A9t%C3%A9%202024)" in front_and_body(issue / "articles" / "texte.md")[1]


def test_pandoc_missing_is_said_without_a_traceback_and_nothing_written(tmp_path: Path, issue: Path,
                                                                       monkeypatch) -> None:
    from horizons_pub.support import pandoc

    def missing() -> str:
        raise pandoc.PandocError("pandoc, from the Python package pypandoc-binary, is missing: "
                                 "pip install pypandoc-binary")

    made = pandoc_docx(tmp_path, ARTICLE)
    monkeypatch.setattr(pandoc, "pandoc_path", missing)
    code, err = run_import(tmp_path, str(made), "--issue", str(issue))
    assert code == 1 and any("[import.pandoc]" in line and "pip install pypandoc-binary" in line for line in err), err
    assert not (issue / "articles" / "texte.md").exists()


def test_force_replaces_the_images_and_removes_those_the_new_file_lacks(tmp_path: Path, issue: Path) -> None:
    two = "---\ntitle: Vues\n---\n\n![Le port](a.png)\n\n![La digue](b.png)\n"
    made = pandoc_docx(tmp_path, two, images={"a.png": png(color=(1, 2, 3)), "b.png": png(color=(4, 5, 6))})
    code, err = run_import(tmp_path, str(made), "--issue", str(issue), "--rubric", "dossier")
    assert code == 0, err
    folder = issue / "images" / "texte"
    (folder / "retouche.png").write_bytes(png())  # an editor's own file in the folder
    one = pandoc_docx(tmp_path, "---\ntitle: Vues\n---\n\n![La digue](b.png)\n", images={"b.png": png(color=(4, 5, 6))})
    code, err = run_import(tmp_path, str(one), "--issue", str(issue), "--force", "--rubric", "dossier")
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["image1.png", "retouche.png"]
    assert (folder / "image1.png").read_bytes() == png(color=(4, 5, 6))
