"""The outbox: every accepted event and every delivery, in one SQLite file.

The relay acks a webhook only after its raw body is committed (WAL, `synchronous=FULL`, so the
commit is fsynced). One writer thread owns the write connection and commits whatever has queued
up as one transaction (group commit): a burst of 200 webhooks costs one fsync, not 200, so
durability does not cap throughput. The `outbox` commands open their own connections with a
busy timeout and leave a row in `notices` so a running relay picks their changes up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError

PENDING = "pending"  # accepted, not transformed yet
QUEUED = "queued"  # transformed and valid, waiting for its turn to be sent
RETRYING = "retrying"  # an attempt failed; next_attempt_at says when to try again
OPEN_STATUSES = (PENDING, QUEUED, RETRYING)
DELIVERED = "delivered"
FAILED = "failed"  # Customer.io refused it for good (a 4xx other than 408/429)
DEAD = "dead"  # the retry schedule ran out
UNCHANGED = "unchanged"  # the transform left the url pointing at an endpoint with no URL
CANCELLED = "cancelled"
DISALLOWED = "disallowed"  # routed to a host that is not allowed
TRANSFORM_ERROR = "transform_error"
VALIDATION_ERROR = "validation_error"
DRY_RUN = "dry_run"  # transformed and validated, not sent (--dry-run)
FINAL_STATUSES = (DELIVERED, FAILED, DEAD, UNCHANGED, CANCELLED, DISALLOWED, TRANSFORM_ERROR, VALIDATION_ERROR, DRY_RUN)
ALL_STATUSES = OPEN_STATUSES + FINAL_STATUSES
_SENDABLE = (QUEUED, RETRYING, DELIVERED, FAILED, DEAD)  # statuses whose stored result is a valid, allowed request

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL UNIQUE,
  event_type TEXT NOT NULL,
  received_at REAL NOT NULL,
  body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
  endpoint TEXT NOT NULL,
  generation INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL,
  person TEXT,
  result TEXT,
  last_status INTEGER,
  last_body TEXT,
  last_error TEXT,
  created_at REAL NOT NULL,
  updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries(status) WHERE status IN ('pending', 'queued', 'retrying');
CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries(event_seq);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  at REAL NOT NULL,
  status INTEGER,
  ok INTEGER NOT NULL,
  body TEXT,
  error TEXT,
  duration_ms REAL
);
CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts(delivery_id);
CREATE TABLE IF NOT EXISTS notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id INTEGER NOT NULL
);
"""

BODY_KEEP = 2000  # characters of a Customer.io response body kept per attempt
_SET_STATUS = (
    "UPDATE deliveries SET status=?, attempts=?, next_attempt_at=?, person=?, updated_at=?, result=coalesce(?, result), "
    "last_status=coalesce(?, last_status), last_body=coalesce(?, last_body), last_error=coalesce(?, last_error) WHERE id=?"
)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with the relay's settings; every process that touches the file uses this."""
    p = Path(path)
    if p.is_dir():
        raise UserError("is a folder, not an outbox database", where=str(p), fix="pass a file path such as relay.sqlite3")
    if not p.parent.is_dir():
        raise UserError("the folder for the outbox does not exist", where=str(p), fix="create the folder or pick another --db path")
    try:
        conn = sqlite3.connect(str(p), timeout=10.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"cannot open the outbox: {exc}", where=str(p), fix="pass a relay outbox file (or a new path) to --db") from None
    conn.row_factory = sqlite3.Row
    return conn


@dataclass
class Delivery:
    """One (event, endpoint) pair while it is open: what the dispatcher keeps in memory."""

    id: int
    event_seq: int
    webhook_id: str
    event_type: str
    endpoint: str
    received_at: float
    status: str = PENDING
    attempts: int = 0
    next_attempt_at: float = 0.0
    person: str | None = None
    body: bytes | None = None  # the raw event until transformed
    request: dict[str, Any] | None = None  # the transformed webhook, once queued
    result: dict[str, Any] | None = None  # the TransformResult JSON until it is written with an outcome
    generation: int = 0
    customer: str | None = None  # the Dodo customer the event is about (ordering before the transform)


@dataclass
class IngestOutcome:
    duplicate: bool
    seq: int | None = None
    deliveries: list[Delivery] = field(default_factory=list)


@dataclass
class _Ingest:
    webhook_id: str
    event_type: str
    body: bytes
    endpoints: Sequence[str]
    future: asyncio.Future
    customer: str | None = None
    received_at: float = field(default_factory=time.time)


class OutboxWriter:
    """The one thread that writes. Ingests wait for their commit; updates are fire-and-forget.

    An update lost to a crash only means work is done again after the restart (a delivery
    sent twice at worst, which Customer.io's event `id` dedupe absorbs); an ingest is never
    acknowledged before it is on disk.
    """

    def __init__(self, path: str | Path, loop: asyncio.AbstractEventLoop, on_ingested: Callable[[list[Delivery]], None], *, max_batch: int = 512) -> None:
        self._conn = connect(path)
        self._loop = loop
        self._on_ingested = on_ingested
        # ingests and updates wait apart: an ingest (a webhook waiting for its 2xx) never queues
        # behind a backlog of delivery bookkeeping, which is only trimmed in beside it
        self._cond = threading.Condition()
        self._ingests: list[_Ingest] = []
        self._updates: deque[tuple[str, Sequence[Any]]] = deque()
        self._max_batch = max_batch
        self._thread = threading.Thread(target=self._run, name="outbox-writer", daemon=True)
        self._closed = False
        self.commits = 0
        self._thread.start()

    # -- called from the event loop --------------------------------------------------
    async def ingest(self, webhook_id: str, event_type: str, body: bytes, endpoints: Sequence[str], *, customer: str | None = None) -> IngestOutcome:
        fut = self._loop.create_future()
        with self._cond:
            self._ingests.append(_Ingest(webhook_id, event_type, body, endpoints, fut, customer))
            self._cond.notify()
        return await fut

    def update(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._cond:
            self._updates.append((sql, params))
            self._cond.notify()

    def record_attempt(self, delivery_id: int, *, status: int | None, ok: bool, body: str, error: str, duration_ms: float) -> None:
        self.update(
            "INSERT INTO attempts(delivery_id, at, status, ok, body, error, duration_ms) VALUES (?,?,?,?,?,?,?)",
            (delivery_id, time.time(), status, int(ok), body[:BODY_KEEP], error[:BODY_KEEP], duration_ms),
        )

    def set_status(self, d: Delivery, *, result: dict | None = None, last_status: int | None = None, last_body: str | None = None, last_error: str | None = None) -> None:
        """One statement text for every status change, so the writer can run them as one executemany."""
        self.update(_SET_STATUS, (d.status, d.attempts, d.next_attempt_at, d.person, time.time(),
                                  None if result is None else json.dumps(result), last_status,
                                  None if last_body is None else last_body[:BODY_KEEP],
                                  None if last_error is None else last_error[:BODY_KEEP], d.id))

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued, then stop."""
        if self._closed:
            return
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout)

    # -- the writer thread -----------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._ingests or self._updates or self._closed):
                    self._cond.wait()
                ingests, self._ingests = self._ingests, []
                room = self._max_batch // 4 if ingests else self._max_batch
                updates = [self._updates.popleft() for _ in range(min(room, len(self._updates)))]
                done = self._closed and not self._ingests and not self._updates
            if ingests or updates:
                self._commit(ingests, updates)
            if done:
                break
        self._conn.close()

    def _commit(self, ingests: list[_Ingest], updates: list[tuple[str, Sequence[Any]]]) -> None:
        done: list[tuple[asyncio.Future, IngestOutcome | BaseException]] = []
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for item in ingests:
                done.append((item.future, self._insert(item)))
            # grouped by text, each group in its order: attempt rows and status changes are independent
            by_statement: dict[str, list[Sequence[Any]]] = {}
            for sql, params in updates:
                by_statement.setdefault(sql, []).append(params)
            for sql, rows in by_statement.items():
                self._conn.executemany(sql, rows)
            self._conn.execute("COMMIT")
            self.commits += 1
        except Exception as exc:  # disk full, a locked file: every waiting ingest gets a 503, never a false ack
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            done = [(item.future, exc) for item in ingests]
        if done:
            self._loop.call_soon_threadsafe(self._resolve, done)

    def _insert(self, item: _Ingest) -> IngestOutcome:
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO events(webhook_id, event_type, received_at, body) VALUES (?,?,?,?)",
            (item.webhook_id, item.event_type, item.received_at, item.body),
        )
        if cur.rowcount == 0:
            return IngestOutcome(duplicate=True)
        seq = cur.lastrowid
        out = IngestOutcome(duplicate=False, seq=seq)
        for endpoint in item.endpoints:
            c = self._conn.execute(
                "INSERT INTO deliveries(event_seq, endpoint, status, created_at, updated_at) VALUES (?,?,?,?,?)",
                (seq, endpoint, PENDING, item.received_at, item.received_at),
            )
            out.deliveries.append(Delivery(c.lastrowid, seq, item.webhook_id, item.event_type, endpoint, item.received_at, body=item.body,
                                           customer=item.customer))
        return out

    def _resolve(self, done: list) -> None:
        fresh: list[Delivery] = []
        for fut, outcome in done:
            if isinstance(outcome, BaseException):
                if not fut.done():
                    fut.set_exception(outcome)
                continue
            fresh.extend(outcome.deliveries)
            if not fut.done():
                fut.set_result(outcome)
        if fresh:
            self._on_ingested(fresh)


# -- reading and the `outbox` commands ----------------------------------------------------

_OPEN_QUERY = """
SELECT d.id, d.event_seq, e.webhook_id, e.event_type, d.endpoint, e.received_at, d.status, d.attempts,
       d.next_attempt_at, d.person, d.result, d.generation, e.body
FROM deliveries d JOIN events e ON e.seq = d.event_seq
"""


def _open_delivery(row: sqlite3.Row) -> Delivery:
    d = Delivery(row["id"], row["event_seq"], row["webhook_id"], row["event_type"], row["endpoint"], row["received_at"],
                 status=row["status"], attempts=row["attempts"], next_attempt_at=row["next_attempt_at"] or 0.0,
                 person=row["person"], generation=row["generation"])
    if d.status == PENDING:
        d.body = row["body"]
    else:
        result = json.loads(row["result"]) if row["result"] else {}
        d.request = result.get("webhook")
        if d.request is None:  # a queued row without its result (should not happen): transform again
            d.status, d.body = PENDING, row["body"]
    return d


class Outbox:
    """Queries and operator actions on an outbox file, safe while a relay writes to it."""

    def __init__(self, path: str | Path, *, must_exist: bool = True) -> None:
        p = Path(path)
        if must_exist and not p.exists():
            raise UserError("no outbox database here", where=str(p), fix="pass the --db the relay uses (default relay.sqlite3)")
        self.path = p
        self.conn = connect(p)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open_deliveries(self, ids: Iterable[int] | None = None) -> list[Delivery]:
        """Every open delivery in acceptance order (what a starting relay resumes), or just `ids`."""
        if ids is None:
            rows = self.conn.execute(_OPEN_QUERY + " WHERE d.status IN (?,?,?) ORDER BY d.id", OPEN_STATUSES)
        else:
            wanted = sorted(set(ids))
            rows = self.conn.execute(_OPEN_QUERY + f" WHERE d.status IN (?,?,?) AND d.id IN ({','.join('?' * len(wanted))}) ORDER BY d.id", (*OPEN_STATUSES, *wanted)) if wanted else []
        return [_open_delivery(r) for r in rows]

    def take_notices(self, after: int) -> tuple[int, list[int]]:
        """Delivery ids that an `outbox` command changed since notice `after`."""
        rows = self.conn.execute("SELECT id, delivery_id FROM notices WHERE id > ? ORDER BY id", (after,)).fetchall()
        if not rows:
            return after, []
        return rows[-1]["id"], [r["delivery_id"] for r in rows]

    def clear_notices(self) -> int:
        """A starting relay reads every open delivery anyway; returns the last notice id."""
        row = self.conn.execute("SELECT max(id) FROM notices").fetchone()
        self.conn.execute("DELETE FROM notices")
        return row[0] or 0

    def list(self, *, status: str | None = None, event_type: str | None = None, endpoint: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        where, params = [], []
        for col, value in (("d.status", status), ("e.event_type", event_type), ("d.endpoint", endpoint)):
            if value:
                where.append(f"{col} = ?")
                params.append(value)
        sql = ("SELECT d.id, e.webhook_id, e.event_type, d.endpoint, d.status, d.attempts, d.generation, d.last_status, "
               "e.received_at, d.updated_at, d.next_attempt_at FROM deliveries d JOIN events e ON e.seq = d.event_seq")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.id DESC LIMIT ?"
        return [dict(r) for r in self.conn.execute(sql, (*params, limit))]

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT status, count(*) FROM deliveries GROUP BY status")}

    def show(self, ident: str) -> dict[str, Any]:
        """A delivery by number, or an event by webhook-id with all its deliveries."""
        if ident.isdigit():
            row = self.conn.execute("SELECT event_seq FROM deliveries WHERE id = ?", (int(ident),)).fetchone()
        else:
            row = self.conn.execute("SELECT seq AS event_seq FROM events WHERE webhook_id = ?", (ident,)).fetchone()
        if row is None:
            raise UserError(f"no delivery or event {ident!r} in the outbox", where=str(self.path), fix="`dodo-cio outbox list` shows the ids")
        ev = self.conn.execute("SELECT * FROM events WHERE seq = ?", (row["event_seq"],)).fetchone()
        try:
            event: Any = json.loads(ev["body"])
        except ValueError:
            event = ev["body"].decode("utf-8", "replace")
        deliveries = []
        for d in self.conn.execute("SELECT * FROM deliveries WHERE event_seq = ? ORDER BY id", (ev["seq"],)):
            if ident.isdigit() and d["id"] != int(ident):
                continue
            item = dict(d)
            item["result"] = json.loads(d["result"]) if d["result"] else None
            item["attempts_made"] = [dict(a) for a in self.conn.execute("SELECT at, status, ok, body, error, duration_ms FROM attempts WHERE delivery_id = ? ORDER BY id", (d["id"],))]
            deliveries.append(item)
        return {"webhook_id": ev["webhook_id"], "event_type": ev["event_type"], "received_at": ev["received_at"], "event": event, "deliveries": deliveries}

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction; taken IMMEDIATE so a running relay's writer waits, not fails."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _notify(self, ids: Iterable[int]) -> None:
        self.conn.executemany("INSERT INTO notices(delivery_id) VALUES (?)", [(i,) for i in ids])

    def retry(self, ids: Sequence[int] = (), *, dead: bool = False) -> list[int]:
        """Put finished deliveries back in the queue with a fresh retry schedule."""
        with self._transaction():
            if dead:
                rows = self.conn.execute("SELECT id, status, result FROM deliveries WHERE status = ?", (DEAD,)).fetchall()
            else:
                rows = self.conn.execute(f"SELECT id, status, result FROM deliveries WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)).fetchall() if ids else []
                missing = set(ids) - {r["id"] for r in rows}
                if missing:
                    raise UserError(f"no delivery {', '.join(map(str, sorted(missing)))} in the outbox", where=str(self.path), fix="`dodo-cio outbox list` shows the ids")
            now = time.time()
            for r in rows:
                # a result that was sent (or due to be) goes again as stored; any other is transformed again
                status = QUEUED if r["status"] in _SENDABLE and r["result"] else PENDING
                self.conn.execute("UPDATE deliveries SET status=?, attempts=0, next_attempt_at=?, updated_at=? WHERE id=?", (status, now, now, r["id"]))
            self._notify(r["id"] for r in rows)
        return [r["id"] for r in rows]

    def replay(self, *, webhook_ids: Sequence[str] = (), since: float | None = None, until: float | None = None, status: str | None = None, endpoint: str | None = None) -> list[int]:
        """New deliveries for stored events, run through the transform the relay has now.

        A replay never edits history: each chosen (event, endpoint) gets a new delivery row
        with the next generation number, and its old rows keep their outcomes and attempts.
        """
        where, params = [], []
        if webhook_ids:
            where.append(f"e.webhook_id IN ({','.join('?' * len(webhook_ids))})")
            params.extend(webhook_ids)
        if since is not None:
            where.append("e.received_at >= ?")
            params.append(since)
        if until is not None:
            where.append("e.received_at < ?")
            params.append(until)
        if status:
            where.append("d.status = ?")
            params.append(status)
        if endpoint:
            where.append("d.endpoint = ?")
            params.append(endpoint)
        if not where:
            raise UserError("replay needs a selection", fix="pass webhook ids, --since/--until or --status")
        # only the latest generation of each (event, endpoint) counts
        sql = ("SELECT d.event_seq, d.endpoint, max(d.generation) AS gen FROM deliveries d JOIN events e ON e.seq = d.event_seq "
               "WHERE d.generation = (SELECT max(generation) FROM deliveries x WHERE x.event_seq = d.event_seq AND x.endpoint = d.endpoint) AND "
               + " AND ".join(where) + " GROUP BY d.event_seq, d.endpoint ORDER BY d.event_seq, min(d.id)")
        with self._transaction():
            rows = self.conn.execute(sql, params).fetchall()
            if webhook_ids:
                found = {r[0] for r in self.conn.execute(f"SELECT webhook_id FROM events WHERE webhook_id IN ({','.join('?' * len(webhook_ids))})", tuple(webhook_ids))}
                missing = [w for w in webhook_ids if w not in found]
                if missing:
                    raise UserError(f"no event {', '.join(missing)} in the outbox", where=str(self.path), fix="`dodo-cio outbox list` shows the webhook ids")
            now = time.time()
            new_ids = []
            for r in rows:
                c = self.conn.execute(
                    "INSERT INTO deliveries(event_seq, endpoint, generation, status, next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                    (r["event_seq"], r["endpoint"], r["gen"] + 1, PENDING, now, now, now),
                )
                new_ids.append(c.lastrowid)
            self._notify(new_ids)
        return new_ids

    def purge(self, older_than: float, *, include_open: bool = False) -> int:
        """Delete events received before `older_than` whose deliveries are all finished."""
        cond = "" if include_open else " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq AND d.status IN ('pending','queued','retrying'))"
        with self._transaction():
            cur = self.conn.execute("DELETE FROM events WHERE received_at < ?" + cond, (older_than,))
        return cur.rowcount

