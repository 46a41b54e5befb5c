"""The outbox library and `dodo-cio outbox` on a real SQLite file: group commit, dedupe, operator actions."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time

import pytest
from click.testing import CliRunner

from runner.cli.outbox import outbox as outbox_cli
from runner.errors import UserError
from runner.relay.outbox_render import format_migrated, format_purged, format_replayed, format_retried
from runner.relay.store.base import NewEvent
from runner.relay.store.schema import SCHEMA_VERSION
from runner.relay.store.sqlite import SQLiteAdmin, SQLiteStore

ENVELOPE = {"business_id": "bus_1", "type": "payment.succeeded", "timestamp": "2026-01-14T13:26:02Z", "data": {}}

# the tables every relay before schema versioning created (user_version 0)
UNVERSIONED = """
CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL,
  received_at REAL NOT NULL, body BLOB NOT NULL);
CREATE TABLE deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
  endpoint TEXT NOT NULL, generation INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL, person TEXT, result TEXT, last_status INTEGER, last_body TEXT, last_error TEXT,
    created_at REAL NOT NULL,
  updated_at REAL NOT NULL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  at REAL NOT NULL, status INTEGER, ok INTEGER NOT NULL, body TEXT, error TEXT, duration_ms REAL);
CREATE TABLE notices (id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id INTEGER NOT NULL);
"""


def fill(db, n: int, endpoints=("a.js", "b.js")) -> int:
    """Ingest n events concurrently, as the server does; returns how many commits that took."""

    async def go():
        store = SQLiteStore(db)
        await store.start()
        body = json.dumps(ENVELOPE).encode()
        await asyncio.gather(
            *(
                store.ingest(NewEvent(f"msg_{i}", "payment.succeeded", body, tuple(endpoints), time.time()))
                for i in range(n)
            )
        )
        commits = store.commits
        await store.close()
        return commits

    return asyncio.run(go())


def test_concurrent_ingests_share_commits_in_a_wal_file(tmp_path):
    db = tmp_path / "o.sqlite3"
    assert fill(db, 300) < 300, "ingests waiting together must share a commit"
    with SQLiteAdmin(db) as box:
        assert box.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert box.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_unversioned_outbox_is_migrated_in_place(tmp_path):
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(UNVERSIONED)
    conn.execute(
        "INSERT INTO events(webhook_id, event_type, received_at, body) VALUES ('msg_old', 'payment.succeeded', 1, '{}')"
    )
    conn.execute(
        "INSERT INTO deliveries(event_seq, endpoint, status, attempts, created_at, updated_at) VALUES (1, 'a.js', "
        "'dead', 8, 1, 1)"
    )
    conn.commit()
    conn.close()
    with SQLiteAdmin(db) as box:
        assert box.schema_version() == SCHEMA_VERSION
        assert box.retry(dead=True) == [1]
        (d,) = box.open_deliveries()
        assert (d.attempts, d.schedule_base) == (8, 8)


def test_a_newer_outbox_is_refused(tmp_path):
    db = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(UserError, match=f"schema version {SCHEMA_VERSION + 1}"):
        SQLiteAdmin(db)


def test_a_second_relay_on_the_same_file_is_refused_naming_the_first(tmp_path):
    db = tmp_path / "o.sqlite3"

    async def go():
        first = SQLiteStore(db)
        await first.start()
        try:
            with pytest.raises(UserError, match=f"another relay \\(pid {os.getpid()}\\) is using this outbox"):
                await SQLiteStore(db).start()
        finally:
            await first.close()
        second = SQLiteStore(db)  # released on close
        await second.start()
        await second.close()

    asyncio.run(go())


def test_the_cli_reports_errors_without_tracebacks(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(outbox_cli, ["list", "--db", str(tmp_path / "none.sqlite3")])
    assert missing.exit_code != 0 and "no outbox database" in str(missing.exception)
    db = tmp_path / "o.sqlite3"
    fill(db, 1)
    listed = runner.invoke(outbox_cli, ["list", "--db", str(db)])
    assert listed.exit_code == 0 and "pending: 2" in listed.output
    both = runner.invoke(outbox_cli, ["retry", "--db", str(db)])
    assert isinstance(both.exception, UserError)
    purged = runner.invoke(outbox_cli, ["purge", "--older-than", "soon", "--db", str(db)])
    assert purged.exit_code == 2 and "Invalid value for '--older-than': 'soon' is not a duration" in purged.output


def test_a_folder_is_not_an_outbox(tmp_path):
    with pytest.raises(UserError, match="folder"):
        SQLiteAdmin(tmp_path)


def test_a_queued_row_held_back_for_its_outcome_is_still_written_soon(tmp_path, monkeypatch):
    """The SQLite store writes a queued request's result with its first outcome (one UPDATE), but one that
    waits (behind an earlier request of its person) must still show up in `outbox list` within a moment."""
    from runner.relay.store import sqlite
    from runner.relay.store.base import QUEUED, StoredResult

    monkeypatch.setattr(sqlite, "QUEUED_WRITE_DELAY_S", 0.3)
    db = tmp_path / "o.sqlite3"

    async def go():
        store = SQLiteStore(db)
        await store.start()
        (d,) = (await store.ingest(NewEvent("msg_1", "payment.succeeded", b"{}", ("a.js",), time.time()))).deliveries
        d.status, d.person = QUEUED, "p1"
        store.record_transform(d, result=StoredResult({"webhook": {"url": "u"}}))
        with SQLiteAdmin(db) as box:
            assert box.list()[0].status == "pending", "held back at first"
            await asyncio.sleep(0.6)
            (row,) = box.list()
        await store.close()
        return row

    row = asyncio.run(go())
    assert row.status == QUEUED


def test_list_and_show_tell_the_operator_when_and_why_a_delivery_waits(tmp_path):
    from runner.relay.store.base import QUEUED, RETRYING, Attempt, StoredResult

    db = tmp_path / "o.sqlite3"

    async def go():
        store = SQLiteStore(db)
        await store.start()
        first, second = [
            (await store.ingest(NewEvent(f"msg_{i}", "payment.succeeded", b"{}", ("a.js",), time.time()))).deliveries[0]
            for i in (1, 2)
        ]
        for d in (first, second):
            d.status, d.person = QUEUED, "person:id:1"
            store.record_transform(d, result=StoredResult({"webhook": {"method": "POST", "url": "u", "payload": {}}}))
        first.attempts, first.status, first.next_attempt_at = 1, RETRYING, time.time() + 300
        store.record_attempt(first, Attempt(at=time.time(), ok=False, error="connection failed"))
        await store.close()

    asyncio.run(go())
    runner = CliRunner()
    listed = runner.invoke(outbox_cli, ["list", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[0]: line for line in listed.output.splitlines()[1:]}
    assert "waits behind #1 (same person, earlier)" in lines["#2"]
    assert "next attempt " in lines["#1"] and "retrying" in lines["#1"]
    shown = runner.invoke(outbox_cli, ["show", "1", "--db", str(db)])
    assert shown.exit_code == 0 and "next attempt" in shown.output
    (attempt_line,) = [line for line in shown.output.splitlines() if line.strip().startswith("attempt ")]
    assert attempt_line.rstrip().endswith("connection failed"), "no literal null after a failed connection"


def test_the_operator_actions_are_reported_in_words_with_their_counts():
    assert format_retried([7]) == "1 delivery queued again: #7"
    assert format_retried([3, 4]) == "2 deliveries queued again: #3, #4"
    assert format_retried(list(range(1, 22))) == "21 deliveries queued again"  # past 20, the count alone
    assert format_retried([]) == "0 deliveries queued again"
    assert format_replayed([31]) == "1 delivery replayed (new ids 31..31)"
    assert format_replayed(list(range(1, 1201))) == "1,200 deliveries replayed (new ids 1..1200)"
    assert format_replayed([]) == "nothing matched; nothing replayed"
    assert (format_purged(1), format_purged(2)) == ("1 event purged", "2 events purged")
    assert format_migrated("o.sqlite3", 2, 2) == "o.sqlite3: schema version 2, already current"
    assert format_migrated("postgresql://u:***@h/db", 1, 3) == "postgresql://u:***@h/db: schema version 1 -> 3"
    assert format_migrated("a\x1b[2Jb.sqlite3", 3, 3) == "a\\x1b[2Jb.sqlite3: schema version 3, already current"


@pytest.mark.parametrize("body", [b"[" * 3000 + b"]" * 3000, b'{"data": NaN}', b"\xff not utf-8"])
def test_show_gives_a_stored_event_the_strict_reader_refuses_as_text(tmp_path, body):
    db = tmp_path / "o.sqlite3"

    async def go():
        store = SQLiteStore(db)
        await store.start()
        await store.ingest(NewEvent("msg_odd", "payment.succeeded", body, ("a.js",), time.time()))
        await store.close()

    asyncio.run(go())
    text = body.decode("utf-8", "replace")
    shown = CliRunner().invoke(outbox_cli, ["show", "msg_odd", "--db", str(db)])
    assert shown.exit_code == 0 and f"\n{text}\n" in shown.output, shown.output
    shown = CliRunner().invoke(outbox_cli, ["show", "msg_odd", "--db", str(db), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["event"] == text, shown.output
