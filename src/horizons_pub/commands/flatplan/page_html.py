"""``flatplan.html``: the plan as one page (layouts/flatplan/flatplan.html.j2), its CSS inlined, that
opens from the file system with no network."""

from __future__ import annotations

from ... import __version__
from .colours import PROBLEM
from .records import Plan

HTML_FILE = "flatplan.html"
TEMPLATE = "flatplan/flatplan.html.j2"
STYLESHEET = "flatplan/flatplan.css"


def flatplan_html(plan: Plan) -> str:
    from markupsafe import Markup

    from ...render.templates import render
    from ...support.resources import layouts_dir

    css = (layouts_dir() / STYLESHEET).read_text(encoding="utf-8")
    width, height = plan.thumb_size
    return render(TEMPLATE, plan=plan, css=Markup(css), thumb_w=width, thumb_h=height, version=__version__,
                  problem=PROBLEM)
