"""What a client and the warm builder say to each other: plain, picklable records.  One request per
connection: :class:`BuildRequest`, answered by :class:`Built`, :class:`Refused` or :class:`Failed`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildRequest:
    """``build_issue(folder, out_root, formats, Reporter(strict), jobs=jobs)`` run in ``cwd`` (the paths as the
    client gave them: the diagnostics and the outputs name them as a local build would) with the client's
    ``SOURCE_DATE_EPOCH`` (``epoch``); refused unless the builder's environment key is ``environment``."""

    folder: str
    out_root: str
    formats: tuple[str, ...]
    strict: bool
    jobs: int | None
    cwd: str
    environment: str
    epoch: str | None = None


@dataclass(frozen=True)
class Built:
    """Everything ``horizons-pub build`` prints of a build: the diagnostics as records
    (:meth:`..support.diagnostics.Diagnostic.record`, said again by ``Reporter.replay``), and the CPU seconds
    the builder and its workers spent on it (``cpu``: user + system), ``seconds`` its wall time."""

    has_issue: bool  # BuildResult.issue is not None
    up_to_date: bool
    outline: tuple[str, ...]
    outputs: tuple[str, ...]
    details: tuple[str, ...]
    diagnostics: tuple[dict, ...]
    cpu: float = 0.0
    seconds: float = 0.0
    pid: int = 0
    memo: tuple[int, int] | None = None  # (read, transformed) by the memo, when the build used one
    warm: bool = False  # made by the warm builder

    @classmethod
    def of(cls, result, diagnostics: list, **extra) -> Built:
        """From a BuildResult and the build's reporter's diagnostics."""
        return cls(result.issue is not None, result.up_to_date, tuple(result.outline),
                   tuple(str(p) for p in result.outputs), tuple(result.details),
                   tuple(d.record() for d in diagnostics), **extra)


@dataclass(frozen=True)
class Refused:
    """Not built: ``reason`` (another environment key: the builder ends after saying so)."""

    reason: str
    environment: str = ""


@dataclass(frozen=True)
class Failed:
    """The build raised (a bug of horizons-pub): ``message``, its traceback in ``trace``."""

    message: str
    trace: str = ""
    extra: dict = field(default_factory=dict)
