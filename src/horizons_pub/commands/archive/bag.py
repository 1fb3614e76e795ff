"""The BagIt bag (RFC 8493, version 1.0): a staging folder beside the target, filled with the payload, bagged
with bagit-python (sha256 and sha512), put on the disk, then swapped with the previous bag in one step
(support/atomic.py's ``replace_folder``: docs/archive.md, "Nothing lost"); and ``bag-info.txt``.

``Bagging-Date`` is the day the bag was made: SOURCE_DATE_EPOCH's when it is set (two bags made with the same
one are byte-identical), else today's.  The issue's date is ``Issue-Date``.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import bagit

from ... import __version__
from ...model.identity import full_title, issue_urn
from ...model.nodes import Issue
from ...support.dates import source_epoch
from .profile import PROFILE_TAG, profile_id, profile_problems
from ...support.atomic import (
    fsync_tree,
    recover_folder,
    remove,
    replace_folder,
    sweep_temporaries,
    temporary_prefix,
)

# its progress lines are not for our users, nor its tracebacks: an error is raised, and said as a diagnostic
logging.getLogger("bagit").setLevel(logging.CRITICAL)

ARCHIVE_DIR = "archive"
CHECKSUMS = ["sha256", "sha512"]
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def bagging_date() -> _dt.date:
    """The day the bag is made: SOURCE_DATE_EPOCH's (UTC) when set, else today; support/dates.py's
    EpochError when it is set to what no date can be."""
    epoch = source_epoch()
    if epoch is not None:
        return _dt.datetime.fromtimestamp(epoch, tz=_dt.UTC).date()
    return _dt.date.today()


def staging_folder(out_dir: Path) -> Path:
    """A new, empty folder beside the bag, where its payload is put together (removed by :func:`discard`).
    What a killed archive left first: its swap finished (or undone), its folders swept."""
    out_dir.mkdir(parents=True, exist_ok=True)
    recover_folder(out_dir / ARCHIVE_DIR)
    sweep_temporaries(out_dir)
    return Path(tempfile.mkdtemp(prefix=temporary_prefix("archive-"), dir=out_dir))


def discard(staging: Path) -> None:
    remove(staging)


def bag_info(issue: Issue, date: _dt.date, validations: list[str], unvalidated: list[str]) -> dict:
    """bag-info.txt: who and what, the two dates, one ``Validation`` line per validator run (or not run), and
    one ``Bagged-Unvalidated`` line per failure or missing validator the bag was made in spite of."""
    info: dict = {
        "Source-Organization": issue.publisher,
        "External-Description": full_title(issue),
        "External-Identifier": issue_urn(issue),
        "Bagging-Date": date.isoformat(),
        "Issue-Date": issue.date.isoformat(),
        "Bag-Software-Agent": f"horizons-pub {__version__} (bagit {_version('bagit')})",
        "Validation": validations,
        PROFILE_TAG: profile_id(),  # the BagIt profile it conforms to (profile.py), checked before it is put in place
    }
    if unvalidated:
        info["Bagged-Unvalidated"] = unvalidated
    if issue.issn:
        info["Internal-Sender-Identifier"] = f"ISSN {issue.issn}"
    return info


class ProfileError(Exception):
    """The new bag does not conform to the BagIt profile it declares (a defect of horizons-pub): not put in place."""


def make_bag(staging: Path, info: dict, target: Path) -> Path:
    """Bag the payload in ``staging`` (it becomes ``data/``), check it against the BagIt profile bag-info.txt
    names (when it names one), and put it in place of ``target``."""
    os.chmod(staging, 0o755)  # mkdtemp made it the process's own; data/ takes its mode
    bagit.make_bag(str(staging), bag_info=info, checksums=CHECKSUMS, processes=1)
    # bagit-python writes BagIt 0.97; the bag is RFC 8493's BagIt 1.0 (same layout): say so,
    # then let bagit recompute the tag manifests over the new bagit.txt.
    (staging / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bagit.Bag(str(staging)).save(processes=1)
    if info.get(PROFILE_TAG) == profile_id():
        problems = profile_problems(staging)
        if problems:
            raise ProfileError("; ".join(problems))
    fsync_tree(staging)  # the whole new bag on the disk before it goes in
    replace_folder(staging, target)
    return target


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - all are dependencies
        return "unknown"
