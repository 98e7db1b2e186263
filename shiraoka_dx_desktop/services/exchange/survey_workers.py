"""A round's workbooks written on both cores: half by a second process, half here, for a large policy.

Writing a workbook is Python work that one process does on one core; the terminals have two.
For a policy of :data:`PARALLEL_FROM` initiatives or more, the sections' workbooks are shared out
by size between this process and one started for the purpose (``spawn``: a fresh interpreter,
as Windows starts any; the frozen program's entry point calls ``multiprocessing.freeze_support``).
It is handed its sections' records, writes their files as this process writes its own (each
atomically), and ends.  If it cannot be started or dies, its share is written here: the round
never depends on it.  A file it cannot write refuses the round as it would here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from ...logs import log
from ...storage.errors import KnownError
from .cover_facts import SurveyCover
from .schema import Paper, Survey
from .survey_data import SectionScope
from .xlsx_writer import write_workbook

__all__ = ["PARALLEL_FROM", "Job", "Options", "write_jobs"]

# Initiatives in the policy from which a second process pays for its start (about a second).
PARALLEL_FROM = 3_000


class Job(NamedTuple):
    scope: SectionScope
    path: Path


class Options(NamedTuple):
    fiscal_year: int
    paper: Paper
    user: str
    moment: dt.datetime


def write_jobs(jobs: Sequence[Job], options: Options, *, initiatives: int) -> None:
    """Write every job's workbook: on two cores when the policy is large and there are two."""
    if initiatives < PARALLEL_FROM or len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        write_all(jobs, options)
        return
    here, there = _halves(jobs)
    try:
        executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        future = executor.submit(write_all, there, options)
    except (OSError, RuntimeError) as error:
        log.warning("survey: no second process (%s); writing every workbook here", type(error).__name__)
        write_all(jobs, options)
        return
    with executor:
        write_all(here, options)
        try:
            future.result()
            log.info("survey: %d of %d workbooks written by a second process", len(there), len(jobs))
        except KnownError:
            raise
        except Exception as error:  # it could not start, or died: its share is written here
            log.warning("survey: the second process failed (%s); writing its workbooks here", type(error).__name__)
            write_all(there, options)


def write_all(jobs: Sequence[Job], options: Options) -> None:
    """Write the jobs' workbooks one after the other (in the second process, what it was handed)."""
    for scope, path in jobs:
        count = len(scope.data.snapshot.initiatives)
        cover = SurveyCover(Survey(options.fiscal_year, scope.section_id), scope.section_name, count)
        write_workbook(
            scope.data,
            path,
            paper=options.paper,
            user=options.user,
            now=options.moment,
            fiscal_year=options.fiscal_year,
            survey=cover,
        )


def _halves(jobs: Sequence[Job]) -> tuple[list[Job], list[Job]]:
    """The jobs in two shares of about the same size (the largest first, each to the lighter share)."""
    shares: tuple[list[Job], list[Job]] = ([], [])
    weights = [0, 0]
    for job in sorted(jobs, key=lambda job: -_weight(job)):
        lighter = 0 if weights[0] <= weights[1] else 1
        shares[lighter].append(job)
        weights[lighter] += _weight(job)
    return shares


def _weight(job: Job) -> int:
    return sum(len(records) for records in job.scope.data.records.values())
