"""``horizons-pub verify``: command.py (main, verify_bag: every check of a bag, every problem at once) and
bagit_check.py (the checksums and files, all of them); the validators and checks are the archive's
(commands/archive/validation.py, preflight.py), run again."""

from .command import Verdict, main, verify_bag  # noqa: F401
