"""The EPUB in a real reading engine: Foliate's (foliate-js), in headless chromium.

For every note call, Foliate's own ``FootnoteHandler`` makes the pop-up it shows; the pop-up must
start with the call's number (issue 14: with the number drawn by a CSS counter, every pop-up read
« ↑ 0. »). scripts/install-validators.sh installs foliate-js and playwright-core into
build/.tools/readers; without them (or without node or chromium) the test says so and skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READERS = Path(os.environ.get("HP_READERS", ROOT / "build" / ".tools" / "readers"))
SCRIPT = Path(__file__).with_name("reading_system") / "popups.mjs"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and CHROMIUM and (READERS / "node_modules" / "foliate-js" / "view.js").is_file()),
    reason=f"no reading engine: node, chromium and foliate-js in {READERS} (scripts/install-validators.sh)")


def foliate_popups(epub: Path) -> list[dict]:
    proc = subprocess.run(["node", str(SCRIPT), str(READERS), str(epub)], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "CHROMIUM": CHROMIUM or ""})
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert not result["errors"], result["errors"]
    return result["popups"]


def test_foliate_pops_up_every_note_with_its_number(constructs):
    popups = foliate_popups(constructs.epub)
    assert len(popups) >= 5, popups  # the every-construct issue calls notes in three articles
    for popup in popups:
        assert popup["type"] == "footnote", popup
        assert popup["text"].startswith(f"{popup['call']}. "), popup
