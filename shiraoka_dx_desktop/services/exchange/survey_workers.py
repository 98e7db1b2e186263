"""A round's workbooks written on both cores: a share by a second process, the rest here, for a large policy.

Writing a workbook is Python work that one process does on one core; the terminals have two.
For a policy of :data:`PARALLEL_FROM` initiatives or more, a second process is started with
``spawn`` (a fresh interpreter, as Windows starts any; every entry point of the program calls
``multiprocessing.freeze_support``) as soon as the round begins.  It reads the database itself
while this process does (handing it the records would cost more than reading them: pickling and
unpickling take two thirds of a read), makes the same shares of the same sections, writes its
share (each file atomically) and says which sections it wrote.  Each workbook is read and
written from one reading, so each is consistent in itself.  A section it did not write, because
it could not start, died, or found the data changed in between, is written here; a file it wrote
for a section this process does not see is removed.  A file it cannot write refuses the round
as it would here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from ...logs import log
from ...storage.database import Database
from ...storage.errors import KnownError
from ..progress import default_fiscal_year
from .cover_facts import SurveyCover
from .records import ExportData, read_export_data
from .schema import Paper, Survey
from .survey_data import SectionScope, split_by_section
from .survey_files import make_folder, survey_file_name
from .xlsx_writer import write_workbook

__all__ = ["PARALLEL_FROM", "Job", "Options", "Round", "plan_round", "write_all"]

# Initiatives in the policy from which a second process pays for its start (about a second).
PARALLEL_FROM = 3_000
# The second process's part of the work (this one also remembers the round and says what was written).
_SECOND_SHARE = 0.5


class Job(NamedTuple):
    scope: SectionScope
    path: Path


class Options(NamedTuple):
    folder: Path
    fiscal_year: int | None  # None: this fiscal year, within the plan period
    paper: Paper
    user: str
    moment: dt.datetime


class Round(NamedTuple):
    """What one reading of the database makes of a round: its year, and a job per section."""

    data: ExportData
    fiscal_year: int
    jobs: list[Job]


def plan_round(database: Database, options: Options) -> Round:
    """Read the database and make the round's jobs (the same in both processes for the same data)."""
    data = read_export_data(database)
    year = options.fiscal_year if options.fiscal_year is not None else default_fiscal_year(data.snapshot)
    scopes = split_by_section(data, (year - 1, year))
    return Round(
        data, year, [Job(scope, options.folder / survey_file_name(year, scope.section_name)) for scope in scopes]
    )


class SecondProcess:
    """The second process of a large round, started at once (None inside: not started)."""

    def __init__(self, database: Database, options: Options, initiatives: int) -> None:
        self.future: Future[list[tuple[str, str]]] | None = None
        self._executor: ProcessPoolExecutor | None = None
        if initiatives < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            return
        try:
            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            self.future = self._executor.submit(_second_share, database.path, database.read_only, options)
        except (OSError, RuntimeError) as error:
            log.warning("survey: no second process (%s); writing every workbook here", type(error).__name__)
            self.future = None

    def __enter__(self) -> SecondProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def write_jobs(self, jobs: Sequence[Job], options: Options, fiscal_year: int) -> None:
        """Write every job's workbook: the first share here, the second's as the second process wrote it."""
        if self.future is None or len(jobs) < 2:
            write_all(jobs, options, fiscal_year)
            return
        here, there = shares(jobs)
        write_all(here, options, fiscal_year)
        try:
            written = dict(self.future.result())  # section id → file
        except KnownError:
            raise
        except Exception as error:  # it could not start, or died: its share is written here
            log.warning("survey: the second process failed (%s); writing its workbooks here", type(error).__name__)
            written = {}
        left = [job for job in there if job.scope.section_id not in written]
        if left:
            write_all(left, options, fiscal_year)
        sections = {job.scope.section_id for job in jobs}
        for section_id, path in written.items():
            if section_id not in sections:  # the data changed between the two readings
                with contextlib.suppress(OSError):
                    Path(path).unlink()
        log.info("survey: %d of %d workbooks written by a second process", len(there) - len(left), len(jobs))


def _second_share(path: Path, read_only: bool, options: Options) -> list[tuple[str, str]]:
    """In the second process: read, make the same shares, write the second; each section written, and its file."""
    database = Database(path, read_only=read_only)
    try:
        planned = plan_round(database, options)
    finally:
        database.close()
    if len(planned.jobs) < 2:
        return []
    _here, there = shares(planned.jobs)
    make_folder(options.folder)  # this process may get there first
    write_all(there, options, planned.fiscal_year)
    return [(job.scope.section_id, str(job.path)) for job in there]


def write_all(jobs: Sequence[Job], options: Options, fiscal_year: int) -> None:
    """Write the jobs' workbooks one after the other."""
    for scope, path in jobs:
        count = len(scope.data.snapshot.initiatives)
        cover = SurveyCover(Survey(fiscal_year, scope.section_id), scope.section_name, count)
        write_workbook(
            scope.data,
            path,
            paper=options.paper,
            user=options.user,
            now=options.moment,
            fiscal_year=fiscal_year,
            survey=cover,
        )


def shares(jobs: Sequence[Job]) -> tuple[list[Job], list[Job]]:
    """The jobs in two shares of about the same work: the largest first, each to the share with less to do."""
    result: tuple[list[Job], list[Job]] = ([], [])
    loads = [0.0, 0.0]
    capacity = (1.0 - _SECOND_SHARE, _SECOND_SHARE)
    for job in sorted(jobs, key=lambda job: (-_weight(job), job.scope.section_id)):
        lighter = min((0, 1), key=lambda share: (loads[share] + _weight(job)) / capacity[share])
        result[lighter].append(job)
        loads[lighter] += _weight(job)
    return result


def _weight(job: Job) -> int:
    return sum(len(records) for records in job.scope.data.records.values())
