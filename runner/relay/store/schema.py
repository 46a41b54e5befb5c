"""The outbox's tables, described once, and the numbered migrations that build them.

Every store (SQLite, PostgreSQL) renders the same steps in its own dialect and records the
number of the last one applied (SQLite: `PRAGMA user_version`). A store refuses a database
whose number is newer than `SCHEMA_VERSION`: an older relay must not write to tables it does not
know. Migration 1 is the layout every relay before versioning created, written with
`IF NOT EXISTS`, so such a file (user_version 0) upgrades in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["id", "int", "real", "text", "blob"]  # id: an auto-increasing integer primary key


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool = True
    default: str | None = None  # an SQL literal both dialects read alike ('0', "'pending'")
    unique: bool = False
    references: str | None = None  # "table(column)", deleted with the row it points at


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Index:
    name: str
    table: str
    columns: tuple[str, ...]
    where: str | None = None  # a partial index condition, in SQL both dialects read alike


@dataclass(frozen=True)
class AddColumn:
    table: str
    column: Column


Step = Table | Index | AddColumn


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    steps: tuple[Step, ...]


_OPEN_CONDITION = "status IN ('pending', 'queued', 'retrying')"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "events, deliveries, attempts and operator notices",
        (
            Table(
                "events",
                (
                    Column("seq", "id"),
                    Column("webhook_id", "text", nullable=False, unique=True),
                    Column("event_type", "text", nullable=False),
                    Column("received_at", "real", nullable=False),
                    Column("body", "blob", nullable=False),
                ),
            ),
            Table(
                "deliveries",
                (
                    Column("id", "id"),
                    Column("event_seq", "int", nullable=False, references="events(seq)"),
                    Column("endpoint", "text", nullable=False),
                    Column("generation", "int", nullable=False, default="0"),
                    Column("status", "text", nullable=False),
                    Column("attempts", "int", nullable=False, default="0"),
                    Column("next_attempt_at", "real"),
                    Column("person", "text"),
                    Column("result", "text"),
                    Column("last_status", "int"),
                    Column("last_body", "text"),
                    Column("last_error", "text"),
                    Column("created_at", "real", nullable=False),
                    Column("updated_at", "real", nullable=False),
                ),
            ),
            Index("deliveries_open", "deliveries", ("status",), where=_OPEN_CONDITION),
            Index("deliveries_event", "deliveries", ("event_seq",)),
            Table(
                "attempts",
                (
                    Column("id", "id"),
                    Column("delivery_id", "int", nullable=False, references="deliveries(id)"),
                    Column("at", "real", nullable=False),
                    Column("status", "int"),
                    Column("ok", "int", nullable=False),
                    Column("body", "text"),
                    Column("error", "text"),
                    Column("duration_ms", "real"),
                ),
            ),
            Index("attempts_delivery", "attempts", ("delivery_id",)),
            Table(
                "notices",
                (
                    Column("id", "id"),
                    Column("delivery_id", "int", nullable=False),
                ),
            ),
        ),
    ),
    Migration(
        2,
        "retry schedules restart without resetting attempts; claims carry a lease",
        (
            # `outbox retry` keeps `attempts` (the count `outbox show` lists, and the fencing token
            # of every relay write) and restarts the schedule from here instead
            AddColumn("deliveries", Column("schedule_base", "int", nullable=False, default="0")),
            AddColumn("deliveries", Column("lease_owner", "text")),
            AddColumn("deliveries", Column("lease_until", "real")),
        ),
    ),
    Migration(
        3,
        "the Dodo customer on each delivery, and indexes for order across relays",
        (
            # what a relay asks before each send (PostgreSQL): is an earlier open delivery of this
            # person, or an untransformed one of this customer, on the same endpoint held elsewhere?
            AddColumn("deliveries", Column("customer", "text")),
            Index("deliveries_open_person", "deliveries", ("person", "endpoint", "id"), where=_OPEN_CONDITION),
            Index("deliveries_open_customer", "deliveries", ("customer", "endpoint", "id"), where=_OPEN_CONDITION),
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


@dataclass(frozen=True)
class Dialect:
    """What differs between the stores' SQL for the schema."""

    types: Mapping[ColumnType, str]
    add_column: str = "ADD COLUMN"  # PostgreSQL's also takes IF NOT EXISTS


def _column_sql(c: Column, dialect: Dialect) -> str:
    sql = f"{c.name} {dialect.types[c.type]}"
    if not c.nullable and c.type != "id":
        sql += " NOT NULL"
    if c.unique:
        sql += " UNIQUE"
    if c.default is not None:
        sql += f" DEFAULT {c.default}"
    if c.references:
        sql += f" REFERENCES {c.references} ON DELETE CASCADE"
    return sql


def render(step: Step, dialect: Dialect) -> str:
    """One migration step as an SQL statement of `dialect`."""
    if isinstance(step, Table):
        return (
            f"CREATE TABLE IF NOT EXISTS {step.name} (\n  "
            + ",\n  ".join(_column_sql(c, dialect) for c in step.columns)
            + "\n)"
        )
    if isinstance(step, Index):
        where = f" WHERE {step.where}" if step.where else ""
        return f"CREATE INDEX IF NOT EXISTS {step.name} ON {step.table}({', '.join(step.columns)}){where}"
    return f"ALTER TABLE {step.table} {dialect.add_column} {_column_sql(step.column, dialect)}"
