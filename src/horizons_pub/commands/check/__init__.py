"""``horizons-pub check``: the command (command.py: main, run, start_issue), its report (report.py) and
its printing (printing.py); the checks: build_check.py, source_checks.py (placeholders, articles without
text), epubcheck.py, ace.py, verapdf.py (the runner and its check), pdf_checks.py, layout_checks.py; what the
external tools share (and the command that installs them all): tools.py."""

from .command import main  # noqa: F401
