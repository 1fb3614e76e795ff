"""The printing conditions the print PDF can name as its output intent (PDF/X-4 asks for the condition's
registered identifier and its ICC profile).  Registered names from the ICC's characterization data
registry (https://www.color.org/chardata/drsection1.xalter)."""

from __future__ import annotations

from dataclasses import dataclass

REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Condition:
    identifier: str  # OutputConditionIdentifier, as registered
    description: str  # OutputCondition: the condition in words
    profile: str | None  # the profile shipped in layouts/print/icc/, or None: the printer must give one


CONDITIONS = {c.identifier: c for c in (
    Condition("FOGRA39", "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = "
              "coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)", "FOGRA39L.icc"),
    Condition("FOGRA51", "Offset printing, according to ISO 12647-2:2013, OFCOM, paper type 1 = premium coated, "
              "115 g/m2, tone value increase curves A (CMY) and A (K), white backing (PSO Coated v3)", None),
    Condition("FOGRA52", "Offset printing, according to ISO 12647-2:2013, OFCOM, paper type 5 = wood-free "
              "uncoated, 115 g/m2, tone value increase curves C (CMY) and C (K), white backing "
              "(PSO Uncoated v3 FOGRA52)", None),
)}

DEFAULT = "FOGRA39"
