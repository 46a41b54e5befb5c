"""Which open delivery may go next: the relay's ordering rules, with no I/O and an injected clock.

The dispatcher tells `Ordering` what happens (`admit`, `transformed`, `settled`, `drop`) and
asks it what may be sent now (`due`). The rules:

- **Per person.** Requests for the same Customer.io person (`customerio.people.person_key`) go
  out in acceptance order (delivery-id order): only the oldest unfinished request of a person
  is ever due, so a later one waits while an earlier one is retrying.
- **Before the transform.** Until an older event of the same Dodo customer has been
  transformed on some endpoint, a request waits for it (that result may be for the same person),
  unless that endpoint's transforms recently ran out of time or memory (`hostile`): a hostile
  transform costs its neighbours one time limit, never a stall. `order_grace_s` bounds the wait.
- **On schedule.** A request is due at its `next_attempt_at`.

Everything runs on the event loop's thread; nothing here blocks or awaits, so the rules are
unit-tested in milliseconds with a fake clock.
"""

from __future__ import annotations

import bisect
import heapq
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .store.base import PENDING, QUEUED, RETRYING, Delivery


@dataclass
class Ordering:
    endpoints: Iterable[str]
    order_grace_s: float = 30.0
    hostile_memory_s: float = 60.0  # how long an endpoint whose transform ran out of time or memory is not waited for
    clock: Callable[[], float] = time.time
    open: dict[int, Delivery] = field(default_factory=dict, init=False)
    in_flight: set[int] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.endpoints = tuple(self.endpoints)
        # (Dodo customer, endpoint) -> ids not transformed yet, ascending
        self._untransformed: dict[tuple[str, str], list[int]] = {}
        self._deferred: dict[str, set[int]] = {}  # Dodo customer -> requests waiting on its older transforms
        self._hostile_until: dict[str, float] = {}
        self._ready_since: dict[int, float] = {}
        self._persons: dict[str, list[int]] = {}  # person -> ascending ids of its unfinished requests
        self._heap: list[tuple[float, int]] = []

    # -- what happened ---------------------------------------------------------------------
    def admit(self, d: Delivery) -> bool:
        """A new, resumed or operator-changed delivery; True when it must be transformed first.

        A newer copy replaces the one held; one in flight is left alone (its outcome decides),
        and one for an endpoint this relay does not run is ignored.
        """
        if d.id in self.in_flight or d.endpoint not in self.endpoints:
            return False
        if d.id in self.open:
            self.drop(d.id)
        self.open[d.id] = d
        if d.status == PENDING:
            bisect.insort(self._untransformed.setdefault((d.customer or "", d.endpoint), []), d.id)
            return True
        self._ready(d)
        return False

    def holds(self, d: Delivery) -> bool:
        """Whether `d` is still the copy in play (an operator action or a lost lease replaces it)."""
        return self.open.get(d.id) is d

    def transformed(self, d: Delivery, *, hostile: bool = False) -> None:
        """The transform stage ended: `d` is QUEUED (to be sent) or finished.

        `hostile`: it ran out of time or memory.
        """
        if hostile:
            self.hostile(d.endpoint)
        if not self.holds(d):
            return
        self._untransformed_done(d)
        if d.status == QUEUED:
            self._ready(d)
        else:
            self.drop(d.id)

    def hostile(self, endpoint: str) -> None:
        """`endpoint`'s transform just ran out of time or memory: its pending transforms hold nobody up for a while."""
        self._hostile_until[endpoint] = self.clock() + self.hostile_memory_s

    def settled(self, d: Delivery) -> None:
        """An attempt ended: RETRYING goes back on the schedule at `next_attempt_at`; any other status is final."""
        self.in_flight.discard(d.id)
        if not self.holds(d):
            return
        if d.status == RETRYING:
            self._push(d)
        else:
            self.drop(d.id)

    def release(self, ids: Iterable[int]) -> None:
        """Attempts that ended without an outcome (cancelled by a stop): whatever is still held is due again."""
        for did in ids:
            if did in self.in_flight:
                self.in_flight.discard(did)
                if did in self.open:
                    self._push(self.open[did])

    def hold_back(self, d: Delivery, until: float) -> None:
        """The store did not let `d` go yet (another relay holds an earlier delivery of its person,
        or the database is unreachable): it is due again at `until`."""
        self.in_flight.discard(d.id)
        if self.holds(d) and d.status in (QUEUED, RETRYING):
            d.next_attempt_at = until
            self._push(d)

    def drop(self, delivery_id: int) -> None:
        """Forget a delivery (finished, replaced, or claimed by another relay); the next of its person may go."""
        d = self.open.pop(delivery_id, None)
        if d is None:
            return
        self._ready_since.pop(d.id, None)
        self._untransformed_done(d)
        ids = self._persons.get(d.person) if d.person is not None else None
        if ids and d.id in ids:
            was_head = ids[0] == d.id
            ids.remove(d.id)
            if not ids:
                del self._persons[d.person]  # type: ignore[arg-type]
            elif was_head:
                self._push(self.open[ids[0]])

    # -- what may go -----------------------------------------------------------------------
    def due(self, limit: int) -> list[Delivery]:
        """Up to `limit` requests that may be sent now, oldest first; they count as in flight until `settled`."""
        now = self.clock()
        batch: list[Delivery] = []
        deferred: list[tuple[float, int]] = []
        while self._heap and self._heap[0][0] <= now and len(batch) < limit:
            at, did = heapq.heappop(self._heap)
            d = self.open.get(did)
            if d is None or d.status not in (QUEUED, RETRYING) or did in self.in_flight or at != d.next_attempt_at:
                continue  # a stale entry: finished, replaced, or rescheduled since
            self.in_flight.add(did)  # now, so a second entry for it in this same pass is stale too
            if d.person is not None and self._persons.get(d.person, [None])[0] != did:
                self.in_flight.discard(did)
                continue  # not its person's oldest; pushed again when it is
            if self._blocked_by_older_transform(d, now):
                self.in_flight.discard(did)
                # woken by the transform it waits for, or by the grace running out
                self._deferred.setdefault(d.customer or "", set()).add(did)
                deferred.append((self._ready_since.get(did, now) + self.order_grace_s, did))
                continue
            batch.append(d)
        for at, did in deferred:
            self.open[did].next_attempt_at = at
            heapq.heappush(self._heap, (at, did))
        return batch

    def next_due(self) -> float | None:
        """When the earliest scheduled request comes due (it may turn out stale), or None."""
        return self._heap[0][0] if self._heap else None

    def waiting_behind(self, d: Delivery) -> int | None:
        """The earlier request of the same person that `d` waits for, if any."""
        ids = self._persons.get(d.person) if d.person is not None else None
        return ids[0] if ids and ids[0] != d.id else None

    # -- internals -------------------------------------------------------------------------
    def _ready(self, d: Delivery) -> None:
        self._ready_since[d.id] = self.clock()
        if d.person is None:
            self._push(d)
            return
        ids = self._persons.setdefault(d.person, [])
        if d.id not in ids:
            bisect.insort(ids, d.id)  # acceptance order is delivery-id order; replays and resumes can arrive out of it
        if ids[0] == d.id:
            self._push(d)

    def _push(self, d: Delivery) -> None:
        heapq.heappush(self._heap, (d.next_attempt_at, d.id))

    def _untransformed_done(self, d: Delivery) -> None:
        key = (d.customer or "", d.endpoint)
        waiting = self._untransformed.get(key)
        if waiting is None:
            return
        i = bisect.bisect_left(waiting, d.id)
        if i < len(waiting) and waiting[i] == d.id:
            del waiting[i]
            if not waiting:
                del self._untransformed[key]
            now = self.clock()
            for did in self._deferred.pop(key[0], ()):  # they were due; they may go now
                if did in self.open:
                    self.open[did].next_attempt_at = now
                    self._push(self.open[did])

    def _blocked_by_older_transform(self, d: Delivery, now: float) -> bool:
        """An older event of the same Dodo customer is still being transformed on a non-hostile endpoint."""
        customer = d.customer or ""
        for endpoint in self.endpoints:
            waiting = self._untransformed.get((customer, endpoint))
            if waiting and waiting[0] < d.id and self._hostile_until.get(endpoint, 0.0) < now:
                return now < self._ready_since.get(d.id, now) + self.order_grace_s
        return False
