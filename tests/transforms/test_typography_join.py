"""The typography transform joins each inline sequence once for all its rules, and tries a rule only on a
text holding one of the characters it needs (issue 20): the same output as every rule tried on a string
joined again for each (the transform's own tests, test_typography.py, say what that output is)."""

from __future__ import annotations

import dataclasses
import random

from horizons_pub.model.nodes import Code, Emph, Foreign, LineBreak, Pos, Text
from horizons_pub.transforms import typography
from horizons_pub.transforms.typography import fix_inlines, fix_string

P = Pos("a.md", 1)
PIECES = [*"ab1 2 3\u00a0\u2009\u202f'\".;:!?«»()[]-–—%€$£§\n", "...", "p. 12", "pp. 4", "n° 4", "N°5", "38 millions",
          "2 mille", "« mot »", '"x"', "https://a.b/c?d", "www.x.fr", "a@b.com", "10:30", "٣ ٤٥٦", "12 345", "fig. 3"]


def _strings(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20))) for _ in range(count)]


def _inlines(rng: random.Random, depth: int = 0) -> tuple:
    out = []
    for _ in range(rng.randint(0, 4)):
        text, k = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))), rng.random()
        if k < 0.55 or depth > 1:
            out.append(Text(text, P))
        elif k < 0.7:
            out.append(Emph(_inlines(rng, depth + 1), P))
        elif k < 0.8:
            out.append(Code(text, P))
        elif k < 0.88:
            out.append(LineBreak(P))
        else:
            out.append(Foreign(_inlines(rng, depth + 1), rng.choice(["en", "fr"]), P))
    return tuple(out)


def test_every_rule_tried_everywhere_gives_the_same_text(monkeypatch):
    rng = random.Random(20)
    strings, sequences = _strings(rng, 3000), [_inlines(rng) for _ in range(1500)]
    fast = [fix_string(s) for s in strings], [fix_inlines(x) for x in sequences]
    monkeypatch.setattr(typography, "_RULES", tuple(dataclasses.replace(r, needs=()) for r in typography._RULES))
    assert fast == ([fix_string(s) for s in strings], [fix_inlines(x) for x in sequences])


def test_a_rule_never_matches_a_text_without_what_it_needs():
    rng = random.Random(38)
    for rule in typography._RULES:
        if not rule.needs:
            continue
        pieces = [p for p in PIECES if not any(n in p for n in rule.needs)]
        for _ in range(400):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
            if not rule.may_match(text):
                assert rule.pattern.search(text) is None, (rule.pattern.pattern, text)


def test_a_sequence_is_joined_once_for_all_the_rules(monkeypatch):
    joins = []

    class Counting(typography._Buffer):
        @property
        def text(self) -> str:
            if self.joined is None:
                joins.append(len(self.chars))
            return super().text

    monkeypatch.setattr(typography, "_Buffer", Counting)
    out = fix_inlines((Text('Il dit "oui"... ', P), Emph((Text("vraiment", P),), P), Text(" ! Voir p. 12 : 20 %", P)))
    assert "".join(t.text for t in (out[0], out[1].children[0], out[2])) == (
        "Il dit «\u202foui\u202f»\u2026 vraiment\u202f! Voir p.\u00a012\u00a0: 20\u202f%")
    assert len(joins) == 1  # the rules that edited the text gave the next one its new string
