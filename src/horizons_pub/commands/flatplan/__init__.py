"""``horizons-pub flatplan``."""

from .command import main  # noqa: F401
