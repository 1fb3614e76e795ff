"""The archive's Dublin Core record names each edition it holds by its own ISBN (issue 21)."""

from __future__ import annotations

from helpers import load, messages, write_issue
from lxml import etree

from horizons_pub.commands.archive.metadata import DC, dublin_core


def _identifiers(workdir, **isbns) -> list[str]:
    issue, reporter = load(write_issue(workdir, issue=isbns))
    assert messages(reporter) == []
    return [e.text for e in etree.fromstring(dublin_core(issue)).iterfind(f"{{{DC}}}identifier")]


def test_both_editions_isbns_are_identifiers(workdir):
    assert _identifiers(workdir, isbn="978-2-7013-0000-9", isbn_epub="978-2-7013-0001-6") == [
        "urn:isbn:9782701300009", "urn:isbn:9782701300016"]


def test_the_print_isbn_alone(workdir):
    assert _identifiers(workdir, isbn="978-2-7013-0000-9") == ["urn:isbn:9782701300009"]
