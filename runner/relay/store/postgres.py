"""The outbox in PostgreSQL: several relays on one database (`pip install 'dodo-cio[postgres]'`).

Any relay may receive any webhook and any relay may deliver it. How they share the work:

- **Ingest** is one `INSERT ... ON CONFLICT (webhook_id) DO NOTHING` per group commit: webhooks
  that arrive while a commit is in flight wait for the next one, so a burst costs a few round
  trips, not one per event. The 2xx is sent only after the commit; the unique constraint is the
  dedup across relays. The ingesting relay holds the new deliveries under a lease.
- **Claims.** A relay works only on deliveries it holds: `lease_owner` names it and
  `lease_until` says until when. `claim` takes unheld and expired ones with
  `FOR UPDATE SKIP LOCKED`, so a killed relay's deliveries return to the pool when its leases
  run out; `renew` extends the leases of what a relay holds and reports those it lost.
  Every relay write is fenced by the attempts count, so one that lost its lease never
  overwrites a newer outcome.
- **Per-person order across relays.** A relay orders what it holds itself; before sending it
  asks `clear_to_send`, which (in the same statement that extends the lease) holds back a
  delivery while an earlier open one of the same person and endpoint, or an earlier untransformed
  one of the same Dodo customer, is still open anywhere: held by another relay, by none, or by
  this one through a claim its ordering has not seen yet.
- **Wake-ups.** `LISTEN/NOTIFY` on one channel: an operator action or a relay's graceful stop
  says "work", a relay whose deliveries finished says "settled" (at most one NOTIFY per 100 ms
  per kind). A slow poll finds the leases of relays that died without a word.
- **Outages.** When the database goes away, ingest answers 503 at once (Dodo retries) and
  `clear_to_send` clears nothing, so delivery pauses; a probe each second finds the database
  back and both resume. Bookkeeping writes wait in memory meanwhile.

The database URL's password never reaches a message: every error passes through `masking.scrub` with the
URL's `secrets_of`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
import psycopg_pool
from psycopg.rows import dict_row

from ...errors import UserError
from ...masking import scrub
from ..database_url import redact, secrets_of
from .base import (
    BODY_KEEP,
    OPEN_STATUSES,
    Attempt,
    Delivery,
    IngestOutcome,
    NewEvent,
    RelayStore,
    StoredResult,
    instance_name,
)
from .postgres_schema import current_version, ensure_current, migrate
from .sql_admin import OPEN as _OPEN, SQLAdmin, open_delivery

# the pool logs each failed reconnection; the relay says once that the database is gone (and
# /healthz says why), so an outage does not flood the terminal
logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)

_CHANNEL = "dodo_cio_outbox"
_LEASE_S = 30.0  # how long a relay holds a delivery without renewing (the visibility timeout)
_POLL_S = 5.0  # the slow poll for expired leases; NOTIFY wakes relays for everything else
_NOTIFY_EVERY_S = 0.1  # at most one NOTIFY per kind of work in this interval
_PROBE_S = 1.0  # how often an unreachable database is tried again
_CONNECT_TIMEOUT_S = 5
_ROLLBACK_RETRIES = 3
_CLAIM_LIMIT = 1000  # deliveries taken per claim; the rest on the next round


class StoreUnavailable(Exception):
    """The database cannot be reached now; the caller answers 503 or tries again later."""


# a transaction the server rolled back to break a deadlock or a conflict: running it again works
_ROLLED_BACK = (
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    psycopg.errors.TransactionRollback,
)


def _connection_trouble(exc: BaseException) -> bool:
    """The database (or the way to it) is gone, as opposed to a statement it refused."""
    return isinstance(
        exc, (psycopg.OperationalError, psycopg.InterfaceError, psycopg_pool.PoolTimeout, OSError)
    ) and not isinstance(exc, _ROLLED_BACK)


# -- SQL ------------------------------------------------------------------------------------

# Rows go in as one JSON array per statement (json_to_recordset): one C-speed json.dumps instead of
# an array per column adapted value by value, which cost the relay more CPU than the rest of the
# statement. Every join with those rows also says `d.id = ANY(ids)`: the planner then fetches the
# rows by key (it cannot see how few rows a record set gives, and would scan the table).

_INGEST = """
WITH x AS (
  SELECT * FROM json_to_recordset(%(events)s::json)
    AS x(webhook_id text, event_type text, received_at float8, body text)
), new AS (
  INSERT INTO events(webhook_id, event_type, received_at, body)
  SELECT webhook_id, event_type, received_at, decode(body, 'base64') FROM x
  ON CONFLICT (webhook_id) DO NOTHING
  RETURNING seq, webhook_id, received_at
), wanted AS (
  SELECT * FROM json_to_recordset(%(deliveries)s::json) AS w(webhook_id text, endpoint text, customer text, ord int)
), made AS (
  INSERT INTO deliveries(event_seq, endpoint, status, customer, created_at, updated_at, lease_owner, lease_until)
  SELECT new.seq, w.endpoint, 'pending', w.customer, new.received_at, new.received_at, %(me)s, %(until)s
  FROM new JOIN wanted w ON w.webhook_id = new.webhook_id ORDER BY new.seq, w.ord
  RETURNING id, event_seq
)
SELECT new.webhook_id, new.seq, array_remove(array_agg(made.id ORDER BY made.id), NULL) AS ids
FROM new LEFT JOIN made ON made.event_seq = new.seq GROUP BY new.webhook_id, new.seq
"""

_TRANSFORMED = """
UPDATE deliveries d SET status = x.status, person = x.person, result = coalesce(x.result, d.result),
  last_error = coalesce(x.detail, d.last_error), updated_at = %(now)s
FROM json_to_recordset(%(rows)s::json) AS x(id bigint, status text, person text, result text, detail text)
WHERE d.id = ANY(%(ids)s::bigint[]) AND d.id = x.id AND d.status = 'pending'
"""

# the outcome, fenced on the attempts count, and the attempt's row only where the outcome applied
_SETTLED = f"""
WITH x AS (
  SELECT * FROM json_to_recordset(%(rows)s::json)
    AS x(id bigint, status text, attempts bigint, next_at float8, http bigint, body text, error text,
    at float8, ok bigint, ms float8)
), settled AS (
  UPDATE deliveries d SET status = x.status, attempts = x.attempts, next_attempt_at = x.next_at, updated_at = %(now)s,
    last_status = x.http, last_body = x.body, last_error = x.error
  FROM x WHERE d.id = ANY(%(ids)s::bigint[]) AND d.id = x.id AND d.attempts = x.attempts - 1 AND d.status IN {_OPEN}
  RETURNING d.id
)
INSERT INTO attempts(delivery_id, at, status, ok, body, error, duration_ms)
SELECT x.id, x.at, x.http, x.ok, x.body, x.error, x.ms FROM x JOIN settled ON settled.id = x.id
"""

# A delivery goes out only while no earlier open delivery of its person, nor an untransformed one
# of its Dodo customer, is left on its endpoint, whoever holds it: this relay's own ordering knows
# only what it held when it chose the batch, and a claim may have handed it an earlier one since.
_CLEAR = f"""
UPDATE deliveries d SET lease_until = %(until)s
FROM json_to_recordset(%(rows)s::json) AS x(id bigint, attempts bigint)
WHERE d.id = ANY(%(ids)s::bigint[]) AND d.id = x.id AND d.attempts = x.attempts AND d.lease_owner = %(me)s
  AND d.status IN ('queued', 'retrying')
RETURNING d.id, EXISTS (
  SELECT 1 FROM deliveries o
  WHERE o.person = d.person AND o.endpoint = d.endpoint AND o.id < d.id AND o.status IN {_OPEN}
) OR EXISTS (
  SELECT 1 FROM deliveries o
  WHERE o.customer = d.customer AND o.endpoint = d.endpoint AND o.id < d.id AND o.status = 'pending'
    AND d.customer <> ''
) AS blocked
"""

_COLUMNS = (
    "d.id, d.event_seq, e.webhook_id, e.event_type, d.endpoint, e.received_at, d.status, d.attempts, d.schedule_base,\n"
    "  d.next_attempt_at, d.person, d.result, d.generation, e.body, d.customer"
)

_CLAIM = f"""
WITH c AS (
  SELECT id FROM deliveries
  WHERE status IN {_OPEN} AND (lease_owner IS NULL OR lease_until < %(now)s)
    AND (%(any_endpoint)s OR endpoint = ANY(%(endpoints)s))
  ORDER BY id LIMIT {_CLAIM_LIMIT} FOR UPDATE SKIP LOCKED
)
UPDATE deliveries d SET lease_owner = %(me)s, lease_until = %(until)s
FROM c, events e WHERE d.id = c.id AND e.seq = d.event_seq
RETURNING {_COLUMNS}
"""

_RENEW = f"""
UPDATE deliveries SET lease_until = %(until)s
WHERE id = ANY(%(ids)s::bigint[]) AND lease_owner = %(me)s AND status IN {_OPEN}
RETURNING id
"""

_RELEASE = (
    f"UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = %(me)s AND status IN {_OPEN}"
)


@dataclass
class _Pending:
    """The bookkeeping that waits for the next group commit."""

    transforms: list[tuple[Any, ...]] = field(default_factory=list)
    attempts: list[tuple[Any, ...]] = field(default_factory=list)
    clears: list[tuple[list[Delivery], asyncio.Future[tuple[list[Delivery], list[Delivery]]]]] = field(
        default_factory=list
    )
    renewals: list[tuple[list[int], asyncio.Future[list[int]]]] = field(default_factory=list)
    finals: bool = False  # something finished or was transformed: peers waiting on it may go

    def waiters(self) -> list[asyncio.Future[Any]]:
        return [fut for _, fut in self.clears + self.renewals]

    def __bool__(self) -> bool:
        return bool(self.transforms or self.attempts or self.clears or self.renewals)


def _text(value: Any) -> Any:
    """Text PostgreSQL can store: a NUL or a lone surrogate (both possible in what a transform
    throws, or in an event's fields) would fail the whole group commit, not just its own row."""
    if isinstance(value, str) and ("\x00" in value or not value.isascii()):
        return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    return value


def _records(rows: Sequence[tuple[Any, ...]], names: Sequence[str]) -> str:
    """Rows as the JSON a json_to_recordset() reads: one statement for all of them."""
    return json.dumps([dict(zip(names, map(_text, row), strict=False)) for row in rows], separators=(",", ":"))


def _ids(ids: Iterable[int]) -> str:
    """An array literal of ids (cheaper than adapting a Python list)."""
    return "{" + ",".join(map(str, ids)) + "}"


def _rounds(rows: Sequence[Any], key: Callable[[Any], Any] = lambda row: row[0]) -> list[list[Any]]:
    """Split writes so each delivery id appears once per statement, in submission order: one
    UPDATE joining two rows for the same id would apply one of them at random, not both in turn."""
    rounds: list[list[Any]] = []
    seen: dict[Any, int] = {}
    for row in rows:
        n = seen.get(key(row), 0)
        seen[key(row)] = n + 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(row)
    for r in rounds:  # rows locked in id order, as every relay locks them: no deadlock between two
        r.sort(key=lambda row: key(row))
    return rounds


class PostgresStore(RelayStore):
    """One relay's view of a shared PostgreSQL outbox."""

    def __init__(
        self,
        url: str,
        *,
        endpoints: Sequence[str] | None = None,
        lease_s: float = _LEASE_S,
        instance: str | None = None,
    ) -> None:
        self.url = url
        self.instance = instance or instance_name()
        self.endpoints = list(endpoints) if endpoints is not None else None
        self.lease_s = lease_s
        # the claim loop wakes at least this often: it renews the leases (every fourth of one) and
        # finds a dead relay's work at most a third of a lease after that relay's lease ends
        self.poll_s = min(_POLL_S, lease_s / 3)
        self._pool: psycopg_pool.AsyncConnectionPool[Any] | None = None  # its connections make dict rows
        self._ingests: list[tuple[NewEvent, asyncio.Future[IngestOutcome]]] = []
        self._ingest_kick = asyncio.Event()
        self._pending = _Pending()
        self._kick = asyncio.Event()
        self._work = asyncio.Event()  # an operator or a stopping peer left work to claim
        self._peers = asyncio.Event()  # a peer finished deliveries (ours may have waited on them)
        self._renewed = 0.0
        self._tasks: list[asyncio.Task[Any]] = []
        self._down: str | None = None  # why the database is unreachable, or None
        self._back = asyncio.Event()
        self._settled = asyncio.Event()  # this relay finished deliveries since the last NOTIFY
        self._closing = False
        self.commits = 0

    def describe(self) -> str:
        return redact(self.url)

    def _error(self, exc: BaseException) -> str:
        return scrub(f"{type(exc).__name__}: {exc}".strip(), secrets_of(self.url))

    # -- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        try:
            with await asyncio.to_thread(
                lambda: psycopg.connect(self.url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S)
            ) as conn:
                await asyncio.to_thread(ensure_current, conn, redact(self.url), create=True)
        except psycopg.Error as exc:
            raise UserError(
                f"cannot open the PostgreSQL outbox: {self._error(exc)}",
                where=redact(self.url),
                fix="check the URL, that the server runs and accepts this user, and the password",
            ) from None
        self._pool = psycopg_pool.AsyncConnectionPool(
            self.url,
            min_size=1,
            max_size=4,
            open=False,
            timeout=_CONNECT_TIMEOUT_S,
            reconnect_timeout=0,
            kwargs={"autocommit": True, "connect_timeout": _CONNECT_TIMEOUT_S, "row_factory": dict_row},
        )
        await self._pool.open(wait=True, timeout=_CONNECT_TIMEOUT_S * 2)
        self._back.set()
        self._tasks = [
            asyncio.create_task(self._writer()),
            asyncio.create_task(self._ingest_lane()),
            asyncio.create_task(self._listener()),
            asyncio.create_task(self._announcer()),
        ]

    async def close(self) -> None:
        """Commit what is queued, then hand this relay's open deliveries back to its peers."""
        self._closing = True
        self._kick.set()
        self._ingest_kick.set()
        if self._tasks:  # the writer and the ingest lane finish what is queued
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(asyncio.gather(*self._tasks[:2])), timeout=10)
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pool is not None:
            with contextlib.suppress(Exception):
                async with self._pool.connection() as conn:
                    async with conn.transaction():
                        await conn.execute(_RELEASE, {"me": self.instance})
                        await conn.execute("SELECT pg_notify(%s, %s)", (_CHANNEL, f"work {self.instance}"))
            await self._pool.close()
            self._pool = None

    # -- health -------------------------------------------------------------------------------
    async def problem(self) -> str | None:
        """Why the database cannot be used now (for /healthz), or None."""
        return self._down

    def _went_down(self, exc: BaseException) -> None:
        if self._down is None:
            self._down = self._error(exc)
            self._back.clear()
            self._tasks.append(asyncio.create_task(self._probe()))

    async def _probe(self) -> None:
        """Try the database each second until it answers, then resume ingest and delivery."""
        while self._down is not None and not self._closing:
            await asyncio.sleep(_PROBE_S)
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S
                )
                async with conn:
                    await conn.execute("SELECT 1")
            except Exception as exc:
                self._down = self._error(exc)
                continue
            self._down = None
            self._back.set()
            self._kick.set()
            self._work.set()  # leases may have run out meanwhile: look again

    # -- ingest and the fire-and-forget writes ---------------------------------------------------
    async def ingest(self, event: NewEvent) -> IngestOutcome:
        if self._down is not None:
            raise StoreUnavailable(f"the outbox database is unreachable: {self._down}")
        fut: asyncio.Future[IngestOutcome] = asyncio.get_running_loop().create_future()
        self._ingests.append((event, fut))
        self._ingest_kick.set()
        return await fut

    def record_transform(self, d: Delivery, *, result: StoredResult | None, detail: str = "") -> None:
        self._pending.transforms.append(
            (d.id, d.status, d.person, result.to_json() if result else None, detail[:BODY_KEEP] or None)
        )
        self._pending.finals = True
        self._kick.set()

    def record_attempt(self, d: Delivery, attempt: Attempt) -> None:
        self._pending.attempts.append(
            (
                d.id,
                d.status,
                d.attempts,
                d.next_attempt_at,
                attempt.status,
                attempt.body[:BODY_KEEP],
                attempt.error[:BODY_KEEP],
                attempt.at,
                int(attempt.ok),
                attempt.duration_ms,
            )
        )
        if d.status not in OPEN_STATUSES:
            self._pending.finals = True
        self._kick.set()

    async def clear_to_send(self, batch: Sequence[Delivery]) -> tuple[list[Delivery], list[Delivery]]:
        """(may go now, lost to another relay); the rest waits.

        Returns once this relay's queued writes are committed.
        """
        if self._down is not None:
            return [], []
        fut: asyncio.Future[tuple[list[Delivery], list[Delivery]]] = asyncio.get_running_loop().create_future()
        self._pending.clears.append((list(batch), fut))
        self._kick.set()
        try:
            return await fut
        except StoreUnavailable:
            return [], []

    async def _work_or_close(self, has_work: Callable[[], bool], kick: asyncio.Event) -> bool:
        """Wait until there is work (True), or the store is closing with none left (False)."""
        while not has_work():
            if self._closing:
                return False
            kick.clear()
            await kick.wait()
        return True

    async def _ingest_lane(self) -> None:
        """Ingests commit in groups of their own (one statement each), never behind bookkeeping."""
        while await self._work_or_close(lambda: bool(self._ingests), self._ingest_kick):
            items, self._ingests = self._ingests, []
            try:
                if self._down is not None:
                    raise StoreUnavailable(f"the outbox database is unreachable: {self._down}")
                results = await self._run(lambda conn: self._ingest(conn, items, time.time()), transaction=False)  # noqa: B023  (awaited here)
            except Exception as exc:  # not stored: a 503, and Dodo retries
                for _, fut in items:
                    if not fut.done():
                        fut.set_exception(
                            exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(self._error(exc))
                        )
                if _connection_trouble(exc):
                    self._went_down(exc)
                continue
            self.commits += 1
            for fut, value in results:
                if not fut.done():
                    fut.set_result(value)

    async def _writer(self) -> None:
        """The bookkeeping's group commit: everything queued since the last commit, in one transaction."""
        while await self._work_or_close(lambda: bool(self._pending), self._kick):
            if self._down is not None:
                self._fail_waiters(StoreUnavailable(f"the outbox database is unreachable: {self._down}"))
                if self._closing:
                    return
                await self._back.wait()
                continue
            work, self._pending = self._pending, _Pending()
            try:
                results = await self._run(lambda conn: self._commit(conn, work), transaction=True)  # noqa: B023  (awaited here)
            except Exception as exc:
                self._failed(work, exc)
                continue
            self.commits += 1
            if work.finals:
                self._settled.set()
                self._peers.set()  # our own finished deliveries may have held back some of ours too
            for fut, value in results:
                if not fut.done():
                    fut.set_result(value)

    async def _run(self, step: Callable[[Any], Any], *, transaction: bool) -> Any:
        """`step(conn)` on a pooled connection; a deadlock with a peer relay (rare: rows taken over) just
        runs it again.
        """
        assert self._pool is not None
        for attempt in range(1, _ROLLBACK_RETRIES + 1):
            try:
                async with self._pool.connection() as conn:
                    if not transaction:
                        return await step(conn)
                    async with conn.transaction():
                        return await step(conn)
            except _ROLLED_BACK:
                if attempt == _ROLLBACK_RETRIES:
                    raise
        raise AssertionError("unreachable")

    def _failed(self, work: _Pending, exc: BaseException) -> None:
        """Nothing of the group is committed.

        Bookkeeping waits in memory while the database is unreachable. After any other error it
        would only fail again, so it is dropped: those deliveries stay open in the database and
        are sent again (Customer.io dedupes by event id) once their lease runs out.
        """
        for fut in work.waiters():
            if not fut.done():
                fut.set_exception(StoreUnavailable(self._error(exc)))
        if _connection_trouble(exc):
            self._went_down(exc)
            self._requeue(work)

    def _fail_waiters(self, exc: BaseException) -> None:
        for fut in self._pending.waiters():
            if not fut.done():
                fut.set_exception(exc)
        self._pending.clears, self._pending.renewals = [], []

    def _requeue(self, work: _Pending) -> None:
        """Bookkeeping of a failed commit goes first in the next one, in its order."""
        self._pending.transforms[:0] = work.transforms
        self._pending.attempts[:0] = work.attempts
        self._pending.finals = self._pending.finals or work.finals

    async def _commit(self, conn: Any, work: _Pending) -> list[tuple[asyncio.Future[Any], Any]]:
        now = time.time()
        results: list[tuple[asyncio.Future[Any], Any]] = []
        for rows in _rounds(work.transforms):
            await conn.execute(
                _TRANSFORMED,
                {
                    "now": now,
                    "ids": _ids(r[0] for r in rows),
                    "rows": _records(rows, ("id", "status", "person", "result", "detail")),
                },
            )
        for rows in _rounds(work.attempts):
            await conn.execute(
                _SETTLED,
                {
                    "now": now,
                    "ids": _ids(r[0] for r in rows),
                    "rows": _records(
                        rows, ("id", "status", "attempts", "next_at", "http", "body", "error", "at", "ok", "ms")
                    ),
                },
            )
        for batch, fut in work.clears:
            results.append((fut, await self._clear(conn, batch, now)))
        for held, renewed in work.renewals:
            cur = await conn.execute(_RENEW, {"ids": _ids(held), "me": self.instance, "until": now + self.lease_s})
            kept = {r["id"] for r in await cur.fetchall()}
            results.append((renewed, [i for i in held if i not in kept]))
        return results

    async def _ingest(
        self, conn: Any, items: list[tuple[NewEvent, asyncio.Future[IngestOutcome]]], now: float
    ) -> list[tuple[asyncio.Future[Any], Any]]:
        first: dict[str, NewEvent] = {}
        for event, _ in items:
            first.setdefault(event.webhook_id, event)  # the same id twice in one group: the later one is a duplicate
        # in webhook-id order: two relays storing the same retried webhooks wait on each other's
        # unique-key checks in one order, never in a cycle
        events = sorted(first.values(), key=lambda e: e.webhook_id)
        wanted = [(e.webhook_id, ep, e.customer or "", i) for e in events for i, ep in enumerate(e.endpoints)]
        cur = await conn.execute(
            _INGEST,
            {
                "events": _records(
                    [(e.webhook_id, e.event_type, e.received_at, base64.b64encode(e.body).decode()) for e in events],
                    ("webhook_id", "event_type", "received_at", "body"),
                ),
                "deliveries": _records(wanted, ("webhook_id", "endpoint", "customer", "ord")),
                "me": self.instance,
                "until": now + self.lease_s,
            },
        )
        stored = {r["webhook_id"]: (r["seq"], r["ids"]) for r in await cur.fetchall()}
        out = []
        for event, fut in items:
            hit = stored.pop(_text(event.webhook_id), None)
            if hit is None:
                out.append((fut, IngestOutcome(duplicate=True)))
                continue
            seq, ids = hit
            deliveries = [
                Delivery(
                    did,
                    seq,
                    event.webhook_id,
                    event.event_type,
                    ep,
                    event.received_at,
                    body=event.body,
                    customer=event.customer,
                )
                for did, ep in zip(ids, event.endpoints, strict=False)
            ]
            out.append((fut, IngestOutcome(duplicate=False, seq=seq, deliveries=deliveries)))
        return out

    async def _clear(self, conn: Any, batch: list[Delivery], now: float) -> tuple[list[Delivery], list[Delivery]]:
        if not batch:
            return [], []
        cur = await conn.execute(
            _CLEAR,
            {
                "ids": _ids(d.id for d in batch),
                "rows": _records([(d.id, d.attempts) for d in batch], ("id", "attempts")),
                "me": self.instance,
                "until": now + self.lease_s,
            },
        )
        answer = {r["id"]: r["blocked"] for r in await cur.fetchall()}
        ready = [d for d in batch if answer.get(d.id) is False]
        lost = [d for d in batch if d.id not in answer]
        return ready, lost

    async def _announcer(self) -> None:
        """Tell the peers this relay finished deliveries (theirs may have waited on them): one
        NOTIFY per _NOTIFY_EVERY_S at most, always one after the last change."""
        assert self._pool is not None
        while True:
            await self._settled.wait()
            self._settled.clear()
            with contextlib.suppress(Exception):  # an outage: the peers' slow poll covers for it
                async with self._pool.connection() as conn:
                    await conn.execute("SELECT pg_notify(%s, %s)", (_CHANNEL, f"settled {self.instance}"))
            await asyncio.sleep(_NOTIFY_EVERY_S)

    # -- claims, leases and wake-ups ---------------------------------------------------------------
    async def claim(self) -> list[Delivery]:
        if self._down is not None or self._pool is None:  # no pool: closed
            return []
        now = time.time()
        try:
            async with self._pool.connection() as conn:
                cur = await conn.execute(
                    _CLAIM,
                    {
                        "now": now,
                        "until": now + self.lease_s,
                        "me": self.instance,
                        "any_endpoint": self.endpoints is None,
                        "endpoints": self.endpoints or [],
                    },
                )
                rows = await cur.fetchall()
        except Exception as exc:
            if _connection_trouble(exc):
                self._went_down(exc)
            return []
        if len(rows) == _CLAIM_LIMIT:
            self._work.set()  # more to take on the next round
        return sorted((open_delivery(r) for r in rows), key=lambda d: d.id)

    async def renew(self, held: Sequence[int]) -> list[int]:
        """Called on every wake-up; renews (one statement) only once a fourth of the lease has passed."""
        now = time.time()
        if self._down is not None or not held or now - self._renewed < self.lease_s / 4:
            return []
        self._renewed = now
        # through the writer, like every write of this relay: two of its own transactions locking
        # the same rows in different orders would deadlock each other
        fut: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._pending.renewals.append((sorted(held), fut))
        self._kick.set()
        try:
            return await fut
        except StoreUnavailable:
            return []

    async def wait_for_work(self, timeout: float) -> None:
        """Until a peer or an operator says there is work, or the slow poll comes round."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._work.wait(), timeout=max(timeout, self.poll_s))
        self._work.clear()

    async def wait_for_peers(self) -> None:
        await self._peers.wait()
        self._peers.clear()

    async def _listener(self) -> None:
        while not self._closing:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S
                )
                async with conn:
                    await conn.execute(f"LISTEN {_CHANNEL}")
                    self._work.set()  # anything said while we were not listening
                    async for note in conn.notifies():
                        kind, _, sender = note.payload.partition(" ")
                        if sender != self.instance:
                            (self._peers if kind == "settled" else self._work).set()
            except asyncio.CancelledError:
                raise
            except Exception:
                await asyncio.sleep(_PROBE_S)


# -- the operator's face -------------------------------------------------------------------------


class PostgresAdmin(SQLAdmin):
    """`dodo-cio outbox` on a shared PostgreSQL outbox; relays learn of changes by NOTIFY."""

    def __init__(self, url: str, *, migrating: bool = False) -> None:
        self.url = url
        self.where = redact(url)
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S, row_factory=dict_row)
        except psycopg.Error as exc:
            raise UserError(
                f"cannot open the PostgreSQL outbox: {scrub(str(exc).strip(), secrets_of(url))}",
                where=self.where,
                fix="check the URL, that the server runs and accepts this user, and the password",
            ) from None
        if not migrating:
            try:
                ensure_current(self.conn, self.where, create=False)
            except BaseException:
                self.conn.close()
                raise

    def close(self) -> None:
        self.conn.close()

    def migrate(self) -> tuple[int, int]:
        return migrate(self.conn, self.where)

    def schema_version(self) -> int:
        return current_version(self.conn)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        cur = self.conn.execute(sql.replace("?", "%s"), params)
        return list(cur.fetchall()) if cur.description else []

    def _transaction(self) -> contextlib.AbstractContextManager[Any]:
        return self.conn.transaction()

    def _announce(self, ids: Sequence[int]) -> None:
        self.conn.execute("SELECT pg_notify(%s, %s)", (_CHANNEL, "work admin"))

    def open_deliveries(self, ids: Sequence[int] | None = None) -> list[Delivery]:
        sql = f"SELECT {_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.status IN {_OPEN}"
        if ids is not None:
            if not ids:
                return []
            return [open_delivery(r) for r in self._rows(sql + " AND d.id = ANY(%s) ORDER BY d.id", (list(ids),))]
        return [open_delivery(r) for r in self._rows(sql + " ORDER BY d.id")]
