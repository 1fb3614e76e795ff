"""Child processes ended politely: SIGTERM, then SIGKILL when it does not end in time."""

from __future__ import annotations

import subprocess


def end_process(proc: subprocess.Popen, grace: float = 5.0, asked: bool = False) -> None:
    """End ``proc`` and reap it: terminated, then killed after ``grace`` seconds.  ``asked``: it was
    already asked to end (its input closed, a message sent): it gets ``grace`` seconds first."""
    if asked:
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
