"""The renderers by output format name."""

from __future__ import annotations

RENDERERS: dict = {}
