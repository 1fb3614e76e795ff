"""``horizons-pub check``: the command (command.py: main, run, start_issue), its report (report.py) and
its printing (printing.py); the checks: build_check.py, epubcheck.py, ace.py, verapdf.py (the runner and
its check), pdf_checks.py, layout_checks.py; what the external tools share: tools.py."""

from .command import main  # noqa: F401
