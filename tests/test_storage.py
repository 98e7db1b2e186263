"""The database: constraints, revisions and history, durability settings, transactions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shiraoka_dx_desktop.domain.identity import content_revision, new_id
from shiraoka_dx_desktop.domain.roadmap import roadmap_cell_id
from shiraoka_dx_desktop.storage.checks import run_checks
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.models import (
    GlossaryTerm,
    Initiative,
    PolicyArea,
    RecordRevision,
    RoadmapCell,
    Section,
)
from shiraoka_dx_desktop.storage.opening import open_database


def _initiative(session: Session, name: str) -> Initiative:
    return session.scalars(select(Initiative).where(Initiative.name == name)).one()


def _area(session: Session, number: int) -> PolicyArea:
    return session.scalars(select(PolicyArea).where(PolicyArea.number == number)).one()


def test_durability_settings_are_in_force(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(database: Database) -> None:
    with database.session("tester") as session, pytest.raises(IntegrityError):
        session.add(Initiative(id=new_id(), area_id=new_id(), position=99, name="孤立した取組項目"))
        session.commit()


def test_duplicate_initiative_name_within_an_area_is_refused(database: Database) -> None:
    with database.session("tester") as session:
        area = _area(session, 1)
        session.add(Initiative(id=new_id(), area_id=area.id, position=99, name="転出転入手続きのワンストップ化"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_the_same_name_in_another_area_is_allowed(database: Database) -> None:
    with database.session("tester") as session:
        session.add(
            Initiative(id=new_id(), area_id=_area(session, 7).id, position=99, name="転出転入手続きのワンストップ化")
        )
        session.commit()
        assert session.scalar(select(func.count()).where(Initiative.name == "転出転入手続きのワンストップ化")) == 2


@pytest.mark.parametrize(("kind", "phase"), [("phase", None), ("phase", "  "), ("shaded", "実施"), ("bar", "実施")])
def test_roadmap_cell_kind_must_match_its_label(database: Database, kind: str, phase: str | None) -> None:
    with database.session("tester") as session:
        initiative = _initiative(session, "条例改正")
        session.add(
            RoadmapCell(
                id=roadmap_cell_id(initiative.id, 2023),
                initiative_id=initiative.id,
                fiscal_year=2023,
                kind=kind,
                phase=phase,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_section_in_use_cannot_be_deleted(database: Database) -> None:
    with database.session("tester") as session:
        section = session.scalars(select(Section).where(Section.name == "税務課")).one()
        session.delete(section)
        with pytest.raises(IntegrityError):
            session.commit()


def test_an_edit_gets_a_new_revision_author_and_history(database: Database) -> None:
    with database.session("dx-suishin-01") as session:
        initiative = _initiative(session, "条例改正")
        before = initiative.revision
        initiative.description = "標準準拠システムへの移行に合わせて条例を改正する。"
        session.commit()
        assert initiative.revision != before
        assert initiative.revision == content_revision(initiative.content())
        assert initiative.updated_by == "dx-suishin-01"
        history = session.execute(
            select(RecordRevision.revision, RecordRevision.changed_by, RecordRevision.content)
            .where(RecordRevision.record_id == initiative.id)
            .order_by(RecordRevision.seq)
        ).all()
        assert [row.revision for row in history] == [before, initiative.revision]
        assert history[-1].changed_by == "dx-suishin-01"
        assert json.loads(history[-1].content)["description"] == "標準準拠システムへの移行に合わせて条例を改正する。"


def test_setting_the_same_value_records_nothing(database: Database) -> None:
    with database.session("tester") as session:
        initiative = _initiative(session, "条例改正")
        revision, updated_at = initiative.revision, initiative.updated_at
        initiative.name = "条例改正"
        initiative.position = initiative.position
        session.commit()
        assert (initiative.revision, initiative.updated_at) == (revision, updated_at)
        count = session.scalar(select(func.count()).where(RecordRevision.record_id == initiative.id))
        assert count == 1


def test_deleting_an_initiative_deletes_its_cells_and_keeps_tombstones(database: Database) -> None:
    with database.session("tester") as session:
        initiative = _initiative(session, "コンビニ交付")
        cell_ids = [cell.id for cell in initiative.cells]
        assert len(cell_ids) == 5
        session.delete(initiative)
        session.commit()
        assert session.scalar(select(func.count()).where(RoadmapCell.initiative_id == initiative.id)) == 0
        tombstones = session.scalars(select(RecordRevision.record_id).where(RecordRevision.deleted.is_(True))).all()
        assert set(tombstones) == {initiative.id, *cell_ids}
    assert run_checks(database).ok


def test_a_failed_change_leaves_nothing_behind(database: Database) -> None:
    with database.session("tester") as session:
        area = _area(session, 2)
        session.add(Initiative(id=new_id(), area_id=area.id, position=50, name="新しい取組"))
        session.add(Initiative(id=new_id(), area_id=area.id, position=51, name="コンビニ交付"))  # duplicate
        with pytest.raises(IntegrityError):
            session.commit()
    with database.session("tester") as session:
        assert session.scalar(select(func.count()).where(Initiative.name == "新しい取組")) == 0
        history = session.scalar(select(func.count()).where(RecordRevision.changed_by == "tester"))
        assert history == 0


def test_an_edit_survives_closing_and_reopening(db_path: Path) -> None:
    database = open_database(db_path)
    with database.session("tester") as session:
        term = session.scalars(select(GlossaryTerm).where(GlossaryTerm.term == "RPA")).one()
        term.explanation = "ソフトウェアロボットによる定型業務の自動化。"
        session.commit()
    database.close()
    reopened = open_database(db_path)
    with reopened.session("tester") as session:
        term = session.scalars(select(GlossaryTerm).where(GlossaryTerm.term == "RPA")).one()
        assert term.explanation == "ソフトウェアロボットによる定型業務の自動化。"
        assert term.updated_by == "tester"
    assert run_checks(reopened).ok
    reopened.close()


def test_check_notices_a_record_changed_behind_the_applications_back(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE glossary_term SET explanation = 'x' WHERE term = 'LAN'")
    report = run_checks(database)
    assert not report.ok
    assert [problem.code for problem in report.problems] == ["revision"]
    assert "アプリケーションの外で変更" in report.problems[0].message


def test_check_notices_a_cell_outside_the_plan_period(database: Database) -> None:
    with database.session("tester") as session:
        initiative = _initiative(session, "条例改正")
        session.add(
            RoadmapCell(
                id=roadmap_cell_id(initiative.id, 2031),
                initiative_id=initiative.id,
                fiscal_year=2031,
                kind="phase",
                phase="実施",
            )
        )
        session.commit()
    report = run_checks(database)
    assert [problem.code for problem in report.problems] == ["cell_period"]
    assert "令和13年度" in report.problems[0].message


def test_every_model_is_its_record_kind_and_in_the_same_order() -> None:
    from typing import get_type_hints

    from shiraoka_dx_desktop.storage import record_kinds
    from shiraoka_dx_desktop.storage.models import RECORD_MODELS

    assert tuple(model.KIND for model in RECORD_MODELS) == record_kinds.KINDS
    for model in RECORD_MODELS:
        kind = model.KIND
        columns = {column.key: column for column in model.__table__.columns if column.key not in model.BOOKKEEPING}
        assert model.__tablename__ == kind.table
        assert set(columns) == kind.fields, kind.table
        # The kind's TypedDict gives each field the column's type, None only where the column allows it.
        declared = get_type_hints(getattr(record_kinds, f"{model.__name__}Fields"))
        for name, column in columns.items():
            expected = column.type.python_type | None if column.nullable else column.type.python_type
            assert declared[name] == expected, (kind.table, name)
        assert kind.exchanged <= kind.fields, kind.table
        assert set(kind.natural_key) <= kind.fields, kind.table
        if kind.owner is not None:
            assert kind.owner_column in kind.fields
            foreign = next(iter(columns[kind.owner_column].foreign_keys))
            assert foreign.column.table.name == kind.owner and foreign.ondelete == "CASCADE"
    # Every kind owned by another is deleted with it by the database too, and no other is.
    owned = {
        model.__tablename__
        for model in RECORD_MODELS
        for column in model.__table__.columns
        for foreign in column.foreign_keys
        if foreign.ondelete == "CASCADE"
    }
    assert owned == {kind.table for kind in record_kinds.KINDS if kind.owner}
