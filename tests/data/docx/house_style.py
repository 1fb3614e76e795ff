"""house-style.docx: an interview typed in the magazine's own Word template (« HP … » styles), by python-docx.

Called by make.py.  The styles are created in the document as the template defines them: paragraph styles
HP Titre, HP Chapô, HP Auteur, HP Intertitre (its outline level set on the style, w:outlineLvl w:val="0",
Word's « niveau 1 »: python-docx has no API for it, so one lxml element is added to the style's pPr),
HP Intertitre 2, HP Encadré titre, HP Encadré, HP Exergue, HP Question, HP Légende, HP Crédit, HP Source,
and the character style HP Petites capitales.  « HP Mention » is a style of the template that the
importer's style map does not know (a test of import.style).  python-docx has no footnote API, so this
fixture has no notes (pandoc.docx and libreoffice*.docx have them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

PARAGRAPH_STYLES = {  # name: (size in points, bold, italic)
    "HP Titre": (24, True, False),
    "HP Chapô": (12, True, False),
    "HP Auteur": (10, False, True),
    "HP Intertitre": (14, True, False),
    "HP Intertitre 2": (12, True, True),
    "HP Encadré titre": (11, True, False),
    "HP Encadré": (10, False, False),
    "HP Exergue": (16, False, True),
    "HP Question": (11, True, False),
    "HP Légende": (9, False, True),
    "HP Crédit": (8, False, False),
    "HP Source": (8, False, True),
    "HP Mention": (9, False, True),
}


def _styles(doc) -> None:
    for name, (size, bold, italic) in PARAGRAPH_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.quick_style = True
    doc.styles["HP Encadré"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    doc.styles["HP Intertitre"].element.get_or_add_pPr().append(outline)
    caps = doc.styles.add_style("HP Petites capitales", WD_STYLE_TYPE.CHARACTER)
    caps.font.small_caps = True


def _runs(paragraph, *parts) -> None:
    """``parts``: plain strings, or (text, {"italic"|"bold"|"small_caps"|"superscript"|"style": value})."""
    for part in parts:
        text, how = (part, {}) if isinstance(part, str) else part
        run = paragraph.add_run(text, style=how.get("style"))
        for attribute in ("italic", "bold", "small_caps", "superscript"):
            if attribute in how:
                setattr(run.font, attribute, how[attribute])


def make_house_style(target: Path, picture: Path) -> None:
    doc = Document()
    _styles(doc)
    props = doc.core_properties
    props.author, props.last_modified_by, props.title, props.comments = "", "", "", ""
    props.created = props.modified = dt.datetime(2024, 3, 1, 11, 0, 0)
    props.revision = 3

    def para(style, *parts):
        p = doc.add_paragraph(style=style)
        _runs(p, *parts)
        return p

    para("HP Titre", "Hélène Dupont : « L'accueil est la première politique publique d'une mairie »")
    para("HP Chapô", "Directrice générale des services de la ville de Saint-Brieuc depuis 2019, Hélène Dupont a "
         "réorganisé l'accueil des usagers autour d'un guichet unique. Elle revient sur cinq ans de "
         "transformation, et sur ce qu'elle a appris des agents.")
    para("HP Auteur", "Propos recueillis par Thomas Bellec")
    doc.add_paragraph().add_run().add_picture(str(picture), width=Cm(15))
    doc.inline_shapes[0]._inline.docPr.set(
        "descr", "La façade d'un hôtel de ville de pierre claire surmonté d'un beffroi, drapeaux aux fenêtres")
    para("HP Légende", "L'hôtel de ville de Saint-Brieuc, où le guichet unique a ouvert ses portes en 2021.")
    para("HP Crédit", "© Thomas Bellec pour ", ("Horizons publics", {"italic": True}))

    para("HP Question", "Pourquoi avoir commencé par l'accueil ?")
    para(None, "Parce que c'est là que tout se voit. Quand je suis arrivée, un habitant qui venait pour une "
         "inscription à la cantine, une aide du ", ("CCAS", {"style": "HP Petites capitales"}),
         " et un permis de construire passait par trois bâtiments et trois files d'attente. Personne n'avait "
         "tort : chaque service avait organisé son accueil pour lui-même. Mais vu depuis le trottoir, c'était ",
         ("illisible", {"italic": True}), ".")
    para(None, "Le 1", ("er", {"superscript": True}), " septembre 2021, nous avons ouvert un guichet unique au "
         "rez-de-chaussée de l'hôtel de ville. Les agents y traitent ", ("huit demandes sur dix", {"bold": True}),
         " sans renvoyer l'usager ailleurs, y compris pour les dossiers de la ",
         ("CAF", {"small_caps": True}), ", avec qui nous avons signé une convention.")
    para("HP Exergue", "« Un usager qui doit revenir trois fois n'a pas été servi une fois. »")

    para("HP Intertitre", "Un guichet, trois métiers")
    para("HP Question", "Qu'est-ce qui a changé pour les agents ?")
    para(None, "Leur métier, tout simplement. Un agent d'accueil qui orientait devient un agent qui instruit. Il a "
         "fallu former quarante-deux personnes, sur dix-huit mois, et revoir les fiches de poste avec les "
         "représentants du personnel. Les résultats se lisent dans nos tableaux de bord :")
    table = doc.add_table(rows=4, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [("Indicateur", "2019", "2023"),
            ("Attente moyenne au guichet (minutes)", "24", "9"),
            ("Demandes traitées au premier passage", "41 %", "82 %"),
            ("Usagers satisfaits ou très satisfaits", "63 %", "88 %")]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell_paragraph = table.cell(r, c).paragraphs[0]
            _runs(cell_paragraph, text)
            cell_paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT
    para("HP Source", "Source : ville de Saint-Brieuc, rapports d'activité 2019 et 2023.")

    para("HP Intertitre 2", "Le numérique, en second")
    para("HP Question", "Et la dématérialisation des démarches ?")
    para(None, "Elle est venue après, et c'est voulu. Nous avons d'abord stabilisé l'accueil physique, puis mis en "
         "ligne les démarches que les agents savaient déjà traiter de bout en bout. Aujourd'hui, un tiers des "
         "demandes arrive par le site, mais personne n'est obligé de passer par un écran.")

    para("HP Encadré titre", "Le guichet unique de Saint-Brieuc")
    para("HP Encadré", "Ouvert en septembre 2021 au rez-de-chaussée de l'hôtel de ville, il regroupe l'état civil, "
         "les inscriptions scolaires, l'urbanisme et les premières demandes d'aide sociale.")
    para("HP Encadré", "Quatorze agents y accueillent en moyenne 310 personnes par jour, du lundi au samedi matin.")
    address = para("HP Encadré", "Hôtel de ville, place du Général-de-Gaulle")
    address.runs[0].add_break()
    address.add_run("22000 Saint-Brieuc")

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para("HP Question", "Que conseilleriez-vous à une commune qui veut se lancer ?")
    para(None, "De commencer petit, et par les agents. Un guichet unique ne se décrète pas : il se construit avec "
         "ceux qui y travailleront, et il se corrige. Nous avons changé trois fois l'aménagement du hall !")
    para("HP Mention", "Entretien relu et amendé par Mme Dupont le 12 février 2024.")
    doc.save(str(target))
