"""The flatplan's colours: the magazine's (layouts/print/print.css), the colour of what needs
fixing, one colour per root rubric, and those of the parts that are not in a rubric."""

from __future__ import annotations

from ...model import fr
from ...model.nodes import PartKind

ACCENT = "#0d4a5e"
ACCENT_2 = "#b8741a"
INK = "#1b1b1b"
RULE = "#9aa9ad"
PROBLEM = "#d1242f"
WARN = "#c76b00"

#: One colour per root rubric, in the order of issue.yaml's rubrics (stable from one issue to the
#: next): dark enough to read as text on white, and no red (red is for what needs fixing).
PALETTE = ("#b8741a", "#2f63a8", "#2a7d5f", "#7a4d98", "#8c7a16", "#1f7f9c", "#a4457a", "#5f7a22",
           "#4e6275", "#7d4f33", "#44489a", "#3d8a8a")

#: part kind → (colour, legend label), for the parts that are not in a rubric.
KIND_COLOURS = {"cover": (ACCENT, fr.COVERS), "back-cover": (ACCENT, fr.COVERS),
                "sommaire": ("#6d8790", fr.PART_NAMES[PartKind.SOMMAIRE])}
