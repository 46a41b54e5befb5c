"""The outbox in one SQLite file: the embedded default.

The relay acks a webhook only after its raw body is committed (WAL, `synchronous=FULL`, so the
commit is fsynced). One writer thread owns the write connection and commits whatever has queued
up as one transaction (group commit): a burst of 200 webhooks costs one fsync, not 200, so
durability does not cap throughput. One relay runs per file: it holds an exclusive lock on
`<file>.lock` (which names its pid), so all claims are its own and need no lease. The `outbox`
commands open their own connections with a busy timeout and leave a row in `notices`, which
the relay's `claim` picks up.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import UserError
from .base import BODY_KEEP, PENDING, QUEUED, Attempt, Delivery, IngestOutcome, NewEvent, RelayStore, StoredResult
from .schema import MIGRATIONS, SCHEMA_VERSION, Dialect, render
from .sql_admin import OPEN as _OPEN, SQLAdmin, open_delivery, placeholders as _in

_SQLITE = Dialect(
    {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "int": "INTEGER", "real": "REAL", "text": "TEXT", "blob": "BLOB"}
)


def migrate(conn: sqlite3.Connection, where: str) -> tuple[int, int]:
    """Apply the migrations the file lacks, each in its own transaction; returns (before, after)."""
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    if before > SCHEMA_VERSION:
        raise UserError(
            f"the outbox is at schema version {before}; this dodo-cio knows up to {SCHEMA_VERSION}",
            where=where,
            fix="run the dodo-cio version that wrote it (or newer)",
        )
    for m in MIGRATIONS:
        if m.version <= before:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] < m.version:  # another process may have just done it
                for step in m.steps:
                    conn.execute(render(step, _SQLITE))
                conn.execute(f"PRAGMA user_version={m.version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return before, SCHEMA_VERSION


def connect(path: str | Path, *, upgrade: bool = True) -> sqlite3.Connection:
    """A connection with the relay's settings, on a migrated file; every process that touches it uses this."""
    p = Path(path)
    if p.is_dir():
        raise UserError(
            "is a folder, not an outbox database", where=str(p), fix="pass a file path such as relay.sqlite3"
        )
    if not p.parent.is_dir():
        raise UserError(
            "the folder for the outbox does not exist", where=str(p), fix="create the folder or pick another --db path"
        )
    try:
        conn = sqlite3.connect(str(p), timeout=10.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        # 16 MiB of page cache, not the default 2: the open-delivery indexes of a busy outbox no
        # longer fit in 2, and every miss is a page read (measured: 5x the writer's CPU per event)
        conn.execute("PRAGMA cache_size=-16384")
        conn.execute("PRAGMA foreign_keys=ON")
        if upgrade:
            migrate(conn, str(p))
    except sqlite3.DatabaseError as exc:
        raise UserError(
            f"cannot open the outbox: {exc}", where=str(p), fix="pass a relay outbox file (or a new path) to --db"
        ) from None
    conn.row_factory = sqlite3.Row
    return conn


# -- reading -------------------------------------------------------------------------------

_OPEN_QUERY = """
SELECT d.id, d.event_seq, e.webhook_id, e.event_type, d.endpoint, e.received_at, d.status, d.attempts, d.schedule_base,
       d.next_attempt_at, d.person, d.result, d.generation, e.body, d.customer
FROM deliveries d JOIN events e ON e.seq = d.event_seq
"""


def _open_deliveries(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[Delivery]:
    if ids is None:
        rows = conn.execute(_OPEN_QUERY + f" WHERE d.status IN {_OPEN} ORDER BY d.id").fetchall()
    else:
        wanted = sorted(set(ids))
        rows = (
            conn.execute(
                _OPEN_QUERY + f" WHERE d.status IN {_OPEN} AND d.id IN {_in(len(wanted))} ORDER BY d.id", wanted
            ).fetchall()
            if wanted
            else []
        )
    return [open_delivery(r) for r in rows]


# -- the relay's face ----------------------------------------------------------------------


@dataclass
class _Ingest:
    event: NewEvent
    future: asyncio.Future[IngestOutcome]


_Op = Callable[[sqlite3.Connection], None]
# a queued request usually settles sooner, even in a burst: its result then goes in with the outcome (one UPDATE)
QUEUED_WRITE_DELAY_S = 5.0

_TRANSFORMED = (
    "UPDATE deliveries SET status=?, person=?, result=coalesce(?, result), last_error=coalesce(?, last_error), "
    "updated_at=? WHERE id=? AND status='pending'"
)
_SETTLED = (
    "UPDATE deliveries SET status=?, attempts=?, next_attempt_at=?, updated_at=?, last_status=?, last_body=?, "
    f"last_error=? WHERE id=? AND attempts=? AND status IN {_OPEN}"
)
_SETTLED_FIRST = (
    "UPDATE deliveries SET status=?, attempts=?, next_attempt_at=?, updated_at=?, last_status=?, last_body=?, "
    f"last_error=?, person=?, result=? WHERE id=? AND attempts=? AND status IN {_OPEN}"
)
_ATTEMPT = "INSERT INTO attempts(delivery_id, at, status, ok, body, error, duration_ms) VALUES (?,?,?,?,?,?,?)"


class _Writer:
    """The one thread that writes. Ingests wait for their commit; other operations are fire-and-forget."""

    def __init__(self, conn: sqlite3.Connection, loop: asyncio.AbstractEventLoop, *, max_batch: int = 512) -> None:
        self._conn = conn
        self._loop = loop
        # ingests and operations wait apart: an ingest (a webhook waiting for its 2xx) never queues
        # behind a backlog of delivery bookkeeping, which is only trimmed in beside it
        self._cond = threading.Condition()
        self._ingests: list[_Ingest] = []
        self._ops: list[_Op] = []
        self._held: dict[int, tuple[float, tuple[Any, ...]]] = {}  # delivery id -> (write by, the QUEUED transform row)
        self._max_batch = max_batch
        self._closed = False
        self.commits = 0
        self._thread = threading.Thread(target=self._run, name="outbox-writer", daemon=True)
        self._thread.start()

    def ingest(self, event: NewEvent) -> asyncio.Future[IngestOutcome]:
        fut: asyncio.Future[IngestOutcome] = self._loop.create_future()
        with self._cond:
            self._ingests.append(_Ingest(event, fut))
            self._cond.notify()
        return fut

    def submit(self, op: _Op) -> None:
        with self._cond:
            self._ops.append(op)
            self._cond.notify()

    def hold_queued(self, delivery_id: int, params: tuple[Any, ...]) -> None:
        """Write this QUEUED transform row with the delivery's first outcome, or on its own after a short while."""
        with self._cond:
            wake = not self._held  # only an idle writer needs to learn it has a deadline now
            self._held.pop(delivery_id, None)  # to the end: insertion order stays deadline order
            self._held[delivery_id] = (time.monotonic() + QUEUED_WRITE_DELAY_S, params)
            if wake:
                self._cond.notify()

    def take_queued(self, delivery_id: int) -> tuple[Any, ...] | None:
        with self._cond:
            held = self._held.pop(delivery_id, None)
        return held[1] if held else None

    def _due_held(self, everything: bool) -> list[_Op]:
        """Held rows whose time is up (all of them when closing); called with the lock held."""
        now = time.monotonic()
        due = []
        for i, (by, _) in self._held.items():
            if by > now and not everything:
                break
            due.append(i)
        return [_execute(_TRANSFORMED, self._held.pop(i)[1]) for i in due]

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued, then stop."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._ingests or self._ops or self._closed):
                    if not self._held:
                        self._cond.wait()
                    elif next(iter(self._held.values()))[0] <= time.monotonic():
                        break
                    else:
                        self._cond.wait(QUEUED_WRITE_DELAY_S / 4)
                ingests, self._ingests = self._ingests, []
                room = self._max_batch // 4 if ingests else self._max_batch
                ops, self._ops = self._due_held(self._closed) + self._ops[:room], self._ops[room:]
                done = self._closed and not self._ingests and not self._ops
            if ingests or ops:
                self._commit(ingests, ops)
            if done:
                break
        self._conn.close()

    def _commit(self, ingests: list[_Ingest], ops: list[_Op]) -> None:
        done: list[tuple[asyncio.Future[IngestOutcome], IngestOutcome | BaseException]] = []
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for item in ingests:
                done.append((item.future, self._insert(item.event)))
            for op in ops:  # in submission order: a transform's write precedes its first attempt's
                op(self._conn)
            self._conn.execute("COMMIT")
            self.commits += 1
        except Exception as exc:  # disk full, a locked file: every waiting ingest gets a 503, never a false ack
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            done = [(item.future, exc) for item in ingests]
        if done:
            self._loop.call_soon_threadsafe(_resolve, done)

    def _insert(self, e: NewEvent) -> IngestOutcome:
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO events(webhook_id, event_type, received_at, body) VALUES (?,?,?,?)",
            (e.webhook_id, e.event_type, e.received_at, e.body),
        )
        if cur.rowcount == 0:
            return IngestOutcome(duplicate=True)
        seq = cur.lastrowid
        assert seq is not None
        out = IngestOutcome(duplicate=False, seq=seq)
        for endpoint in e.endpoints:
            c = self._conn.execute(
                "INSERT INTO deliveries(event_seq, endpoint, status, created_at, updated_at) VALUES (?,?,?,?,?)",
                (seq, endpoint, PENDING, e.received_at, e.received_at),
            )
            assert c.lastrowid is not None
            out.deliveries.append(
                Delivery(
                    c.lastrowid,
                    seq,
                    e.webhook_id,
                    e.event_type,
                    endpoint,
                    e.received_at,
                    body=e.body,
                    customer=e.customer,
                )
            )
        return out


def _execute(sql: str, params: tuple[Any, ...]) -> _Op:
    def op(conn: sqlite3.Connection) -> None:
        conn.execute(sql, params)

    return op


def _resolve(done: list[tuple[asyncio.Future[IngestOutcome], IngestOutcome | BaseException]]) -> None:
    for fut, outcome in done:
        if fut.done():
            continue
        if isinstance(outcome, BaseException):
            fut.set_exception(outcome)
        else:
            fut.set_result(outcome)


class OutboxLocked(UserError):
    pass


class _FileLock:
    """An exclusive lock on `<db>.lock` that names its holder's pid; the kernel drops it when the process dies."""

    def __init__(self, db: Path) -> None:
        self.path = db.with_name(db.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutboxLocked(
                f"another relay (pid {holder}) is using this outbox",
                where=str(self.path.with_suffix("")),
                fix="stop that relay first, or give this one its own --db",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class SQLiteStore(RelayStore):
    """One relay's outbox in an SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = _FileLock(self.path)
        self._writer: _Writer | None = None
        self._reader: sqlite3.Connection | None = None
        self._last_notice: int | None = None  # None: nothing claimed yet

    @property
    def commits(self) -> int:
        return self._writer.commits if self._writer else 0

    def describe(self) -> str:
        return str(self.path)

    async def start(self) -> None:
        if not self.path.parent.is_dir():
            connect(self.path)  # raises the clear error
        self._lock.acquire()
        try:
            self._reader = await asyncio.to_thread(connect, self.path)
            self._writer = _Writer(await asyncio.to_thread(connect, self.path), asyncio.get_running_loop())
        except BaseException:
            self._lock.release()
            raise

    async def ingest(self, event: NewEvent) -> IngestOutcome:
        assert self._writer is not None, "start() first"
        return await self._writer.ingest(event)

    async def claim(self) -> list[Delivery]:
        return await asyncio.to_thread(self._claim)

    def _claim(self) -> list[Delivery]:
        assert self._reader is not None, "start() first"
        conn = self._reader
        if self._last_notice is None:  # everything open is resumed, so earlier notices are moot
            conn.execute("BEGIN IMMEDIATE")
            self._last_notice = conn.execute("SELECT coalesce(max(id), 0) FROM notices").fetchone()[0]
            conn.execute("DELETE FROM notices")
            conn.execute("COMMIT")
            return _open_deliveries(conn, None)
        rows = conn.execute(
            "SELECT id, delivery_id FROM notices WHERE id > ? ORDER BY id", (self._last_notice,)
        ).fetchall()
        if not rows:
            return []
        self._last_notice = rows[-1]["id"]
        return _open_deliveries(conn, [r["delivery_id"] for r in rows])

    def record_transform(self, d: Delivery, *, result: StoredResult | None, detail: str = "") -> None:
        assert self._writer is not None, "start() first"
        params = (
            d.status,
            d.person,
            result.to_json() if result else None,
            detail[:BODY_KEEP] or None,
            time.time(),
            d.id,
        )
        if d.status == QUEUED:
            self._writer.hold_queued(d.id, params)
        else:
            self._writer.submit(_execute(_TRANSFORMED, params))

    def record_attempt(self, d: Delivery, attempt: Attempt) -> None:
        assert self._writer is not None, "start() first"
        body, error = attempt.body[:BODY_KEEP], attempt.error[:BODY_KEEP]
        settled: tuple[Any, ...] = (d.status, d.attempts, d.next_attempt_at, time.time(), attempt.status, body, error)
        queued = self._writer.take_queued(d.id)
        sql = _SETTLED_FIRST if queued else _SETTLED
        if queued:  # the transform row was held back: its person and result go in with this outcome
            settled += (queued[1], queued[2])
        settled += (d.id, d.attempts - 1)
        row = (d.id, attempt.at, attempt.status, int(attempt.ok), body, error, attempt.duration_ms)

        def op(conn: sqlite3.Connection) -> None:
            if conn.execute(sql, settled).rowcount:  # a fenced-out write leaves no attempt behind either
                conn.execute(_ATTEMPT, row)

        self._writer.submit(op)

    async def close(self) -> None:
        if self._writer:
            await asyncio.to_thread(self._writer.close)
            self._writer = None
        if self._reader:
            self._reader.close()
            self._reader = None
        self._lock.release()


# -- the operator's face -------------------------------------------------------------------


class SQLiteAdmin(SQLAdmin):
    """Queries and operator actions on an outbox file, safe while a relay writes to it."""

    def __init__(self, path: str | Path, *, must_exist: bool = True) -> None:
        p = Path(path)
        if must_exist and not p.exists():
            raise UserError(
                "no outbox database here", where=str(p), fix="pass the --db the relay uses (default relay.sqlite3)"
            )
        self.path = p
        self.where = str(p)
        # an embedded file is upgraded on open (nothing else could have done it); `migrate` reports what was applied
        self.conn = connect(p, upgrade=False)
        try:
            self._migrated = migrate(self.conn, str(p))
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> tuple[int, int]:
        return self._migrated

    def open_deliveries(self, ids: Sequence[int] | None = None) -> list[Delivery]:
        return _open_deliveries(self.conn, ids)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        return self.conn.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """Taken IMMEDIATE so a running relay's writer waits, not fails."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _announce(self, ids: Sequence[int]) -> None:
        self.conn.executemany("INSERT INTO notices(delivery_id) VALUES (?)", [(i,) for i in ids])
