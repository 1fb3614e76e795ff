"""A figure's ``place=`` attribute: its French and English names (docs/source-format.md, Figures)."""

from __future__ import annotations

from ..model.nodes import Placement

#: The values of ``place=``, French first, then their English aliases.
PLACE_NAMES: dict[str, Placement] = {
    "colonne": Placement.COLUMN, "haut": Placement.TOP, "bas": Placement.BOTTOM, "page": Placement.PAGE,
    "ouverture": Placement.OPENER,
    "column": Placement.COLUMN, "top": Placement.TOP, "bottom": Placement.BOTTOM, "opener": Placement.OPENER,
}

#: What the unknown-value message lists.
KNOWN_PLACES = "colonne, haut, bas, page, ouverture (or column, top, bottom, opener)"


def read_place(value: str) -> Placement | None:
    """The placement ``value`` names (case and spaces ignored), or None when it names none."""
    return PLACE_NAMES.get(value.strip().lower())
