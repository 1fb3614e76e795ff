"""Every diagnostic code the code can emit is in docs/diagnostics.md, at its level, and the doc lists no other.

The codes are read from the source's syntax tree, every way one is emitted:
``reporter.error("code", …)`` / ``.warning("code", …)`` (whatever the reporter is called),
``Diagnostic(Severity.X, "code", …)`` built by hand, and a line printed as
``…: error: … [code]`` (``verify``).  A reporter call whose code is not written out (a variable, a
table) fails the test: add the codes it can take to ``DYNAMIC`` below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from horizons_pub.reader.docx.article import FINDING_CODES
from horizons_pub.reader.images import IMAGE_CODES
from horizons_pub.reader.textfile import FILE_CODES

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "horizons_pub"
DOC = ROOT / "docs" / "diagnostics.md"

CODE = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+")
PRINTED = re.compile(r": (error|warning): .*\[(" + CODE.pattern + r")\]")

#: Codes emitted through a variable or a table, which the syntax tree cannot read: (code, level).
DYNAMIC: set[tuple[str, str]] = {
    (code, "error") for code in (*FILE_CODES.values(), "file.unreadable", *IMAGE_CODES.values(), "image.unreadable")
} | set(FINDING_CODES.items())
#: Modules whose computed codes are all in DYNAMIC (a table of kind → code, imported above).
DYNAMIC_MODULES = {"reader/images.py", "reader/textfile.py"}
#: Modules whose ``.error``/``.warning`` calls with a computed first argument are not diagnostics.
NOT_REPORTERS = {"support/diagnostics.py"}  # the Reporter itself (its replay re-emits recorded codes)


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC).as_posix()}:{node.lineno}"


def _text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's literal parts, joined (what is printed around the values)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def emitted_codes() -> tuple[dict[str, set[str]], list[str]]:
    """{code: its levels}, and the reporter calls whose code could not be read."""
    codes: dict[str, set[str]] = {}
    unreadable: list[str] = []
    for code, level in DYNAMIC:
        codes.setdefault(code, set()).add(level)
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in ("error", "warning") and isinstance(func, ast.Attribute) and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        if CODE.fullmatch(first.value):
                            codes.setdefault(first.value, set()).add(name)
                        # else: a message, not a code (argparse's parser.error, logging…)
                    elif module not in NOT_REPORTERS | DYNAMIC_MODULES:
                        unreadable.append(f"{_where(path, node)}: {ast.unparse(node)[:80]}")
                elif name == "Diagnostic" and module not in NOT_REPORTERS:
                    severity, code = (node.args + [None, None])[:2]
                    if (isinstance(severity, ast.Attribute) and isinstance(code, ast.Constant)
                            and isinstance(code.value, str)):
                        codes.setdefault(code.value, set()).add(severity.attr.lower())
                    else:
                        unreadable.append(f"{_where(path, node)}: {ast.unparse(node)[:80]}")
            text = _text(node)
            if text is not None:
                for match in PRINTED.finditer(text):
                    codes.setdefault(match.group(2), set()).add(match.group(1))
    return codes, unreadable


def documented_codes() -> dict[str, str]:
    """{code: level} from the doc's table (a row may name several codes)."""
    out: dict[str, str] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("code", "---"):
            continue
        assert len(cells) == 3, f"a row of the table is not code | level | text: {line}"
        names = re.findall(r"`([^`]+)`", cells[0])
        assert names and all(CODE.fullmatch(n) for n in names), f"not a row of codes: {line}"
        assert cells[1] in ("error", "warning"), f"unknown level in: {line}"
        for name in names:
            assert name not in out, f"{name} is listed twice"
            out[name] = cells[1]
    return out


EMITTED, UNREADABLE = emitted_codes()
DOCUMENTED = documented_codes()


def test_the_scan_finds_the_codes():
    """The scan itself works: codes of each way of emitting them are found."""
    assert len(EMITTED) >= 80
    assert EMITTED["yaml.syntax"] == {"error"}  # reporter.error("…")
    assert EMITTED["layout.overflow"] == {"warning"}  # self.reporter.warning("…")
    assert EMITTED["markup.unknown-div"] == {"error"}  # a call over several lines
    assert EMITTED["preview.failed"] == {"error"}  # Diagnostic(Severity.ERROR, "…")
    assert EMITTED["archive.invalid"] == {"error"}  # printed: "…: error: … [archive.invalid]"


def test_every_reporter_call_names_its_code():
    assert UNREADABLE == [], "codes this test cannot read: list them in DYNAMIC"


@pytest.mark.parametrize("code", sorted(EMITTED))
def test_every_emitted_code_is_documented_at_its_level(code):
    assert code in DOCUMENTED, f"{code} is emitted but not in docs/diagnostics.md: add a line on what to do"
    levels = EMITTED[code]
    assert len(levels) == 1, f"{code} is emitted as {sorted(levels)}: say both in the doc and here"
    assert DOCUMENTED[code] == next(iter(levels)), f"{code} is a {next(iter(levels))}, the doc says {DOCUMENTED[code]}"


def test_the_doc_lists_no_code_that_is_never_emitted():
    assert sorted(set(DOCUMENTED) - set(EMITTED)) == []
