"""What a Customer.io workspace remembers, as far as the Track API lets you see it.

Only valid operations reach `apply` (validation is `validate.py`'s job). Where Customer.io's
behaviour on edge cases is undocumented we pick the obvious reading and say so:
- an event, device or relationship for an unknown person creates that person (UNVERIFIED);
- `_update: true` on an unknown person does nothing (documented);
- merge with an unknown primary does nothing and is recorded as not applied (documented:
  "primary must already exist");
- a repeated event `id` is accepted but stored once; the dedupe window is forever here
  (the real window is not documented);
- an identify whose `timestamp` is older than the last applied one changes nothing (the
  documented purpose of that field: ordering rapid attribute updates);
- CHOICE: v1 delete and delete_device on an unknown person answer 200 and change nothing
  (the spec documents only 200 and 401 for them); v1 add_device creates the person, as v2's does;
- CHOICE: segment ids are not checked against a segment list (the emulator has none): a
  manual segment exists from its first add_customers; ids naming nobody are ignored, as the
  spec says of ids that do not match `id_type`;
- CHOICE: metrics and unsubscribes for deliveries the emulator never sent (all of them) are
  recorded, not refused: Customer.io documents no error for an unknown delivery_id;
- CHOICE: a form submission is recorded and identifies the person its `email` (or `id`)
  names, with the other fields as attributes (what a connected form does in Customer.io).
Reads and writes happen on different threads (the server loop, a test), hence the lock.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from ..customerio.people import PERSON_ID_KINDS as PERSON_KEYS, normalise as _norm, v1_person


def _merge_attributes(target: dict[str, Any], changes: dict[str, Any]) -> None:
    """Null or "" removes an attribute (documented for objects/relationships; same for people)."""
    for key, value in changes.items():
        if key == "_update":
            continue
        if value is None or value == "":
            target.pop(key, None)
        elif key == "cio_subscription_preferences" and isinstance(value, dict):
            prefs = target.setdefault(key, {})
            prefs.setdefault("topics", {}).update(value.get("topics") or {})
        else:
            target[key] = copy.deepcopy(value)


class Workspace:
    """People, objects, relationships, devices, segments; deletes, merges, metrics, forms, unsubscribes;
    a request log.
    """

    def __init__(self, *, log_size: int = 5000, log_budget_bytes: int = 64 << 20) -> None:
        self._lock = threading.RLock()
        self._log_size = log_size
        self._log_budget = log_budget_bytes
        self.observers: list[
            Callable[[dict[str, Any]], None]
        ] = []  # called with each logged request (the CLI prints it)
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._people: dict[str, dict[str, Any]] = {}  # cio_id -> person
            self._index: dict[tuple[str, str], str] = {}  # (kind, value) -> cio_id
            self._objects: dict[tuple[str, str], dict[str, Any]] = {}  # (object_type_id, object_id) -> object
            self._relationships: dict[tuple[str, str, str], dict[str, Any]] = {}  # (cio_id, type, object_id) -> attrs
            self._event_ids: set[str] = set()
            self._suppressed: set[tuple[str, str]] = set()
            self.deletes: list[dict[str, Any]] = []
            self.merges: list[dict[str, Any]] = []
            self.metrics: list[dict[str, Any]] = []  # delivery metrics: v2 delivery events, /metrics, /push/events
            self.unsubscribes: list[dict[str, Any]] = []
            self.anonymous_events: list[dict[str, Any]] = []  # events whose anonymous_id no person has (yet)
            self.segments: dict[str, list[str]] = {}  # segment id -> cio_ids, in order of adding
            self.forms: list[dict[str, Any]] = []
            self.duplicates = 0
            self._seq = itertools.count(1)
            self._requests: deque[dict[str, Any]] = deque()
            self._log_bytes = 0

    # ------------------------------------------------------------ people
    def _find(self, ids: dict[str, Any]) -> dict[str, Any] | None:
        for kind in PERSON_KEYS:
            value = ids.get(kind)
            if isinstance(value, str):
                cio = self._index.get((kind, _norm(kind, value)))
                if cio is not None:
                    return self._people[cio]
        return None

    def _index_person(self, person: dict[str, Any], kind: str, value: str) -> None:
        key = (kind, _norm(kind, value))
        if self._index.get(key, person["cio_id"]) != person["cio_id"]:
            return  # belongs to someone else: Customer.io logs an attribute update failure
        old = person["identifiers"].get(kind)
        if old is not None:
            self._index.pop((kind, _norm(kind, old)), None)
        person["identifiers"][kind] = value
        self._index[key] = person["cio_id"]

    def _person(self, ids: dict[str, Any], now: float, *, create: bool = True) -> dict[str, Any] | None:
        person = self._find(ids)
        if person is None and create and not ids.get("cio_id"):
            cio = f"{len(self._people) + len(self.deletes) + 1:08x}"
            while cio in self._people:
                cio += "0"
            person = {
                "cio_id": cio,
                "identifiers": {},
                "attributes": {},
                "events": [],
                "devices": {},
                "created_at": now,
                "updated_at": now,
            }
            self._people[cio] = person
            self._index[("cio_id", cio)] = cio
            for kind in ("id", "email", "phone", "anonymous_id"):
                if isinstance(ids.get(kind), str):
                    self._index_person(person, kind, ids[kind])
        return person

    def _event(
        self, name: str, kind: str, attrs: Any, timestamp: Any, event_id: Any, now: float
    ) -> dict[str, Any] | None:
        """A new event record, or None for a repeated event id (stored once)."""
        if isinstance(event_id, str):
            if event_id in self._event_ids:
                self.duplicates += 1
                return None
            self._event_ids.add(event_id)
        return {
            "name": name.strip(),
            "type": kind,
            "attributes": copy.deepcopy(attrs or {}),
            "timestamp": int(timestamp) if timestamp is not None else int(now),
            "id": event_id,
            "received_at": now,
        }

    def _add_event(
        self, person: dict[str, Any], name: str, kind: str, attrs: Any, timestamp: Any, event_id: Any, now: float
    ) -> None:
        event = self._event(name, kind, attrs, timestamp, event_id, now)
        if event is not None:
            person["events"].append(event)

    @staticmethod
    def _stale(person: dict[str, Any], timestamp: Any) -> bool:
        """identify's `timestamp` orders attribute updates: an older one than applied is skipped."""
        if timestamp is None:
            return False
        if timestamp < person.get("attributes_timestamp", timestamp):
            return True
        person["attributes_timestamp"] = int(timestamp)
        return False

    def _identify(self, person: dict[str, Any], attrs: dict[str, Any], now: float) -> None:
        _merge_attributes(person["attributes"], attrs)
        for kind in ("id", "email", "anonymous_id"):
            if isinstance(attrs.get(kind), str) and attrs[kind]:
                self._index_person(person, kind, attrs[kind])
        anonymous_id = person["identifiers"].get("anonymous_id")
        if anonymous_id is not None:  # "events bearing the same anonymous value are associated with this person"
            mine = [e for e in self.anonymous_events if e["anonymous_id"] == anonymous_id]
            self.anonymous_events = [e for e in self.anonymous_events if e["anonymous_id"] != anonymous_id]
            person["events"] = sorted(person["events"] + mine, key=lambda e: e["received_at"])
        person["updated_at"] = now

    def _delete_person(self, person: dict[str, Any], now: float, reason: str = "delete") -> None:
        cio = person["cio_id"]
        del self._people[cio]
        for key in [k for k, v in self._index.items() if v == cio]:
            del self._index[key]
        for rel in [k for k in self._relationships if k[0] == cio]:
            del self._relationships[rel]
        for members in self.segments.values():
            if cio in members:
                members.remove(cio)
        self.deletes.append(
            {"type": "person", "identifiers": dict(person["identifiers"], cio_id=cio), "reason": reason, "at": now}
        )

    # ------------------------------------------------------------ objects
    def _object(self, ids: dict[str, Any], now: float, *, create: bool = True) -> dict[str, Any] | None:
        if "cio_object_id" in ids:
            return next((o for o in self._objects.values() if o["cio_object_id"] == ids["cio_object_id"]), None)
        key = (ids["object_type_id"], ids["object_id"])
        obj = self._objects.get(key)
        if obj is None and create:
            obj = {
                "object_type_id": key[0],
                "object_id": key[1],
                "cio_object_id": f"ob{len(self._objects) + 1:010x}",
                "attributes": {},
                "anonymous_relationships": {},
                "created_at": now,
                "updated_at": now,
            }
            self._objects[key] = obj
        return obj

    def _relate(self, person: dict[str, Any], obj: dict[str, Any], attrs: Any, add: bool) -> None:
        key = (person["cio_id"], obj["object_type_id"], obj["object_id"])
        if add:
            _merge_attributes(self._relationships.setdefault(key, {}), attrs or {})
        else:
            self._relationships.pop(key, None)

    # ------------------------------------------------------------ operations
    def apply(self, op: dict[str, Any], now: float | None = None) -> None:
        """Apply one valid v2 operation."""
        now = time.time() if now is None else now
        with self._lock:
            getattr(self, f"_v2_{op['type']}")(op, op["action"], now)

    def _v2_person(self, op: dict[str, Any], action: str, now: float) -> None:
        if action == "merge":
            self._merge(op["primary"], op["secondary"], now)
            return
        ids = op["identifiers"]
        attrs = op.get("attributes") or {}
        if action == "identify":
            person = self._person(ids, now, create=not attrs.get("_update"))
            if person is not None and not self._stale(person, op.get("timestamp")):
                self._identify(person, attrs, now)
                for rel in op.get("cio_relationships") or []:
                    obj = self._object(rel["identifiers"], now)
                    if obj is not None:  # an unknown cio_object_id names nothing to relate to
                        self._relate(person, obj, rel.get("relationship_attributes"), True)
            return
        if action in ("suppress", "unsuppress"):
            self._suppress(ids, action == "suppress")
            return
        if action == "delete":
            person = self._person(ids, now, create=False)
            if person is not None:
                self._delete_person(person, now)
            return
        person = self._person(ids, now)
        if person is None:  # an unknown cio_id: Customer.io drops the request
            return
        if action in ("event", "page", "screen"):
            self._add_event(person, op["name"], action, attrs, op.get("timestamp"), op.get("id"), now)
        elif action == "add_device":
            device = op["device"]
            person["devices"][device["token"]] = {
                "platform": device["platform"],
                "last_used": device.get("last_used", int(now)),
                "attributes": dict(device.get("attributes") or {}),
            }
        elif action == "delete_device":
            person["devices"].pop(op["device"]["token"], None)
        elif action in ("add_relationships", "delete_relationships"):
            for rel in op["cio_relationships"]:
                obj = self._object(rel["identifiers"], now, create=action == "add_relationships")
                if obj is not None:
                    self._relate(person, obj, rel.get("relationship_attributes"), action == "add_relationships")
        person["updated_at"] = now

    def _v2_object(self, op: dict[str, Any], action: str, now: float) -> None:
        obj = self._object(
            op["identifiers"], now, create=action in ("identify", "identify_anonymous", "add_relationships")
        )
        if obj is None:
            return
        if action == "delete":
            key = (obj["object_type_id"], obj["object_id"])
            del self._objects[key]
            for rel in [k for k in self._relationships if k[1:] == key]:
                del self._relationships[rel]
            self.deletes.append(
                {"type": "object", "identifiers": {"object_type_id": key[0], "object_id": key[1]}, "at": now}
            )
            return
        _merge_attributes(obj["attributes"], op.get("attributes") or {})
        obj["updated_at"] = now
        for rel in op.get("cio_relationships") or []:
            ids, attrs = rel["identifiers"], rel.get("relationship_attributes")
            if action == "identify_anonymous":
                _merge_attributes(obj["anonymous_relationships"].setdefault(ids["anonymous_id"], {}), attrs or {})
                continue
            person = self._person(ids, now, create=action != "delete_relationships")
            if person is not None:
                self._relate(person, obj, attrs, action != "delete_relationships")

    def _suppress(self, ids: Mapping[str, Any], on: bool) -> None:
        marks = {(k, _norm(k, v)) for k, v in ids.items() if isinstance(v, str)}
        (self._suppressed.update if on else self._suppressed.difference_update)(marks)

    def _v2_delivery(self, op: dict[str, Any], action: str, now: float) -> None:
        self._metric("v2", op["identifiers"]["id"], op["name"], op["attributes"], now)

    def _metric(self, source: str, delivery_id: str, metric: str, fields: Any, now: float) -> None:
        # CHOICE: recorded whatever the delivery_id (the emulator sends no messages, so none is known)
        self.metrics.append(
            {"delivery_id": delivery_id, "metric": metric, "source": source, "fields": copy.deepcopy(fields), "at": now}
        )

    def _merge(self, primary_ids: dict[str, Any], secondary_ids: dict[str, Any], now: float) -> None:
        primary = self._person(primary_ids, now, create=False)
        secondary = self._person(secondary_ids, now, create=False)
        applied = primary is not None and secondary is not None and primary is not secondary
        self.merges.append({"primary": primary_ids, "secondary": secondary_ids, "applied": applied, "at": now})
        if primary is None or secondary is None or not applied:
            return
        for key, value in secondary["attributes"].items():
            primary["attributes"].setdefault(key, value)
        primary["events"] = sorted(primary["events"] + secondary["events"], key=lambda e: e["received_at"])
        for token, device in secondary["devices"].items():
            primary["devices"].setdefault(token, device)
        for (cio, type_id, object_id), attrs in list(self._relationships.items()):
            if cio == secondary["cio_id"]:
                self._relationships.setdefault((primary["cio_id"], type_id, object_id), attrs)
        for members in self.segments.values():
            if secondary["cio_id"] in members and primary["cio_id"] not in members:
                members.append(primary["cio_id"])
        self._delete_person(secondary, now, reason="merged")
        primary["updated_at"] = now

    # ------------------------------------------------------------ v1
    def apply_v1(
        self, kind: str, params: Mapping[str, str], query: Mapping[str, list[str]], body: Any, now: float | None = None
    ) -> None:
        """Apply one valid v1 (or /unsubscribe) request of route `kind` with its decoded path parameters."""
        now = time.time() if now is None else now
        with self._lock:
            getattr(self, f"_{kind}")(params, query, body if isinstance(body, dict) else {}, now)

    def _v1_who(self, params: Mapping[str, str]) -> dict[str, Any]:
        kind, value = v1_person(params["identifier"])
        return {kind: value}

    def _v1_identify(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        person = self._person(self._v1_who(params), now, create=not body.get("_update"))
        if person is None:
            return
        rels = body.get("cio_relationships")
        attrs = {k: v for k, v in body.items() if k not in ("cio_relationships", "_timestamp")}
        self._identify(person, attrs, now)
        if isinstance(rels, dict):
            add = rels.get("action", "add_relationships") != "delete_relationships"
            for rel in rels.get("relationships") or []:
                obj = self._object(rel["identifiers"], now, create=add)
                if obj is not None:
                    self._relate(person, obj, rel.get("relationship_attributes"), add)

    def _v1_delete(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        person = self._person(self._v1_who(params), now, create=False)
        if person is not None:
            self._delete_person(person, now)

    def _v1_event(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        person = self._person(self._v1_who(params), now)
        if person is not None:
            self._add_event(
                person,
                body["name"],
                body.get("type", "event"),
                body.get("data"),
                body.get("timestamp"),
                body.get("id"),
                now,
            )

    def _v1_anonymous_event(self, params: Any, query: Any, body: dict[str, Any], now: float) -> None:
        event = self._event(
            body["name"], body.get("type", "event"), body.get("data"), body.get("timestamp"), body.get("id"), now
        )
        if event is None:
            return
        anonymous_id = body.get("anonymous_id")
        person = self._find({"anonymous_id": anonymous_id}) if anonymous_id else None
        if person is not None:
            person["events"].append(event)
        else:
            self.anonymous_events.append({"anonymous_id": anonymous_id, **event})

    def _v1_add_device(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        person = self._person(self._v1_who(params), now)
        device = body["device"]
        if person is not None:
            person["devices"][device["id"]] = {
                "platform": device["platform"],
                "last_used": device.get("last_used", int(now)),
                "attributes": dict(device.get("attributes") or {}),
            }
            person["updated_at"] = now

    def _v1_delete_device(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        person = self._person(self._v1_who(params), now, create=False)
        if person is not None:
            person["devices"].pop(params["device_id"], None)

    def _v1_suppress(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        self._suppress(self._v1_who(params), True)

    def _v1_unsuppress(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        self._suppress(self._v1_who(params), False)

    def _v1_merge(self, params: Any, query: Any, body: dict[str, Any], now: float) -> None:
        self._merge(body["primary"], body["secondary"], now)

    def _segment_members(self, query: Mapping[str, list[str]], body: dict[str, Any]) -> list[str]:
        id_type = query.get("id_type", ["id"])[0]
        found = (self._find({id_type: value}) for value in body["ids"])
        return [p["cio_id"] for p in found if p is not None]

    def _v1_segment_add(
        self, params: Mapping[str, str], query: Mapping[str, list[str]], body: dict[str, Any], now: float
    ) -> None:
        # CHOICE: any segment id is accepted (there is no segment list here); see the module docstring
        members = self.segments.setdefault(params["segment_id"], [])
        members.extend(c for c in dict.fromkeys(self._segment_members(query, body)) if c not in members)

    def _v1_segment_remove(
        self, params: Mapping[str, str], query: Mapping[str, list[str]], body: dict[str, Any], now: float
    ) -> None:
        gone = set(self._segment_members(query, body))
        members = self.segments.get(params["segment_id"], [])
        members[:] = [c for c in members if c not in gone]

    def _v1_form_submit(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        data = body["data"]
        self.forms.append({"form_id": params["form_id"], "data": copy.deepcopy(data), "at": now})
        who = {k: data[k] for k in ("email", "id") if isinstance(data.get(k), str) and data[k]}
        person = self._person(who, now) if who else None
        if person is not None:
            self._identify(person, {k: v for k, v in data.items() if k not in who}, now)

    def _v1_metrics(self, params: Any, query: Any, body: dict[str, Any], now: float) -> None:
        self._metric(
            "metrics",
            body["delivery_id"],
            body["metric"],
            {k: v for k, v in body.items() if k not in ("delivery_id", "metric")},
            now,
        )

    def _v1_push_events(self, params: Any, query: Any, body: dict[str, Any], now: float) -> None:
        self._metric(
            "push",
            body["delivery_id"],
            body["event"],
            {k: v for k, v in body.items() if k not in ("delivery_id", "event")},
            now,
        )

    def _unsubscribe(self, params: Mapping[str, str], query: Any, body: dict[str, Any], now: float) -> None:
        self.unsubscribes.append(
            {"delivery_id": params["delivery_id"], "unsubscribe": body.get("unsubscribe", False), "at": now}
        )

    # ------------------------------------------------------------ request log
    def log_request(self, entry: dict[str, Any]) -> None:
        """Record one request (the caller leaves out Authorization).

        The log keeps the newest `log_size` requests whose bodies fit `log_budget_bytes`, so
        a long soak against the emulator cannot exhaust memory.
        """
        with self._lock:
            self._requests.append({"seq": next(self._seq), "at": time.time(), **entry})
            self._log_bytes += entry.get("body_bytes", 0)
            while len(self._requests) > 1 and (
                len(self._requests) > self._log_size or self._log_bytes > self._log_budget
            ):
                self._log_bytes -= self._requests.popleft().get("body_bytes", 0)
            logged = self._requests[-1]
        for observe in self.observers:
            observe(logged)

    # ------------------------------------------------------------ read-only views
    def _person_json(self, person: dict[str, Any]) -> dict[str, Any]:
        cio = person["cio_id"]
        out = copy.deepcopy(person)
        out["relationships"] = [
            {"object_type_id": t, "object_id": o, "relationship_attributes": copy.deepcopy(a)}
            for (c, t, o), a in self._relationships.items()
            if c == cio
        ]
        out["suppressed"] = any((k, _norm(k, v)) in self._suppressed for k, v in person["identifiers"].items())
        out["segments"] = sorted(s for s, members in self.segments.items() if cio in members)
        return out

    def people(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._person_json(p) for p in self._people.values()]

    def person(self, key: str) -> dict[str, Any] | None:
        """A person by id, email, phone or cio_id (tried in that order)."""
        with self._lock:
            for kind in ("id", "email", "phone", "cio_id"):
                cio = self._index.get((kind, _norm(kind, key)))
                if cio is not None:
                    return self._person_json(self._people[cio])
            return None

    def events(self, key: str) -> list[dict[str, Any]]:
        person = self.person(key)
        return person["events"] if person else []

    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(list(self._requests))

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "people": self.people(),
                "objects": [copy.deepcopy(o) for o in self._objects.values()],
                "deletes": copy.deepcopy(self.deletes),
                "merges": copy.deepcopy(self.merges),
                "metrics": copy.deepcopy(self.metrics),
                "unsubscribes": copy.deepcopy(self.unsubscribes),
                "anonymous_events": copy.deepcopy(self.anonymous_events),
                "segments": {s: list(members) for s, members in self.segments.items()},
                "forms": copy.deepcopy(self.forms),
                "suppressed": sorted(f"{k}:{v}" for k, v in self._suppressed),
                "duplicate_events": self.duplicates,
                "requests": len(self._requests),
            }
