"""``horizons-pub`` alone: the commands, one line each, and the editor's usual commands (not a usage error)."""

from __future__ import annotations

import subprocess
import sys

from horizons_pub.cli import COMMANDS, COMMON


def test_no_command_prints_the_commands_and_the_usual_ones():
    run = subprocess.run([sys.executable, "-m", "horizons_pub"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    for name, (_module, help_text, *_rest) in COMMANDS.items():
        assert sum(1 for line in lines if line.split()[:1] == [name] and help_text in line) == 1, name
    for example, what in COMMON:
        assert any(example in line and what in line for line in lines), example
    assert len(COMMON) == 4
    assert "COMMAND --help" in run.stdout


def test_the_usual_commands_are_real_commands():
    from horizons_pub.cli import make_parser

    parser = make_parser()
    for example, _what in COMMON:
        args = parser.parse_args(example.split()[1:])
        assert args.command in COMMANDS
