"""The details joined once per sequence, and ``url_spans`` searching only a text that may hold a URL (issue 20):
the same model as before, compared with the frozen pre-optimisation copy (reference_details.py).

(a) whole issues: tests/data/magazine, source/hp-38 and a generated 108-page issue read and transformed
    by today's code, and by the same code with the reference's details and ``url_spans``: equal models;
(b) a seeded fuzz of inline sequences made of what the rules care about (ordinals, numerals, abbreviations,
    units, formulas, dashes, capitals, URLs and addresses, every kind of space, markup, code, line breaks,
    notes), and of strings for ``url_spans``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

import reference_details as ref
from helpers.outputs import HP38, MAGAZINE, ROOT
from horizons_pub.builder.recipe import load_issue
from horizons_pub.model.nodes import (
    Capitals,
    Code,
    Emph,
    Foreign,
    LineBreak,
    Link,
    NoHyphens,
    Note,
    NoteRef,
    Paragraph,
    Pos,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    Text,
)
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.transforms import details, pipeline, typography

P = Pos("a.md", 1)
NB, NN = "\u00a0", "\u202f"
WORDS = [
    "1er", "1ère", "1re", "1ers", "1eres", "1era", "A1er", "1,5e", "2e", "2es", "2ème", "2emes", "2nd", "2nde",
    "2ndes", "12e", "XXIe", "XIXe", "XXe", "Ier", "Ire", "IIIes", "Le", "Ce", "Me", "L", "C", "siècle", "siècles",
    "s.", "et", "au", "à", "ou", "Mme", "Mmes", "Mlle", "Mlles", "M.", "MM.", "Dr", "Drs", "De", "Boeck", "Dupont",
    "Éric", "n°", "N°", "no", "nos", "No", "4", "12", "2", "1", "38", "m2", "m3", "km2", "cm3", "dm2", "hm3",
    "km", "cm", "mm", "m", "ha", "kg", "t", "kWh", "GWh", "kW", "MW", "GW", "TW", "°C", "CO2", "CO2e", "CO2eq",
    "CH4", "N2O", "H2O", "SO2", "NO2", "CO2a", "INRAE", "IN", "RAE", "COVID-19", "COP21", "ONU-Habitat", "AE-DyR",
    "ONU", "IV", "XIV", "GJ", "Ostrom", "Ostroms", "Aujourd’hui", "L’Observatoire", "D'Artagnan", "Éducation",
    "Œuvres", "ÉTAT", "Paris", "mot", "vote", "www.x.fr", "WWW.Ex.FR/a.", "a@b.com", "x.y@z.eu", "a@b.c", "p+q@r-s.t_u", "https://a.b/c?d",
    "ftp://h", "exemple.fr", "ex.gouv", "INFO.io", "a.b", "3.5", "«", "»", "-", "–", "—", ",", ".", ";", ":", "!",
    "?", ")", "(", "'", "’", "_", "\ufffc",
]
SEPS = [" ", " ", " ", NB, NN, "", "  ", " - ", " – ", f"{NB}-{NB}", " -", "-"]


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out += (rng.choice(WORDS), rng.choice(SEPS))
    return "".join(out[:-1] if out and rng.random() < 0.5 else out)


def _inlines(rng: random.Random, depth: int = 0) -> tuple:
    out: list = []
    for _ in range(rng.randint(1, 5)):
        k = rng.random()
        if k < 0.5 or depth > 1:
            out.append(Text(_text(rng, rng.randint(0, 6)), P))
        elif k < 0.58:
            out.append(Emph(_inlines(rng, depth + 1), P))
        elif k < 0.62:
            out.append(Strong(_inlines(rng, depth + 1), P))
        elif k < 0.66:
            out.append(SmallCaps(_inlines(rng, depth + 1), P))
        elif k < 0.72:
            out.append(Foreign(_inlines(rng, depth + 1), rng.choice(["en", "fr", "fr-CA"]), P))
        elif k < 0.76:
            out.append(rng.choice([Superscript, Subscript, Capitals, NoHyphens])(_inlines(rng, depth + 1), P))
        elif k < 0.8:
            out.append(Link(_inlines(rng, depth + 1), "https://a.fr", P))
        elif k < 0.86:
            out.append(Code(_text(rng, 1), P))
        elif k < 0.91:
            out.append(LineBreak(P))
        elif k < 0.96:
            out.append(NoteRef("1", P))
        else:
            out.append(Note("1", 1, (Paragraph((Text("1er", P),), P),), P))
    return tuple(out)


def test_the_fuzz_gives_the_reference_details():
    rng = random.Random(20)
    edited = 0
    for _ in range(1500):
        seq = _inlines(rng)
        hyphenated = rng.random() < 0.8
        expected = ref.details_inlines(seq, hyphenated)
        assert details.details_inlines(seq, hyphenated) == expected, seq
        edited += expected != seq
    assert edited > 750  # the fuzz does reach the rules


def test_the_fuzz_after_the_typography(monkeypatch):
    # the order of the pipeline: the typography's spaces, then the details (the typography with the old url_spans)
    rng = random.Random(38)
    new = [typography.fix_inlines(_inlines(rng)) for _ in range(600)]
    rng = random.Random(38)
    monkeypatch.setattr(typography, "url_spans", ref.url_spans)
    old = [typography.fix_inlines(_inlines(rng)) for _ in range(600)]
    assert new == old
    for seq in new:
        assert details.details_inlines(seq) == ref.details_inlines(seq), seq


def test_url_spans_as_the_reference():
    rng = random.Random(7)
    found = 0
    for _ in range(20000):
        s = _text(rng, rng.randint(0, 8))
        if rng.random() < 0.3:  # cases: the pattern ignores them
            s = s.upper() if rng.random() < 0.5 else s.swapcase()
        expected = list(ref.url_spans(s))
        assert list(typography.url_spans(s)) == expected, s
        found += bool(expected)
    assert found > 3000
    for s in ("WWW.X", "wWw.a", "a.İNFO", "a.ınfo", "x.FR", "a@b", "@", "://", "A://B", "x.Fr.", "fr", ".com"):
        assert list(typography.url_spans(s)) == list(ref.url_spans(s)), s


def _both(folder: Path, monkeypatch) -> tuple:
    new = load_issue(folder, Reporter(echo=False))
    with monkeypatch.context() as m:
        m.setattr(pipeline, "french_details_issue", ref.french_details_issue)
        m.setattr(typography, "url_spans", ref.url_spans)
        old = load_issue(folder, Reporter(echo=False))
    return new, old


@pytest.mark.parametrize("folder", [MAGAZINE, HP38], ids=["magazine", "hp-38"])
def test_an_issue_gives_the_reference_model(folder, monkeypatch):
    new, old = _both(folder, monkeypatch)
    assert new is not None and old is not None
    assert new.articles and new == old
    for a, b in zip(new.articles, old.articles):  # said article by article if not
        assert a == b, a.id
    # and the reference is not today's code under another name
    assert ref.french_details_issue is not details.french_details_issue


@pytest.mark.slow  # reads and transforms 108 pages twice (about 3 s)
def test_a_generated_issue_gives_the_reference_model(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    folder = generate(108, tmp_path / "gen")
    new, old = _both(folder, monkeypatch)
    assert new is not None and new.articles and new == old
