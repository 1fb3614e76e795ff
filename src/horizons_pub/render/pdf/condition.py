"""The print PDF's output intent: the printing condition ``print:`` names (model/conditions.py), with the
printer's own profile when issue.yaml gives one, else the profile shipped in layouts/print/icc/."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from ...model.conditions import CONDITIONS, REGISTRY
from ...model.nodes import Issue
from ..profiles import cmyk_profile


def set_output_intent(pdf: pikepdf.Pdf, issue: Issue) -> None:
    """One GTS_PDFX output intent naming the condition, its registry and its profile (PDF/X-4 asks all three)."""
    condition = CONDITIONS.get(issue.printing.condition)
    stream = pikepdf.Stream(pdf, cmyk_profile(issue).read_bytes())
    stream.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, DestOutputProfile=pdf.make_indirect(stream),
        OutputConditionIdentifier=pikepdf.String(issue.printing.condition),
        Info=pikepdf.String(condition.description if condition else issue.printing.condition))
    if condition is not None:
        intent.RegistryName = pikepdf.String(REGISTRY)
        intent.OutputCondition = pikepdf.String(condition.description)
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])

