"""Models compared without their positions: ``without_pos(a) == without_pos(b)``.

A model read from one file and the same model read from another differ in every ``pos``; these plain
values keep everything else (each node as a dict with its class's name under ``"node"``), so that pytest
shows where two models differ.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any


def without_pos(node: Any) -> Any:
    """``node`` (a model node, or a tuple or list of them, or a plain value) as dicts, tuples and plain
    values, without any ``pos`` field."""
    if is_dataclass(node) and not isinstance(node, type):
        out: dict[str, Any] = {"node": type(node).__name__}
        for f in fields(node):
            if f.name != "pos":
                out[f.name] = without_pos(getattr(node, f.name))
        return out
    if isinstance(node, (tuple, list)):
        return tuple(without_pos(item) for item in node)
    if isinstance(node, dict):
        return {key: without_pos(value) for key, value in node.items()}
    if isinstance(node, Enum):
        return f"{type(node).__name__}.{node.name}"
    return node
