"""Small Pillow helpers for flatplan.png: the Inter fonts, text cut or wrapped to a width, a colour
with its alpha, hatching and pills."""

from __future__ import annotations

import re
from functools import cache


@cache
def font(weight: str, size: int):
    """Inter at ``weight`` ("regular", "semibold", "bold", "italic") and ``size`` pixels."""
    from PIL import ImageFont

    from ...support.resources import fonts_dir

    name = {"regular": "Inter-Regular.otf", "semibold": "Inter-SemiBold.otf", "bold": "Inter-Bold.otf",
            "italic": "Inter-Italic.otf"}[weight]
    try:
        return ImageFont.truetype(str(fonts_dir() / name), size)
    except (OSError, FileNotFoundError):
        return ImageFont.load_default(size)


def fit(draw, text: str, face, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(draw, text: str, face, width: float, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width`` pixels, the last cut with an ellipsis."""
    words, out, line = [w for w in re.split(r"[ \t\n]+", text) if w], [], ""  # not at no-break spaces
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) <= width or not line:
            line = trial
            continue
        out.append(line)
        line = word
        if len(out) == lines - 1:
            line = " ".join(words[i:])
            break
    if line:
        out.append(line)
    out = out[:lines]
    if out:
        out[-1] = fit(draw, out[-1], face, width)
    return out


def rgb(colour: str, alpha: int | None = None):
    """``"#rrggbb"`` as an (r, g, b) tuple, or (r, g, b, alpha)."""
    value = colour.lstrip("#")
    values = tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
    return values if alpha is None else values + (alpha,)


def hatch(draw, box, step: int = 6, colour=(110, 120, 124, 150)) -> None:
    """45° lines ``step`` pixels apart across ``box``."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    for start in range(int(x0 - h), int(x1), step):
        # a 45° line from (start, y1) to (start + h, y0), clipped to the box
        ax, ay, bx, by = start, y1, start + h, y0
        if ax < x0:
            ay -= x0 - ax
            ax = x0
        if bx > x1:
            by += bx - x1
            bx = x1
        draw.line((ax, ay, bx, by), fill=colour, width=1)


def pill(draw, cx: float, cy: float, text: str, background: str, foreground: str, size: int = 10) -> None:
    """``text`` in bold on a rounded box, centred on (cx, cy)."""
    bold = font("bold", size)
    w = draw.textlength(text, font=bold)
    box = (cx - w / 2 - 6, cy - size / 2 - 4, cx + w / 2 + 6, cy + size / 2 + 4)
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) / 2, fill=background)
    draw.text((cx, cy), text, font=bold, fill=foreground, anchor="mm")
