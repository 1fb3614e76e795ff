"""Dates in outputs come from SOURCE_DATE_EPOCH, else from the issue's date: never from the clock."""

from __future__ import annotations

import datetime as _dt
import os
from contextlib import contextmanager
from typing import Iterator

from ..model.nodes import Issue

_EPOCH_VAR = "SOURCE_DATE_EPOCH"


def source_datetime(issue: Issue) -> _dt.datetime:
    """The build's timestamp (UTC): SOURCE_DATE_EPOCH when set, else the issue's date at midnight."""
    epoch = os.environ.get(_EPOCH_VAR, "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return _dt.datetime.combine(issue.date, _dt.time(0, 0), tzinfo=_dt.timezone.utc)


@contextmanager
def pinned_source_date(issue: Issue) -> Iterator[_dt.datetime]:
    """While rendering, libraries that read SOURCE_DATE_EPOCH themselves (fontTools' subsetter,
    used by WeasyPrint) see the issue's date when the user has not set one."""
    when = source_datetime(issue)
    with pinned_epoch(int(when.timestamp())):
        yield when


@contextmanager
def pinned_epoch(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to ``epoch`` for the duration, then as it was."""
    before = os.environ.get(_EPOCH_VAR)
    os.environ[_EPOCH_VAR] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_EPOCH_VAR, None)
        else:
            os.environ[_EPOCH_VAR] = before


def w3c(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
