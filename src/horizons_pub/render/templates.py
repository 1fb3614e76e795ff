"""Jinja2 environment over ``layouts/``: autoescaping always on; fragments made by lxml go in as Markup."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from lxml import etree
from markupsafe import Markup

from ..support.resources import layouts_dir


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(layouts_dir())),
        autoescape=select_autoescape(enabled_extensions=("html", "xhtml", "ncx", "xml", "j2"), default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def fragment(el: etree._Element, method: str) -> Markup:
    """An lxml element serialised for a template (the only way markup enters one)."""
    return Markup(etree.tostring(el, encoding="unicode", method=method))
