"""The report of ``check``: the three states of a check, the checks by name and in order, one ``Check`` per
line of the report and one ``IssueReport`` per issue (its checks, some still running in the background).

A check is ``passed``, ``failed`` or ``not run`` (with why: a tool is missing, the build failed).  A passed
check may carry a warning (``Check.warning``): under ``--strict`` it fails.  An issue is ``failed`` when a
check failed, else ``incomplete`` when a check was not run, else ``passed``; it is *accepted* (exit 0)
when it passed, or when every check not run was named by ``--allow-missing``.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"
STATUSES = (PASSED, FAILED, NOT_RUN)

#: The status of an issue: a check failed; none failed but one was not run; every check passed.
ISSUE_FAILED, ISSUE_INCOMPLETE, ISSUE_PASSED = "failed", "incomplete", "passed"

MAX_DETAILS = 25  # details shown per check; the rest are counted
#: The checks whose every line is kept: each one is a thing to fix in the source.
LISTED_IN_FULL = frozenset({"source.placeholders", "source.empty-articles"})

CHECK_NAMES = ("build", "source.placeholders", "source.empty-articles", "epub.epubcheck", "epub.ace",
               "print.boxes", "print.output-intent", "print.pdfx", "print.fonts", "print.page-labels",
               "print.colour-spaces", "print.ink-coverage", "print.image-resolution", "print.page-count",
               "screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources", "screen.fonts",
               "screen.page-labels", "screen.verapdf", "layout.flatplan", "layout.pages", "layout.notes",
               "layout.reserved", "layout.messages")
LAYOUT_CHECKS = tuple(n for n in CHECK_NAMES if n.startswith("layout."))
#: The external validators, by the name ``--allow-missing`` also takes, and the checks each one runs.
TOOLS = {"epubcheck": ("epub.epubcheck",), "ace": ("epub.ace",), "verapdf": ("screen.verapdf",)}


@dataclass
class Check:
    name: str
    status: str
    details: list[str] = field(default_factory=list)
    warning: bool = False  # passed, with something to look at: details[0] says what
    install: str | None = None  # not run because a tool is missing: the command that installs it
    allowed: bool = False  # not run, and accepted by --allow-missing

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status
        assert not self.warning or self.status == PASSED, (self.name, self.status)
        if len(self.details) > MAX_DETAILS and self.name not in LISTED_IN_FULL:
            more = len(self.details) - MAX_DETAILS + 1
            self.details = self.details[:MAX_DETAILS - 1] + [f"… and {more} more"]

    def to_json(self) -> dict:
        entry = {"name": self.name, "status": self.status, "details": list(self.details)}
        if self.status == PASSED:
            entry["warning"] = self.warning
        if self.status == NOT_RUN:
            entry["reason"] = self.details[0] if self.details else ""
            entry["install"] = self.install
            entry["allowed"] = self.allowed
        return entry


def passed(name: str, details: list[str]) -> Check:
    return Check(name, PASSED, details)


def warned(name: str, details: list[str]) -> Check:
    """Passed, with a warning: ``details[0]`` says what to look at."""
    return Check(name, PASSED, details, warning=True)


def failed(name: str, details: list[str]) -> Check:
    return Check(name, FAILED, details)


def not_run(name: str, why: str, *more: str, install: str | None = None) -> Check:
    """Not run, and why (a tool is missing: ``install`` is the command that installs it)."""
    return Check(name, NOT_RUN, [why, *more], install=install)


def strict(check: Check) -> Check:
    """``--strict``: a check that passed with a warning fails."""
    if not check.warning:
        return check
    return Check(check.name, FAILED, [f"{check.details[0]} (a warning: --strict fails it)", *check.details[1:]])


def allow(check: Check, names: set[str]) -> Check:
    """``--allow-missing``: a check not run that ``names`` names (by check or by tool) is accepted."""
    if check.status == NOT_RUN and allowed_by(check.name, names):
        check.allowed = True
    return check


def allowed_by(check_name: str, names: set[str]) -> bool:
    return check_name in names or any(check_name in TOOLS.get(name, ()) for name in names)


def allow_names() -> tuple[str, ...]:
    """What ``--allow-missing`` takes: a tool or a check name."""
    return (*TOOLS, *CHECK_NAMES)


@dataclass
class IssueReport:
    issue: str  # the issue's id (its folder's name)
    folder: str
    checks: list[Check | Future] = field(default_factory=list)

    @property
    def status(self) -> str:
        checks = self.resolved()
        if any(c.status == FAILED for c in checks):
            return ISSUE_FAILED
        if any(c.status == NOT_RUN for c in checks):
            return ISSUE_INCOMPLETE
        return ISSUE_PASSED

    @property
    def accepted(self) -> bool:
        """The exit status may be 0: every check passed, or those not run are allowed by --allow-missing."""
        return all(c.status == PASSED or (c.status == NOT_RUN and c.allowed) for c in self.resolved())

    def counts(self) -> dict[str, int]:
        checks = self.resolved()
        return {status: sum(c.status == status for c in checks) for status in STATUSES}

    def resolved(self) -> list[Check]:
        """The checks, waiting for those still running in the background."""
        self.checks = [c.result() if isinstance(c, Future) else c for c in self.checks]
        return self.checks  # type: ignore[return-value]

    def to_json(self) -> dict:
        checks = self.resolved()
        return {"issue": self.issue, "folder": self.folder, "status": self.status, "accepted": self.accepted,
                "counts": self.counts(), "warnings": sum(c.warning for c in checks),
                "checks": [c.to_json() for c in checks]}


def overall_status(reports: list[IssueReport]) -> str:
    statuses = {r.status for r in reports}
    if not reports or ISSUE_FAILED in statuses:
        return ISSUE_FAILED
    return ISSUE_INCOMPLETE if ISSUE_INCOMPLETE in statuses else ISSUE_PASSED
