"""The report of ``check``: the statuses, the checks by name and in order, one ``Check`` per line of the
report and one ``IssueReport`` per issue (its checks, some still running in the background)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

OK, FAIL, WARN, SKIPPED, INFO = "ok", "fail", "warn", "skipped", "info"
STATUSES = (OK, FAIL, WARN, SKIPPED, INFO)

MAX_DETAILS = 25  # details shown per check; the rest are counted

CHECK_NAMES = ("build", "epubcheck", "ace", "print.boxes", "print.output-intent", "print.pdfx", "print.fonts",
               "print.page-labels", "screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources",
               "screen.fonts", "screen.page-labels", "screen.verapdf", "layout.flatplan", "layout.pages",
               "layout.notes", "layout.reserved", "layout.messages")
LAYOUT_CHECKS = tuple(n for n in CHECK_NAMES if n.startswith("layout."))


@dataclass
class Check:
    name: str
    status: str
    details: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status
        if len(self.details) > MAX_DETAILS:
            more = len(self.details) - MAX_DETAILS + 1
            self.details = self.details[:MAX_DETAILS - 1] + [f"… and {more} more"]

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "details": list(self.details)}


@dataclass
class IssueReport:
    issue: str  # the issue's id (its folder's name)
    folder: str
    checks: list[Check | Future] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.status == FAIL for c in self.resolved())

    def resolved(self) -> list[Check]:
        """The checks, waiting for those still running in the background."""
        self.checks = [c.result() if isinstance(c, Future) else c for c in self.checks]
        return self.checks  # type: ignore[return-value]

    def to_json(self) -> dict:
        return {"issue": self.issue, "folder": self.folder, "ok": self.ok,
                "checks": [c.to_json() for c in self.resolved()]}
