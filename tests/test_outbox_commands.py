"""The outbox library and `dodo-cio outbox` on a real SQLite file: group commit, dedupe, operator actions."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from click.testing import CliRunner

from runner.cli.outbox import outbox as outbox_cli
from runner.errors import UserError
from runner.relay.outbox import DEAD, DELIVERED, PENDING, QUEUED, Outbox, OutboxWriter

ENVELOPE = {"business_id": "bus_1", "type": "payment.succeeded", "timestamp": "2026-01-14T13:26:02Z", "data": {}}


def fill(db, n: int, endpoints=("a.js", "b.js")) -> list:
    """Ingest n events concurrently through the writer, as the server does."""

    async def go():
        seen = []
        writer = OutboxWriter(db, asyncio.get_running_loop(), seen.extend)
        body = json.dumps(ENVELOPE).encode()
        outcomes = await asyncio.gather(*(writer.ingest(f"msg_{i}", "payment.succeeded", body, endpoints) for i in range(n)))
        dupe = await writer.ingest("msg_0", "payment.succeeded", body, endpoints)
        writer.close()
        return outcomes, dupe, seen, writer.commits

    return asyncio.run(go())


def test_concurrent_ingests_share_commits_and_dedupe(tmp_path):
    db = tmp_path / "o.sqlite3"
    outcomes, dupe, seen, commits = fill(db, 300)
    assert all(not o.duplicate for o in outcomes) and dupe.duplicate
    assert commits < 300, "ingests waiting together must share a commit"
    assert len(seen) == 600 and [d.id for d in seen] == sorted(d.id for d in seen)
    with Outbox(db) as box:
        assert box.counts() == {PENDING: 600}
        assert [d.id for d in box.open_deliveries()] == sorted(d.id for d in seen)
        assert box.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_list_filters_and_show(tmp_path):
    db = tmp_path / "o.sqlite3"
    fill(db, 3)
    with Outbox(db) as box:
        assert {r["endpoint"] for r in box.list(endpoint="b.js")} == {"b.js"}
        assert box.list(event_type="refund.succeeded") == []
        shown = box.show("msg_1")
        assert shown["event"] == ENVELOPE and [d["endpoint"] for d in shown["deliveries"]] == ["a.js", "b.js"]
        assert len(box.show("1")["deliveries"]) == 1
        with pytest.raises(UserError, match="no delivery or event"):
            box.show("msg_nope")


def test_retry_reopens_and_leaves_a_notice(tmp_path):
    db = tmp_path / "o.sqlite3"
    fill(db, 2)
    with Outbox(db) as box:
        box.conn.execute("UPDATE deliveries SET status=?, result=?, attempts=8 WHERE id=1", (DEAD, json.dumps({"status": "routed", "webhook": {"url": "u"}})))
        box.conn.execute("UPDATE deliveries SET status=? WHERE id=2", (DELIVERED,))
        last = box.clear_notices()
        assert box.retry(dead=True) == [1]
        row = box.conn.execute("SELECT status, attempts FROM deliveries WHERE id=1").fetchone()
        assert (row["status"], row["attempts"]) == (QUEUED, 0)
        assert box.take_notices(last)[1] == [1]
        with pytest.raises(UserError, match="no delivery 99"):
            box.retry([99])


def test_replay_adds_a_generation_and_needs_a_selection(tmp_path):
    db = tmp_path / "o.sqlite3"
    fill(db, 2)
    with Outbox(db) as box:
        box.conn.execute("UPDATE deliveries SET status='validation_error'")
        with pytest.raises(UserError, match="needs a selection"):
            box.replay()
        new = box.replay(status="validation_error", endpoint="a.js")
        assert len(new) == 2
        assert box.replay(status="validation_error", endpoint="a.js") == [], "only the latest generation counts"
        gens = box.conn.execute("SELECT generation, count(*) FROM deliveries WHERE endpoint='a.js' GROUP BY generation").fetchall()
        assert [tuple(g) for g in gens] == [(0, 2), (1, 2)]
        with pytest.raises(UserError, match="no event msg_x"):
            box.replay(webhook_ids=["msg_x"])


def test_purge_keeps_open_events(tmp_path):
    db = tmp_path / "o.sqlite3"
    fill(db, 3)
    with Outbox(db) as box:
        box.conn.execute("UPDATE deliveries SET status='delivered' WHERE event_seq IN (1, 2)")
        assert box.purge(time.time() + 1) == 2
        assert box.counts() == {PENDING: 2}
        assert box.conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 0


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
    assert isinstance(purged.exception, UserError) and "not a duration" in str(purged.exception)


def test_a_folder_is_not_an_outbox(tmp_path):
    with pytest.raises(UserError, match="folder"):
        Outbox(tmp_path)
