"""``print:`` in issue.yaml: the printing condition, the printer's profile, the paper, the price, signatures."""

from __future__ import annotations

from pathlib import Path

from helpers import messages, write_issue

from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[2]
FOGRA39 = ROOT / "layouts" / "print" / "icc" / "FOGRA39L.icc"


def read(folder: Path):
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), messages(reporter)


def test_defaults_are_fogra39_and_the_shipped_profile(workdir):
    issue, said = read(write_issue(workdir, issue={"pages": 8}))
    assert said == [] and issue.printing.condition == "FOGRA39" and issue.printing.icc is None
    assert issue.printing.paper_mm == 0.1 and issue.printing.price is None


def test_every_key_read(workdir):
    folder = write_issue(workdir, issue={"pages": 8, "print": {
        "condition": "FOGRA51", "icc": "icc/imprimeur.icc", "paper_mm": 0.08, "cover_mm": 0.35, "price": 15}},
        extra_files={"icc/imprimeur.icc": FOGRA39.read_bytes()})
    issue, said = read(folder)
    assert said == []
    p = issue.printing
    assert (p.condition, p.icc, p.paper_mm, p.cover_mm, p.price) == ("FOGRA51", "icc/imprimeur.icc", 0.08, 0.35, "15.00")


def test_page_count_must_make_signatures(workdir):
    folder = write_issue(workdir, issue={"pages": 6, "print": None})
    # default_issue gives a reason for odd test issues; without it, the count is refused at 'pages'
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("print:"))
    (folder / "issue.yaml").write_text(text + "\n", encoding="utf-8")
    issue, said = read(folder)
    assert issue is None
    assert any("'pages: 6' is not a multiple of 4" in m and m.endswith("[issue.signatures]") and ".yaml:" in m
               for m in said), said


def test_mistakes_are_said_at_their_line(workdir):
    folder = write_issue(workdir, issue={"pages": 8, "print": {
        "condition": "FOGRA93", "paper_mm": 2, "price": "quinze euros"}})
    issue, said = read(folder)
    assert issue is None
    codes = sorted(m.rsplit("[", 1)[1].rstrip("]") for m in said)
    assert codes == ["print.condition", "print.paper", "print.price"], said
    assert any("did you mean 'FOGRA39'" in m for m in said), said


def test_a_condition_without_a_shippable_profile_asks_for_the_printers(workdir):
    issue, said = read(write_issue(workdir, issue={"pages": 8, "print": {"condition": "FOGRA51"}}))
    assert issue is None and any("give the printer's ICC profile" in m for m in said), said


def test_an_rgb_profile_is_not_a_printers_profile(workdir):
    srgb = bytearray(FOGRA39.read_bytes()[:128])
    srgb[12:20] = b"mntrRGB "
    folder = write_issue(workdir, issue={"pages": 8, "print": {"icc": "ecran.icc"}},
                         extra_files={"ecran.icc": bytes(srgb)})
    issue, said = read(folder)
    assert issue is None and any("[print.icc]" in m for m in said), said
