"""Several issues built by one ``horizons-pub build``: one pool of workers for all of them (render/pdf/workers.py),
each issue's outputs as a build of it alone gives; with ``--jobs 1`` no pool at all."""

from __future__ import annotations

import argparse

import pytest

from helpers import article, write_issue
from horizons_pub.commands import build as build_command
from horizons_pub.render.pdf import workers as workers_module

pytestmark = pytest.mark.slow  # lays out two issues


def _args(folders, out, jobs):
    return argparse.Namespace(issues=[str(f) for f in folders], out=str(out), format=["screen"], strict=False,
                              jobs=jobs, quiet=True, verbose=False, no_warm=True)


@pytest.mark.parametrize("jobs", [None, 1], ids=["pool", "one-job"])
def test_the_issues_of_one_build_share_one_pool(tmp_path, monkeypatch, jobs):
    folders = [write_issue(tmp_path, {"a": article(f"Le texte du numéro {name}.")}, name=name)
               for name in ("hp-1", "hp-2")]
    made = []
    real = workers_module.Workers.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(workers_module.Workers, "__init__", counted)
    assert build_command.main(_args(folders, tmp_path / "together", jobs)) == 0
    assert len(made) == (1 if jobs is None else 0)  # one pool for both issues (none with one job)
    monkeypatch.undo()
    for folder in folders:  # the same bytes as each built alone
        assert build_command.main(_args([folder], tmp_path / "alone", jobs)) == 0
        name = folder.name
        pdfs = sorted(p.name for p in (tmp_path / "together" / name).glob("*.pdf"))
        assert pdfs, name
        for pdf in pdfs:
            assert (tmp_path / "together" / name / pdf).read_bytes() == (tmp_path / "alone" / name / pdf).read_bytes()
