"""``horizons-pub check``."""

from .command import main  # noqa: F401
