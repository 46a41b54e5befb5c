"""`dodo-cio outbox` against a PostgreSQL outbox: every command, the URL from --db or the
environment, `outbox migrate`, the message when the driver is missing, no password on screen."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

pytest.importorskip("psycopg")

from runner.cli import main  # noqa: E402
from runner.relay.store.base import DEAD, QUEUED, Attempt, NewEvent, StoredResult  # noqa: E402
from runner.relay.store.postgres import PostgresStore  # noqa: E402
from runner.relay.store.postgres_schema import VERSION_TABLE  # noqa: E402
from runner.relay.store.schema import SCHEMA_VERSION  # noqa: E402

BODY = json.dumps(
    {"business_id": "bus_1", "type": "payment.succeeded", "data": {"customer": {"customer_id": "cus_1"}}}
).encode()
WEBHOOK = {
    "method": "POST",
    "url": "https://track.customer.io/api/v2/entity",
    "headers": {},
    "payload": {"type": "person"},
}


def fill(url: str) -> None:
    """Two events: msg_1 delivered dead after one failed attempt, msg_2 still pending."""

    async def go():
        store = PostgresStore(url)
        await store.start()
        (d,) = (
            await store.ingest(NewEvent("msg_1", "payment.succeeded", BODY, ("a.js",), time.time(), customer="cus_1"))
        ).deliveries
        await store.ingest(NewEvent("msg_2", "payment.succeeded", BODY, ("a.js",), time.time(), customer="cus_1"))
        d.status, d.person = QUEUED, "person:p"
        store.record_transform(d, result=StoredResult({"webhook": WEBHOOK}))
        d.attempts, d.status = 1, DEAD
        store.record_attempt(
            d, Attempt(at=time.time(), ok=False, status=500, body='{"error": "boom"}', error="HTTP 500")
        )
        await store.close()

    asyncio.run(go())


@pytest.fixture
def cli(capsys):
    """`dodo-cio outbox ARGS` through the real entry point: (exit code, what it printed)."""

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as done:
            main(["outbox", *args])
        printed = capsys.readouterr()
        return done.value.code, printed.out + printed.err

    return run


def password_of(url: str) -> str:
    return url.split("//", 1)[1].split("@")[0].split(":", 1)[1]


def test_every_outbox_command_works_on_postgresql(pg_url, cli, monkeypatch):
    fill(pg_url)
    code, out = cli("list", "--db", pg_url)
    assert code == 0, out
    assert "dead: 1" in out and "pending: 1" in out and "#1" in out and "#2" in out
    with monkeypatch.context() as env:
        env.setenv("DODO_CIO_DATABASE_URL", pg_url)
        code, out = cli("list", "--json")  # the URL from the environment
    assert code == 0 and json.loads(out)["counts"] == {"dead": 1, "pending": 1}
    code, out = cli("show", "msg_1", "--db", pg_url, "--json")
    assert code == 0
    shown = json.loads(out)["deliveries"][0]
    assert (
        shown["status"] == DEAD
        and shown["attempts_made"][0]["status"] == 500
        and shown["result"] == {"webhook": WEBHOOK}
    )
    code, out = cli("retry", "--dead", "--db", pg_url)
    assert (code, out.strip()) == (0, "1 delivery queued again: #1")
    code, out = cli("replay", "msg_2", "--db", pg_url)
    assert code == 0 and "1" in out, out
    code, out = cli("list", "--json", "--db", pg_url)
    assert json.loads(out)["counts"] == {"queued": 1, "pending": 2}
    code, out = cli("purge", "--older-than", "0s", "--include-open", "--db", pg_url)
    assert (code, out.strip()) == (0, "2 events purged")
    code, out = cli("migrate", "--db", pg_url)
    assert code == 0 and f"schema version {SCHEMA_VERSION}, already current" in out
    assert password_of(pg_url) not in out and "****" in out


def test_migrate_upgrades_an_older_database_that_the_relay_and_commands_refuse(pg_url, cli):
    fill(pg_url)
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DELETE FROM {VERSION_TABLE} WHERE version = %s", (SCHEMA_VERSION,))
    code, out = cli("list", "--db", pg_url)
    assert code == 2 and "outbox migrate" in out and password_of(pg_url) not in out
    code, out = cli("migrate", "--db", pg_url)
    assert code == 0 and f"schema version {SCHEMA_VERSION - 1} -> {SCHEMA_VERSION}" in out
    assert cli("list", "--db", pg_url)[0] == 0


def test_an_unreachable_database_is_a_clear_error_without_the_password(cli):
    url = "postgresql://relay:Sup3r-secret@127.0.0.1:1/relay"
    code, out = cli("list", "--db", url)
    assert code == 2
    assert (
        "cannot open the PostgreSQL outbox" in out
        and "Sup3r-secret" not in out
        and "relay:****@127.0.0.1:1/relay" in out
    )
    assert "Traceback" not in out


def test_without_the_postgres_extra_the_message_says_how_to_install_it():
    # the driver made unimportable, as on an install without the extra
    code = (
        "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg_pool'] = None; "
        "from runner.cli import main; sys.argv = ['dodo-cio', 'outbox', 'list', '--db', "
        "'postgresql://u:pw-hidden@127.0.0.1:1/x']; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert "pip install 'dodo-cio[postgres]'" in out and "Traceback" not in out and "pw-hidden" not in out
