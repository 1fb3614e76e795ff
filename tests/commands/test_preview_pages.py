"""The preview's laid-out pages (commands/preview/board.py, builder/press): on the realistic test issue, a
saved article's pages are laid out again in the warm layout process and their images change, pixel for
pixel, while no other part is laid out or drawn again; an overflow shows in the same update; a broken edit
keeps the last good pages under its diagnostics."""

from __future__ import annotations

import io
import json
import shutil
import time

import pytest
from PIL import Image, ImageChops

from horizons_pub.commands.preview.command import start_preview
from helpers.outputs import MAGAZINE
from test_preview import fetch

pytestmark = pytest.mark.slow

ARTICLE = "reseaux-chaleur"  # pages 38–39, before bibliotheques (40–43) and the back cover (44)
PARAGRAPH = "Dans la vallée de la Drôme, le mouvement est récent."
TIMEOUT = 180


def status(preview) -> dict:
    code, _, body = fetch(preview.url + "__status")
    assert code == 200
    return json.loads(body)


def print_pages(preview) -> dict:
    return status(preview)["pages"]["print"]


def wait(what: str, predicate, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"after {timeout} s, still waiting for {what}")


def answered_after(preview, asked: int, final: bool = True):
    """The print edition once a request made after ``asked`` is answered (finally, when ``final``)."""
    def check():
        pages = print_pages(preview)
        return pages if pages["answered"] > asked and (pages["final"] or not final) and pages["asked"] > asked \
            else None
    return wait("the press's answer", check)


def image(preview, image_id: str) -> Image.Image:
    code, headers, body = fetch(f"{preview.url}page-image/{image_id}.png")
    assert code == 200 and headers["Content-Type"] == "image/png" and "immutable" in headers["Cache-Control"]
    return Image.open(io.BytesIO(body)).convert("RGB")


def restore(preview, source, text: str) -> dict:
    """Put the article back as it was, and wait for its pages."""
    mark = print_pages(preview)["asked"]
    source.write_text(text, encoding="utf-8")
    return answered_after(preview, mark)


@pytest.fixture(scope="module")
def live(magazine_built, tmp_path_factory):
    """The preview of a copy of the magazine, starting from its build's parts cache (as an editor's does)."""
    work = tmp_path_factory.mktemp("preview-pages")
    issue = work / "magazine"
    shutil.copytree(MAGAZINE, issue)
    shutil.copytree(magazine_built.folder / ".cache", work / "out" / "magazine" / ".cache")
    preview = start_preview(issue, work / "out", 0, build=False, pages=True)
    try:
        wait("the first pages", lambda: print_pages(preview)["answered"] and print_pages(preview)["final"])
        yield preview, issue / "articles" / f"{ARTICLE}.md"
    finally:
        preview.stop()


def test_an_edit_lays_out_its_article_alone_and_its_pages_change(live):
    preview, source = live
    before = print_pages(preview)
    assert before["failed"] == "" and before["pages"] == 44
    assert before["parts"][ARTICLE]["first"] == 38 and all(before["parts"][ARTICLE]["images"])
    old_first = image(preview, before["parts"][ARTICLE]["images"][0])
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(PARAGRAPH, "Dans la vallée, tout a commencé il y a six ans."), encoding="utf-8")
    try:
        after = answered_after(preview, before["asked"])
        assert after["laid_out"] == [ARTICLE]  # nothing else laid out again
        changed = after["parts"][ARTICLE]["images"]
        assert changed[0] != before["parts"][ARTICLE]["images"][0]
        others = {k: p["images"] for k, p in after["parts"].items() if k != ARTICLE}
        assert others == {k: p["images"] for k, p in before["parts"].items() if k != ARTICLE}  # nor drawn again
        new_first = image(preview, changed[0])
        assert new_first.size == old_first.size
        assert ImageChops.difference(old_first, new_first).getbbox() is not None  # the pixels changed
        code, _, spread = fetch(preview.url + "spread/38")
        assert code == 200 and f"/page-image/{changed[0]}.png".encode() in spread
    finally:
        restore(preview, source, text)


def test_an_overflow_shows_in_the_first_update(live):
    preview, source = live
    before = print_pages(preview)
    text = source.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith(PARAGRAPH))
    source.write_text(text.replace(paragraph, "\n\n".join([paragraph] * 8)), encoding="utf-8")
    try:
        first = answered_after(preview, before["asked"], final=False)
        # the first answer already gives the article its pages past its slot, and says so
        assert first["parts"][ARTICLE]["last"] > 39
        assert "layout.overflow" in first["codes"]
        code, _, spread = fetch(preview.url + "spread/40")
        assert code == 200 and "débord".encode() in spread
        # the parts it pushes are shown as they were, marked, until laid out at their new place
        pushed = first["parts"]["bibliotheques"]
        assert not first["final"] and pushed["first"] > 40
        assert set(range(pushed["first"], pushed["last"] + 1)) <= set(first["stale"])
        final = answered_after(preview, before["asked"])
        assert final["parts"]["bibliotheques"]["first"] > 40 and "bibliotheques" in final["laid_out"]
        assert not final["stale"]
    finally:
        back = restore(preview, source, text)
    assert back["parts"]["bibliotheques"]["first"] == 40


def test_a_broken_edit_keeps_the_last_good_pages_under_its_diagnostics(live):
    preview, source = live
    good = print_pages(preview)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(PARAGRAPH, PARAGRAPH + "[^absente]"), encoding="utf-8")
    try:
        wait("the error", lambda: not status(preview)["ok"])
        code, _, spread = fetch(preview.url + "spread/38")
        page = spread.decode("utf-8")
        assert code == 200 and "hp-errors" in page and "[^absente]" in page
        assert f"/page-image/{good['parts'][ARTICLE]['images'][0]}.png" in page  # the last good pages
        assert print_pages(preview)["asked"] == good["asked"]  # nothing sent to the press
    finally:
        source.write_text(text, encoding="utf-8")
        wait("the repair", lambda: status(preview)["ok"])


def test_the_screen_edition_is_laid_out_once_asked_for(live):
    preview, _ = live
    assert status(preview)["pages"]["screen"]["asked"] == 0  # not before its first page is opened
    code, _, board = fetch(preview.url + "screen/")
    assert code == 200 and 'lang="fr"' in board.decode("utf-8")
    screen = wait("the screen pages", lambda: (p := status(preview)["pages"]["screen"])["answered"] and p["final"]
                  and p)
    assert screen["failed"] == "" and screen["pages"] == 44
    assert screen["laid_out"] == []  # every part from the build's cache
    code, _, spread = fetch(preview.url + "screen/spread/38")
    image_id = screen["parts"][ARTICLE]["images"][0]
    assert code == 200 and f"/page-image/{image_id}.png".encode() in spread
    printed = print_pages(preview)["parts"][ARTICLE]["images"][0]
    assert image(preview, image_id).size == image(preview, printed).size  # the same trim, drawn alike
