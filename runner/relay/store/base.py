"""What the relay and the `outbox` commands need from an outbox, whatever keeps it.

Two faces, both implemented by every store (`sqlite.SQLiteStore` today, a PostgreSQL store
beside it):

- `RelayStore`, used by a running relay from its event loop. `ingest` returns only once the
  event is durable (the 2xx depends on it). The `record_*` operations are fire-and-forget: a
  store queues them and commits them in groups; one lost to a crash only means work is done
  again after the restart. Every relay write is *fenced*: it applies only while the delivery is
  open and its `attempts` still equals the number the writer read, so a relay that lost its
  claim (or raced an operator) never overwrites a newer outcome.
- `OutboxAdmin`, the operator queries and actions behind `dodo-cio outbox`, synchronous and safe
  while relays run; a running relay learns of its changes through `RelayStore.claim`.

Per-person order is kept by the relay's ordering part over the deliveries it holds; a store that
serves several relays must not hand a delivery to one relay while an earlier open delivery of the
same person and endpoint is held by another (see `claim`).
"""

from __future__ import annotations

import asyncio
import builtins
import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import UserError

PENDING = "pending"  # accepted, not transformed yet
QUEUED = "queued"  # transformed and valid, waiting for its turn to be sent
RETRYING = "retrying"  # an attempt failed; next_attempt_at says when to try again
OPEN_STATUSES = (PENDING, QUEUED, RETRYING)
DELIVERED = "delivered"
FAILED = "failed"  # Customer.io refused it for good (a 4xx other than 408/429)
DEAD = "dead"  # the retry schedule ran out
INVALID_REQUEST = (
    "invalid_request"  # the transformed request cannot be put on the wire (e.g. a lone surrogate in a header)
)
UNCHANGED = "unchanged"  # the transform left the url pointing at an endpoint with no URL
CANCELLED = "cancelled"
DISALLOWED = "disallowed"  # routed to a host that is not allowed
TRANSFORM_ERROR = "transform_error"
VALIDATION_ERROR = "validation_error"
DRY_RUN = "dry_run"  # transformed and validated, not sent (--dry-run)
_FINAL_STATUSES = (
    DELIVERED,
    FAILED,
    DEAD,
    INVALID_REQUEST,
    UNCHANGED,
    CANCELLED,
    DISALLOWED,
    TRANSFORM_ERROR,
    VALIDATION_ERROR,
    DRY_RUN,
)
ALL_STATUSES = OPEN_STATUSES + _FINAL_STATUSES
SENDABLE = (QUEUED, RETRYING, DELIVERED, FAILED, DEAD)  # statuses whose stored result is a valid, allowed request
BODY_KEEP = 2000  # characters of a response body or error kept per attempt
_RESULT_FORMAT = 1  # the version of the stored transform result (`StoredResult`)


def instance_name() -> str:
    """A relay among its peers (/metrics, and the lease owner in a shared store): host, pid and a
    random tag, so a restarted relay that got the same pid is still a new instance."""
    import os
    import secrets
    import socket

    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


@dataclass
class Delivery:
    """One (event, endpoint) pair while it is open: what a relay holds in memory.

    `attempts` is the fencing token: the store applies a relay's write only while the row
    still has the attempts count the relay read.
    """

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
    generation: int = 0
    customer: str | None = None  # the Dodo customer the event is about (ordering before the transform)
    schedule_base: int = 0  # attempts made before the last `outbox retry`: the retry schedule counts from here


@dataclass(frozen=True)
class NewEvent:
    """A verified webhook to store, with the endpoints that want it."""

    webhook_id: str
    event_type: str
    body: bytes
    endpoints: tuple[str, ...]
    received_at: float
    customer: str | None = None


@dataclass
class IngestOutcome:
    """`deliveries` are the new ones this relay now holds (a shared store may leave some to others)."""

    duplicate: bool
    seq: int | None = None
    deliveries: list[Delivery] = field(default_factory=list)


@dataclass(frozen=True)
class Attempt:
    """One try at sending a delivery; `status` is None when no HTTP answer came."""

    at: float
    ok: bool
    status: int | None = None
    body: str = ""
    error: str = ""
    duration_ms: float = 0.0


@dataclass(frozen=True)
class StoredResult:
    """A transform result as the outbox keeps it, read back whatever format version wrote it."""

    doc: dict[str, Any]

    @property
    def webhook(self) -> dict[str, Any] | None:
        w = self.doc.get("webhook")
        return w if isinstance(w, dict) else None

    def to_json(self) -> str:
        return json.dumps({"format": _RESULT_FORMAT, **{k: v for k, v in self.doc.items() if k != "format"}})

    @classmethod
    def from_json(cls, text: str | None) -> StoredResult | None:
        """Format 0 (before versioning) has the same fields, without the `format` key."""
        if not text:
            return None
        doc = json.loads(text)
        version = doc.get("format", 0) if isinstance(doc, dict) else None
        if not isinstance(version, int) or version > _RESULT_FORMAT:
            raise UserError(
                f"a stored result has format {version!r}, newer than this dodo-cio reads ({_RESULT_FORMAT})",
                where="outbox",
                fix="upgrade dodo-cio to the version the relay that wrote it runs",
            )
        return cls({k: v for k, v in doc.items() if k != "format"})


@dataclass(frozen=True)
class DeliverySummary:
    """A row of `outbox list`."""

    id: int
    webhook_id: str
    event_type: str
    endpoint: str
    status: str
    attempts: int
    generation: int
    last_status: int | None
    received_at: float
    updated_at: float
    next_attempt_at: float | None
    waiting_behind: int | None = None  # an earlier open delivery of the same person and endpoint, which must go first

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class DeliveryDetail:
    """A delivery in `outbox show`: the row, its stored result and every attempt."""

    id: int
    endpoint: str
    status: str
    attempts: int
    generation: int
    next_attempt_at: float | None
    last_status: int | None
    last_error: str | None
    result: dict[str, Any] | None
    attempts_made: tuple[Attempt, ...]

    def to_json(self) -> dict[str, Any]:
        doc = dict(self.__dict__)
        doc["attempts_made"] = [dict(a.__dict__) for a in self.attempts_made]
        return doc


@dataclass(frozen=True)
class EventDetail:
    webhook_id: str
    event_type: str
    received_at: float
    event: Any  # the parsed envelope, or the raw text when it is not JSON
    deliveries: tuple[DeliveryDetail, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "webhook_id": self.webhook_id,
            "event_type": self.event_type,
            "received_at": self.received_at,
            "event": self.event,
            "deliveries": [d.to_json() for d in self.deliveries],
        }


class RelayStore(ABC):
    """The outbox as a running relay uses it (from one event loop)."""

    @abstractmethod
    async def start(self) -> None:
        """Migrate or check the schema and take what this relay needs to run (SQLite: the file's lock)."""

    @abstractmethod
    async def ingest(self, event: NewEvent) -> IngestOutcome:
        """Store the event and one pending delivery per endpoint; returns once durable. Dedupes by webhook id."""

    @abstractmethod
    async def claim(self) -> list[Delivery]:
        """Open deliveries this relay should now work on that it was not holding.

        The first call after `start` returns every open delivery to resume; later calls return
        those an operator retried or replayed since (and, in a shared store, those whose holder's
        lease ran out). A returned delivery replaces any copy the relay holds.
        """

    async def renew(self, held: Sequence[int]) -> list[int]:
        """Extend this relay's lease on `held`; returns the ids it lost. A one-relay store never loses any."""
        return []

    async def wait_for_work(self, timeout: float) -> None:
        """Return when `claim` may have something new, at the latest after `timeout` seconds."""
        await asyncio.sleep(timeout)

    async def clear_to_send(self, batch: Sequence[Delivery]) -> tuple[list[Delivery], list[Delivery]]:
        """Just before sending: (may go now, lost to another relay); the rest waits and asks again.

        A one-relay store clears everything. A shared store holds back a delivery while an
        earlier one that must precede it is still open (whichever relay holds it), and clears nothing while its
        database is unreachable (delivery pauses).
        """
        return list(batch), []

    async def wait_for_peers(self) -> None:
        """Return when deliveries finished that may have held some of ours back (never, for a one-relay store)."""
        import asyncio

        await asyncio.Event().wait()

    async def problem(self) -> str | None:
        """Why the store cannot take events right now (for /healthz), or None when it can."""
        return None

    @abstractmethod
    def record_transform(self, d: Delivery, *, result: StoredResult | None, detail: str = "") -> None:
        """The transform stage is done: `d.status` is QUEUED (with `d.person`) or final. Fenced on PENDING."""

    @abstractmethod
    def record_attempt(self, d: Delivery, attempt: Attempt) -> None:
        """An attempt ended: `d.attempts` already counts it and `d.status`/`next_attempt_at` say what next.

        Fenced on the row being open with `d.attempts - 1` attempts.
        """

    @abstractmethod
    async def close(self) -> None:
        """Commit what is queued, release claims and locks."""

    @abstractmethod
    def describe(self) -> str:
        """Where the outbox is, for the start-up line (no password)."""


class OutboxAdmin(ABC):
    """Operator queries and actions (`dodo-cio outbox`); safe while relays run."""

    @abstractmethod
    def list(
        self, *, status: str | None = None, event_type: str | None = None, endpoint: str | None = None, limit: int = 50
    ) -> list[DeliverySummary]:
        """The newest deliveries first."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Deliveries per status."""

    @abstractmethod
    def show(self, ident: str) -> EventDetail:
        """A delivery by number (only that delivery), or an event by webhook-id with all its deliveries."""

    @abstractmethod
    def open_deliveries(self, ids: Sequence[int] | None = None) -> builtins.list[Delivery]:
        """Open deliveries in acceptance order, all or just `ids`."""

    @abstractmethod
    def retry(self, ids: Sequence[int] = (), *, dead: bool = False) -> builtins.list[int]:
        """Send finished deliveries again with a fresh retry schedule; `attempts` keeps counting."""

    @abstractmethod
    def replay(
        self,
        *,
        webhook_ids: Sequence[str] = (),
        since: float | None = None,
        until: float | None = None,
        status: str | None = None,
        endpoint: str | None = None,
    ) -> builtins.list[int]:
        """New deliveries (generation + 1) of the latest generation of each chosen (event, endpoint)."""

    @abstractmethod
    def purge(self, older_than: float, *, include_open: bool = False) -> int:
        """Delete events received before `older_than` whose deliveries are all finished; returns how many."""

    @abstractmethod
    def schema_version(self) -> int:
        """The migration number the database is at."""

    @abstractmethod
    def migrate(self) -> tuple[int, int]:
        """Apply the migrations the database lacks (`outbox migrate`); returns the versions before and after."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> OutboxAdmin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
