"""horizons-pub: the publishing pipeline of Horizons publics."""

__version__ = "0.1.0"
