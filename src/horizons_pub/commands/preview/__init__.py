"""``horizons-pub preview``."""

from .command import main  # noqa: F401
