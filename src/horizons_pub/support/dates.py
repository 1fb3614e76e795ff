"""Dates in outputs come from SOURCE_DATE_EPOCH, else from the issue's date: never from the clock."""

from __future__ import annotations

import datetime as _dt
import os
from contextlib import contextmanager
from typing import Iterator

from ..model.nodes import Issue

EPOCH_VAR = "SOURCE_DATE_EPOCH"
#: The years a build's date may fall in (the issue's date and SOURCE_DATE_EPOCH's): docs/source-format.md.
FIRST_YEAR, LAST_YEAR = 1970, 2099
EPOCH_MAX = int(_dt.datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=_dt.timezone.utc).timestamp())


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a date the outputs can carry (the message says why)."""


def source_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970-01-01 (UTC), None when unset or empty; :class:`EpochError`
    when it is not a whole number of seconds, or after :data:`LAST_YEAR` (the reproducible-builds rule:
    a malformed value is an error, never ignored)."""
    raw = os.environ.get(EPOCH_VAR, "").strip()
    if not raw:
        return None
    shown = f"'{raw}'" if len(raw) <= 20 and raw.isprintable() else f"a value of {len(raw):,} characters"
    if not (raw.isascii() and raw.isdigit()):
        raise EpochError(f"{shown} is not a date: give the build's date as a whole number of seconds since "
                         "1970-01-01 00:00 UTC (e.g. 1700000000, or $(git log -1 --format=%ct)), or unset it")
    if len(raw) > len(str(EPOCH_MAX)) or int(raw) > EPOCH_MAX:
        raise EpochError(f"{shown} is after {LAST_YEAR}-12-31: give the build's date as seconds since 1970-01-01 "
                         f"00:00 UTC, at most {EPOCH_MAX} (e.g. 1700000000), or unset it")
    return int(raw)


def source_datetime(issue: Issue) -> _dt.datetime:
    """The build's timestamp (UTC): SOURCE_DATE_EPOCH when set, else the issue's date at midnight.  The
    reader has checked SOURCE_DATE_EPOCH (reader/limits.py): here a bad value raises :class:`EpochError`."""
    epoch = source_epoch()
    if epoch is not None:
        return _dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc)
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
    before = os.environ.get(EPOCH_VAR)
    os.environ[EPOCH_VAR] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(EPOCH_VAR, None)
        else:
            os.environ[EPOCH_VAR] = before


def w3c(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
