"""Every French word the editions print or say that the source does not give (as docutils keeps
``languages/fr.py``): part names, navigation, notes, credits.  A renderer takes its labels from
here, never from a string of its own."""

from __future__ import annotations

from .nodes import PartKind, Role

#: The flatplan's parts that are not articles, as the editions name them.
PART_NAMES = {PartKind.COVER: "Couverture", PartKind.SOMMAIRE: "Sommaire",
              PartKind.BACK_COVER: "Quatrième de couverture"}
RESERVED_PAGES = "Pages réservées"

#: The printer's cover PDF (a perfect-bound issue's cover board): its two sides, as its page labels say.
COVER_OUTSIDE = "Couverture, extérieur (4e de couverture, dos, 1re de couverture)"
COVER_INSIDE = "Couverture, intérieur (2e et 3e de couverture)"
SPINE = "Dos"


def barcode_label(isbn: str) -> str:
    """The barcode's accessible name: « Code-barres EAN-13 de l’ISBN 9782701300009 »."""
    return f"Code-barres EAN-13 de l’ISBN {isbn}"


def price(amount: str) -> str:
    """« Prix : 15,00 € » (``amount`` as print: gives it, « 15.00 »)."""
    return f"Prix\u00a0: {amount.replace('.', ',')}\u00a0€"

#: The label printed before the names of each role, in print order.
ROLE_LABELS = {
    Role.AUTHOR: "Par",
    Role.INTERVIEWER: "Propos recueillis par",
    Role.COORDINATOR: "Un dossier coordonné par",
}
CONTRIBUTORS = "Contributeurs du dossier"  # the dossier's box of contributors (its accessible name)
CONTRIBUTORS_TITLE = "Avec"
AND = "et"  # « A, B et C »

NOTES = "Notes"


def sidebar_label(number: int, title: str) -> str:
    """A sidebar's accessible name, unique in its document: « Encadré 2 : Le budget en chiffres »."""
    return f"Encadré {number}\u00a0: {title}" if title else f"Encadré {number}"


#: the title of a sidebar's continuation in print, after its title (« Le budget (suite) ») or alone
CONTINUED = "(suite)"


def sidebar_continued_label(label: str, part: int) -> str:
    """The accessible name of a sidebar's ``part``-th part in print (1, 2, 3…): « Encadré 2 : Le budget »,
    « Encadré 2 : Le budget (suite) », then « … (suite 2) », each name its own."""
    if part <= 1:
        return label
    return f"{label} {CONTINUED}" if part == 2 else f"{label} (suite {part - 1})"


def back_to_call(number: int) -> str:
    """The label of a note's link back to its call."""
    return f"Retour à l’appel de la note {number}"


#: The EPUB's navigation.
START_OF_READING = "Début de la lecture"
TOC = "Table des matières"
LANDMARKS = "Repères"
PAGE_LIST = "Pages de l’édition imprimée"


#: The flatplan (horizons-pub flatplan): what it says of the pages, in its legend and its figures.
FLATPLAN = "Chemin de fer"
COVERS = "Couvertures"  # the legend's one entry for both covers
OVERFLOW = "débord"  # a page past its part's slot
PUSHED = "décalée"  # a page pushed on by an overflow before it
RESERVED_PAGE = "réservée"
RESERVED_SPAN = "pages réservées"
NO_TEXT = "texte non livré"
MOVED_NOTE = "note déplacée"
LAYOUT_DIAGNOSTICS = "Diagnostics de mise en page"
NO_LAYOUT_DIAGNOSTIC = "Aucun diagnostic de mise en page."
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def month_year(date) -> str:
    """« mars 2024 »."""
    return f"{MONTHS[date.month - 1]} {date.year}"


def pages_ref(first: int, last: int | None = None) -> str:
    """« p. 8 », or « p. 8–12 »."""
    return f"p. {first}" if last is None or last == first else f"p. {first}–{last}"


#: The first page of an article's own PDF (render/pdf/citation.py): how to cite it.
CITE_THIS = "Pour citer cet article"
DOI_LINK = "https://doi.org/"  # a DOI as a reader follows it (Crossref's display guidelines)


def citation(authors: str, title: str, magazine: str, number: int, date, first: int, last: int
             ) -> tuple[str, str, str, str]:
    """« Pour citer cet article : A et B, « Titre », *Horizons publics*, n° 38, mars 2024, p. 4–7. », as
    (before the magazine's name, the name, in italics, what follows it, the pages, kept on one line);
    ``authors`` may be empty: the part is unsigned.  Guillemets in the title become “ ” (quotes inside
    quotes).  A DOI follows, as its link (:data:`DOI_LINK`), when there is one."""
    signed = f"{authors}, " if authors else ""
    inner = title.replace("«\u202f", "“").replace("«\u00a0", "“").replace("«", "“")
    inner = inner.replace("\u202f»", "”").replace("\u00a0»", "”").replace("»", "”")
    return (f"{CITE_THIS}\u00a0: {signed}«\u202f{inner}\u202f», ", magazine,
            f", n°\u00a0{number}, {month_year(date)}, ", f"{pages_ref(first, last)}.")


def planned_on(folio: int) -> str:
    return f"prévue p. {folio}"


def past_page(folio: int) -> str:
    return f"au-delà de la p. {folio}"


def call_ref(folio: int) -> str:
    return f"appel p. {folio}"


def note_printed_here(number: int, call: int) -> str:
    return f"note {number} ← p. {call}"


def note_called_here(number: int, page: int) -> str:
    return f"appel {number} → p. {page}"


def note_lost(number: int) -> str:
    return f"note {number} perdue"


def flatplan_title(magazine: str, number: int) -> str:
    return f"{FLATPLAN} — {magazine} n° {number}"


def flatplan_figures(*, pages: int, planned: int, parts: int, reserved: int, overflow: int, pushed: int,
                     notes: int) -> str:
    """« 108 pages · 12 parties · 3 réservées · aucun débord »: the figures under the flatplan's title."""
    figures = f"{pages} pages"
    if planned != pages:
        figures += f" ({planned} prévues)"
    figures += f" · {parts} parties · {reserved} réservées"
    if overflow:
        figures += f" · {overflow} en débord"
    if pushed:
        figures += f" · {pushed} décalée(s)"
    if not (overflow or pushed):
        figures += " · aucun débord"
    if notes:
        figures += f" · {notes} note(s) à revoir"
    return figures


def more_diagnostics(count: int, where: str) -> str:
    return f"… et {count} autre(s) : voir {where}"


# -- the preview (commands/preview): its pages of laid-out pages ---------------------------------------
EDITION_LABELS = {"print": "Impression", "screen": "Écran"}
LAYING_FIRST = ("Mise en page en cours\u00a0: la première peut prendre une minute pour un numéro entier\u202f; "
                "les pages apparaissent dès qu’elles sont prêtes.")
LAYING = "Mise en page en cours…"
LAYING_MOVED = "Les pages décalées sont remises en page…"
NO_SUCH_PAGE = "Page introuvable"
NOT_FOUND = "Introuvable"
NO_SUCH_PART = "Partie introuvable"
FLATPLAN_NOT_BUILT = "Le chemin de fer imprimable n’est pas encore construit"
FLATPLAN_AFTER_BUILD = "Il apparaît ici après une construction (horizons-pub flatplan)."


def spread_label(first: int, last: int | None = None) -> str:
    """« Page 1 », or « Pages 10–11 »."""
    return f"Page {first}" if last is None or last == first else f"Pages {first}–{last}"


def layout_failed(why: str) -> str:
    return f"La mise en page a échoué\u00a0: {why}"


def no_such_page(folio: int) -> str:
    return f"L’édition n’a pas de page {folio} (pour l’instant)."


def nothing_served(path: str) -> str:
    return f"Rien n’est servi à l’adresse {path}."


def no_such_part(key: str) -> str:
    return f"Le numéro n’a pas de partie «\u202f{key}\u202f» (pour l’instant)."
