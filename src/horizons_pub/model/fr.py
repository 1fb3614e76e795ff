"""Every French word the editions print or say that the source does not give (as docutils keeps
``languages/fr.py``): part names, navigation, notes, credits.  A renderer takes its labels from
here, never from a string of its own."""

from __future__ import annotations

from .nodes import PartKind, Role

#: The flatplan's parts that are not articles, as the editions name them.
PART_NAMES = {PartKind.COVER: "Couverture", PartKind.SOMMAIRE: "Sommaire",
              PartKind.BACK_COVER: "Quatrième de couverture"}
RESERVED_PAGES = "Pages réservées"

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


def back_to_call(number: int) -> str:
    """The label of a note's link back to its call."""
    return f"Retour à l’appel de la note {number}"


#: The EPUB's navigation.
START_OF_READING = "Début de la lecture"
TOC = "Table des matières"
LANDMARKS = "Repères"
PAGE_LIST = "Pages de l’édition imprimée"
