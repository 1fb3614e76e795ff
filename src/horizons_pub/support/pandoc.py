"""pandoc, run as a child process in its sandbox: the one way the project calls it.

pandoc comes with the ``pypandoc-binary`` wheel (a dependency), so no system pandoc is needed. It is run
with ``--sandbox`` (no file or network access beyond its input), reading the bytes it is given on its
standard input and writing its output on its standard output. ``import`` reads Word files with it
(reader/docx/pandoc.py), ``proof --docx`` writes one (commands/proof.py).
"""

from __future__ import annotations

import subprocess

TIMEOUT = 300  # seconds, each run: a 300-page Word file takes pandoc about 10 s here


class PandocError(Exception):
    """pandoc is missing, failed, or ran out of time: the message says which, for the user."""


def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError as exc:  # the dependency is missing: an installation problem, said as such
        raise PandocError("pandoc, from the Python package pypandoc-binary, is missing: "
                          "pip install pypandoc-binary") from exc
    try:
        return pypandoc.get_pandoc_path()
    except OSError as exc:
        raise PandocError(f"pandoc was not found ({exc}): pip install pypandoc-binary") from exc


def run_pandoc(options: list[str], data: bytes, what: str = "the file") -> bytes:
    """pandoc's output for ``data``, in its sandbox (raises PandocError)."""
    command = [pandoc_path(), "--sandbox", *options]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PandocError(f"pandoc did not finish {what} in {TIMEOUT} s") from exc
    except OSError as exc:
        raise PandocError(f"pandoc could not be run: {exc}") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PandocError(f"pandoc failed on {what}: {said[-1] if said else f'exit {done.returncode}'}")
    return done.stdout
