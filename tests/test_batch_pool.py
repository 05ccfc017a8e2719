"""services/batch.py's pool and the command line's batch parts, in this process.

The pool is driven with a stand-in for the export (no rendering): jobs come back in order,
each worker takes the next job when idle, a worker that dies fails only its own job, an error
that cannot be pickled still arrives. The path without fork renders for real here, as it
does where there is no fork(); file names, the closing line and the progress line are
checked on their own. The whole command in a child process is tests/test_batch.py's.
"""

from __future__ import annotations

import io
import json
import os
import signal
import time
from pathlib import Path

import pytest
from packs import pack_data

from briefpack import cli
from briefpack.cli.render import ProgressLine, batch_jobs, closing_line
from briefpack.model.errors import BriefpackError
from briefpack.services import batch
from briefpack.services.batch import BatchHooks, BatchJob, BatchSettings, JobOutcome, run_batch

FORKS = pytest.mark.skipif(batch.worker_count(2) < 2, reason="needs fork() and two cores")


def jobs_named(*names: str) -> list[BatchJob]:
    return [BatchJob(Path(f"{name}.bpack"), {"pdf": Path(f"{name}.pdf")}) for name in names]


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def stand_in(job: BatchJob, _settings: BatchSettings) -> JobOutcome:
    """An export that writes nothing: says which process did it, or fails as named."""
    time.sleep(0.05)  # long enough that both workers take jobs
    if job.source.stem == "dies":
        os.kill(os.getpid(), signal.SIGKILL)
    if job.source.stem == "unpicklable":
        return JobOutcome(job, (), Unpicklable("odd"), "details")
    return JobOutcome(job, (Path(f"{job.source.stem}-by-{os.getpid()}.pdf"),))


@FORKS
def test_forked_pool_returns_every_outcome_in_order(monkeypatch) -> None:
    monkeypatch.setattr(batch, "export_job", stand_in)  # the workers inherit it at fork
    jobs = jobs_named("a", "b", "c", "d", "e")
    started: list[tuple[int, str]] = []
    finished: list[str] = []
    hooks = BatchHooks(
        started=lambda number, job: started.append((number, job.source.stem)),
        finished=lambda outcome: finished.append(outcome.job.source.stem),
    )
    outcomes = run_batch(jobs, BatchSettings(), hooks)
    assert [o.job for o in outcomes] == jobs
    assert not any(o.failed for o in outcomes)
    workers = {o.written[0].stem.split("-by-")[1] for o in outcomes}
    assert len(workers) >= 2 and str(os.getpid()) not in workers  # forked, and shared out
    assert [number for number, _ in started] == [1, 2, 3, 4, 5]
    assert [name for _, name in started] == ["a", "b", "c", "d", "e"]  # handed out in order
    assert sorted(finished) == ["a", "b", "c", "d", "e"]


@FORKS
def test_a_worker_that_dies_fails_only_its_own_job(monkeypatch) -> None:
    monkeypatch.setattr(batch, "export_job", stand_in)
    outcomes = run_batch(jobs_named("a", "dies", "b", "c"), BatchSettings())
    assert [o.failed for o in outcomes] == [False, True, False, False]
    assert "stopped unexpectedly" in str(outcomes[1].error)


@FORKS
def test_an_error_that_cannot_be_pickled_still_arrives(monkeypatch) -> None:
    monkeypatch.setattr(batch, "export_job", stand_in)
    outcomes = run_batch(jobs_named("a", "unpicklable"), BatchSettings())
    assert isinstance(outcomes[1].error, RuntimeError)
    assert str(outcomes[1].error) == "Unpicklable: odd"
    assert outcomes[1].details == "details"


def test_a_layout_error_is_given_the_pack_s_name(monkeypatch) -> None:
    def too_tall(*_args: object) -> None:
        raise BriefpackError("the table is taller than a page", where="sections[2]")

    monkeypatch.setattr(batch, "_export", too_tall)
    outcome = batch.export_job(jobs_named("north")[0], BatchSettings())
    assert outcome.failed and outcome.details == ""
    assert str(outcome.error) == "north.bpack: sections[2]: the table is taller than a page"


def test_without_fork_the_jobs_run_here_one_after_another(tmp_path, monkeypatch) -> None:
    monkeypatch.delattr(batch.os, "fork")
    assert batch.worker_count(10) == 1
    for name in ("a", "b"):
        (tmp_path / f"{name}.bpack").write_text(json.dumps(pack_data()), encoding="utf-8")
    jobs = batch_jobs([tmp_path / "a.bpack", tmp_path / "b.bpack"], [], "both", None)
    outcomes = run_batch(jobs, BatchSettings())
    assert [len(o.written) for o in outcomes] == [2, 2]
    assert (tmp_path / "b.docx").read_bytes().startswith(b"PK")


def test_a_bug_in_one_pack_is_logged_and_the_rest_render(tmp_path, monkeypatch, capsys) -> None:
    from briefpack.render import render as real_render

    monkeypatch.setattr(batch, "worker_count", lambda _jobs: 1)  # here, so the patch holds
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b", "c"):
        data = pack_data({"kind": "text", "body": "Hello."}, title=f"Pack {name}")
        Path(f"{name}.bpack").write_text(json.dumps(data), encoding="utf-8")

    monkeypatch.setattr("briefpack.render.render", _exploding_for("Pack b", real_render))
    assert cli.main(["render", "a.bpack", "b.bpack", "c.bpack"]) == cli.EXIT_INTERNAL
    out, err = capsys.readouterr()
    assert out.splitlines() == ["wrote a.pdf", "wrote c.pdf"]
    lines = err.splitlines()
    assert lines[0].startswith("b.bpack: internal error: RuntimeError: boom; details in ")
    assert lines[1] == "1 of 3 packs failed: b.bpack"
    assert not Path("b.pdf").exists()


def _exploding_for(title: str, real_render):
    def render(doc, fmt, **kwargs):
        if any(getattr(block, "title", None) == title for block in doc.blocks):
            raise RuntimeError("boom")
        return real_render(doc, fmt, **kwargs)

    return render


def test_file_names_carry_the_brand_only_with_several_brands() -> None:
    packs = [Path("north/update.bpack"), Path("south.bpackz")]
    one = batch_jobs(packs, ["high-contrast"], None, None)
    assert [job.targets for job in one] == [
        {"pdf": Path("north/update.pdf")},
        {"pdf": Path("south.pdf")},
    ]
    assert {job.brand for job in one} == {"high-contrast"}
    several = batch_jobs(packs[:1], ["default", "met"], "both", Path("out"))
    assert [job.targets for job in several] == [
        {"pdf": Path("out/update-default.pdf"), "docx": Path("out/update-default.docx")},
        {"pdf": Path("out/update-met.pdf"), "docx": Path("out/update-met.docx")},
    ]


def test_closing_line_says_what_failed(capsys) -> None:
    jobs = batch_jobs([Path("a.bpack"), Path("b.bpack")], ["x", "y"], None, None)
    outcomes = [JobOutcome(job) for job in jobs]
    outcomes[1] = JobOutcome(jobs[1], (), BriefpackError("bad", file="a.bpack"))
    assert closing_line(outcomes, several_brands=True) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err == "1 of 4 renders failed: a.bpack in brand y\n"
    assert closing_line([JobOutcome(job) for job in jobs], several_brands=True) == cli.EXIT_OK


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal() -> None:
    screen, log = Terminal(), io.StringIO()
    for stream in (screen, log):
        progress = ProgressLine(3, stream)
        progress.show("rendering a.bpack", 1)
        progress.say("a.bpack: bad", stream)
        progress.show("rendering b.bpack", 2)
        progress.clear()
    assert log.getvalue() == "a.bpack: bad\n"  # only what a single render would print
    assert screen.getvalue() == (
        "\r[1/3] rendering a.bpack\x1b[K"
        "\r\x1b[Ka.bpack: bad\n"
        "\r[1/3] rendering a.bpack\x1b[K"
        "\r[2/3] rendering b.bpack\x1b[K"
        "\r\x1b[K"
    )
