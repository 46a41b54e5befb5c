"""The operator's queries and actions (`dodo-cio outbox`), written once for every SQL store.

The SQL here reads the same in SQLite and PostgreSQL (`?` placeholders, which a PostgreSQL
store turns into its own). A store supplies the connection (`_rows`), its write transaction
(`_transaction`) and how a running relay learns of a change (`_announce`: SQLite leaves a row
in `notices`, PostgreSQL sends a NOTIFY).
"""

from __future__ import annotations

import builtins
import time
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ... import strictjson
from ...errors import UserError
from .base import (
    DEAD,
    OPEN_STATUSES,
    PENDING,
    QUEUED,
    SENDABLE,
    Attempt,
    Delivery,
    DeliveryDetail,
    DeliverySummary,
    EventDetail,
    OutboxAdmin,
    StoredResult,
)

OPEN = "('pending', 'queued', 'retrying')"
_LIST_FILTERS = (("d.status", "status"), ("e.event_type", "event_type"), ("d.endpoint", "endpoint"))


def placeholders(n: int) -> str:
    return "(" + ",".join("?" * n) + ")"


def open_delivery(row: Mapping[str, Any]) -> Delivery:
    """An open delivery as a relay resumes or claims it, from a row with the open-delivery columns."""
    d = Delivery(
        row["id"],
        row["event_seq"],
        row["webhook_id"],
        row["event_type"],
        row["endpoint"],
        row["received_at"],
        status=row["status"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"] or 0.0,
        person=row["person"],
        generation=row["generation"],
        schedule_base=row["schedule_base"],
        customer=row["customer"],
    )
    stored = StoredResult.from_json(row["result"]) if d.status != PENDING else None
    d.request = stored.webhook if stored else None
    if d.request is None:  # pending, or a queued row without its result: transform (again)
        d.status, d.body, d.person = PENDING, row["body"], None
    return d


class SQLAdmin(OutboxAdmin):
    where: str  # the outbox as it may be printed (no password)

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Run one statement (`?` placeholders) and return its rows by column name."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """One write transaction that waits for a running relay's writer rather than failing."""

    @abstractmethod
    def _announce(self, ids: Sequence[int]) -> None:
        """Inside the transaction: tell running relays these deliveries changed."""

    def list(
        self, *, status: str | None = None, event_type: str | None = None, endpoint: str | None = None, limit: int = 50
    ) -> list[DeliverySummary]:
        chosen = {"status": status, "event_type": event_type, "endpoint": endpoint}
        where = [(f"{col} = ?", chosen[key]) for col, key in _LIST_FILTERS if chosen[key]]
        # an open delivery waits behind the oldest earlier open one of the same person and endpoint
        sql = (
            "SELECT d.id, e.webhook_id, e.event_type, d.endpoint, d.status, d.attempts, d.generation, d.last_status, "
            f"e.received_at, d.updated_at, CASE WHEN d.status IN {OPEN} THEN d.next_attempt_at END AS next_attempt_at, "
            f"CASE WHEN d.person IS NOT NULL AND d.status IN {OPEN} THEN "
            "(SELECT min(o.id) FROM deliveries o WHERE o.person = d.person "
            f"AND o.endpoint = d.endpoint AND o.id < d.id AND o.status IN {OPEN}) END AS waiting_behind "
            "FROM deliveries d JOIN events e ON e.seq = d.event_seq"
        )
        if where:
            sql += " WHERE " + " AND ".join(cond for cond, _ in where)
        sql += " ORDER BY d.id DESC LIMIT ?"
        return [DeliverySummary(**dict(r)) for r in self._rows(sql, (*(value for _, value in where), limit))]

    def counts(self) -> dict[str, int]:
        return {r["status"]: r["n"] for r in self._rows("SELECT status, count(*) AS n FROM deliveries GROUP BY status")}

    def show(self, ident: str) -> EventDetail:
        if ident.isdigit():
            found = self._rows("SELECT event_seq FROM deliveries WHERE id = ?", (int(ident),))
        else:
            found = self._rows("SELECT seq AS event_seq FROM events WHERE webhook_id = ?", (ident,))
        if not found:
            raise UserError(
                f"no delivery or event {ident!r} in the outbox",
                where=self.where,
                fix="`dodo-cio outbox list` shows the ids",
            )
        ev = self._rows("SELECT * FROM events WHERE seq = ?", (found[0]["event_seq"],))[0]
        try:
            event: Any = strictjson.loads(bytes(ev["body"]), what="the stored event")
        except strictjson.JSONError:
            event = bytes(ev["body"]).decode("utf-8", "replace")
        deliveries = []
        for d in self._rows("SELECT * FROM deliveries WHERE event_seq = ? ORDER BY id", (ev["seq"],)):
            if ident.isdigit() and d["id"] != int(ident):
                continue
            attempts = tuple(
                Attempt(
                    at=a["at"],
                    ok=bool(a["ok"]),
                    status=a["status"],
                    body=a["body"] or "",
                    error=a["error"] or "",
                    duration_ms=a["duration_ms"] or 0.0,
                )
                for a in self._rows("SELECT * FROM attempts WHERE delivery_id = ? ORDER BY id", (d["id"],))
            )
            stored = StoredResult.from_json(d["result"])
            deliveries.append(
                DeliveryDetail(
                    d["id"],
                    d["endpoint"],
                    d["status"],
                    d["attempts"],
                    d["generation"],
                    d["next_attempt_at"] if d["status"] in OPEN_STATUSES else None,
                    d["last_status"],
                    d["last_error"],
                    stored.doc if stored else None,
                    attempts,
                )
            )
        return EventDetail(ev["webhook_id"], ev["event_type"], ev["received_at"], event, tuple(deliveries))

    def retry(self, ids: Sequence[int] = (), *, dead: bool = False) -> builtins.list[int]:
        with self._transaction():
            if dead:
                rows = self._rows("SELECT id, status, result FROM deliveries WHERE status = ?", (DEAD,))
            else:
                rows = (
                    self._rows(
                        f"SELECT id, status, result FROM deliveries WHERE id IN {placeholders(len(ids))}", tuple(ids)
                    )
                    if ids
                    else []
                )
                missing = set(ids) - {r["id"] for r in rows}
                if missing:
                    raise UserError(
                        f"no delivery {', '.join(map(str, sorted(missing)))} in the outbox",
                        where=self.where,
                        fix="`dodo-cio outbox list` shows the ids",
                    )
            now = time.time()
            for r in rows:
                # a result that was sent (or due to be) goes again as stored; any other is transformed again.
                # No relay holds it any more: the first to claim it takes it.
                status = QUEUED if r["status"] in SENDABLE and r["result"] else PENDING
                self._rows(
                    "UPDATE deliveries SET status=?, schedule_base=attempts, next_attempt_at=?, updated_at=?, "
                    "lease_owner=NULL, lease_until=NULL WHERE id=? RETURNING id",
                    (status, now, now, r["id"]),
                )
            self._announce([r["id"] for r in rows])
        return [r["id"] for r in rows]

    def replay(
        self,
        *,
        webhook_ids: Sequence[str] = (),
        since: float | None = None,
        until: float | None = None,
        status: str | None = None,
        endpoint: str | None = None,
    ) -> builtins.list[int]:
        where: list[str] = []
        params: list[Any] = []
        if webhook_ids:
            where.append(f"e.webhook_id IN {placeholders(len(webhook_ids))}")
            params.extend(webhook_ids)
        for cond, value in (
            ("e.received_at >= ?", since),
            ("e.received_at < ?", until),
            ("d.status = ?", status),
            ("d.endpoint = ?", endpoint),
        ):
            if value is not None and value != "":
                where.append(cond)
                params.append(value)
        if not where:
            raise UserError("replay needs a selection", fix="pass webhook ids, --since/--until or --status")
        # only the latest generation of each (event, endpoint) counts
        sql = (
            "SELECT d.event_seq, d.endpoint, max(d.generation) AS gen, min(d.customer) AS customer FROM deliveries d "
            "JOIN events e ON e.seq = d.event_seq "
            "WHERE d.generation = "
            "(SELECT max(generation) FROM deliveries x WHERE x.event_seq = d.event_seq "
            "AND x.endpoint = d.endpoint) AND "
            + " AND ".join(where)
            + " GROUP BY d.event_seq, d.endpoint ORDER BY d.event_seq, min(d.id)"
        )
        with self._transaction():
            rows = self._rows(sql, params)
            if webhook_ids:
                found = {
                    r["webhook_id"]
                    for r in self._rows(
                        f"SELECT webhook_id FROM events WHERE webhook_id IN {placeholders(len(webhook_ids))}",
                        tuple(webhook_ids),
                    )
                }
                missing = [w for w in webhook_ids if w not in found]
                if missing:
                    raise UserError(
                        f"no event {', '.join(missing)} in the outbox",
                        where=self.where,
                        fix="`dodo-cio outbox list` shows the webhook ids",
                    )
            now = time.time()
            new_ids = [
                self._rows(
                    "INSERT INTO deliveries(event_seq, endpoint, generation, status, customer, next_attempt_at, "
                    "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                    (r["event_seq"], r["endpoint"], r["gen"] + 1, PENDING, r["customer"], now, now, now),
                )[0]["id"]
                for r in rows
            ]
            self._announce(new_ids)
        return new_ids

    def purge(self, older_than: float, *, include_open: bool = False) -> int:
        cond = (
            ""
            if include_open
            else f" AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq AND d.status IN {OPEN})"
        )
        with self._transaction():
            return len(self._rows("DELETE FROM events WHERE received_at < ?" + cond + " RETURNING seq", (older_than,)))
