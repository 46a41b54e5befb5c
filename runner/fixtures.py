"""Step 1 of the pipeline: sample Dodo envelopes `{business_id, type, timestamp, data}`.

We ship one realistic envelope per Dodo event type; users add their own files and folders,
and real deliveries saved from the dashboard. Loading is lenient on purpose: events in the
wild lack fields that the SDK marks required, and a transform should still run on them.
Only our shipped fixtures are held to the SDK's models (in the tests).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import strictjson
from .errors import UserError
from .files import read_capped
from .resources import data_dir

# Family -> event types, in the order of Dodo's `WebhookEventType` (the SDK's literal).
FAMILIES: dict[str, tuple[str, ...]] = {
    "payment": ("payment.succeeded", "payment.failed", "payment.processing", "payment.cancelled"),
    "refund": ("refund.succeeded", "refund.failed"),
    "dispute": (
        "dispute.opened",
        "dispute.expired",
        "dispute.accepted",
        "dispute.cancelled",
        "dispute.challenged",
        "dispute.won",
        "dispute.lost",
    ),
    "subscription": (
        "subscription.active",
        "subscription.renewed",
        "subscription.on_hold",
        "subscription.past_due",
        "subscription.paused",
        "subscription.unpaused",
        "subscription.cancelled",
        "subscription.failed",
        "subscription.expired",
        "subscription.plan_changed",
        "subscription.updated",
        "subscription.update_payment_method",
    ),
    "license_key": ("license_key.created",),
    "payout": ("payout.created", "payout.on_hold", "payout.in_progress", "payout.failed", "payout.success"),
    "credit": (
        "credit.added",
        "credit.deducted",
        "credit.expired",
        "credit.rolled_over",
        "credit.rollover_forfeited",
        "credit.overage_charged",
        "credit.overage_reset",
        "credit.manual_adjustment",
        "credit.balance_low",
    ),
    "abandoned_checkout": ("abandoned_checkout.detected", "abandoned_checkout.recovered"),
    "dunning": ("dunning.started", "dunning.recovered"),
    "entitlement_grant": (
        "entitlement_grant.created",
        "entitlement_grant.delivered",
        "entitlement_grant.failed",
        "entitlement_grant.revoked",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(t for types in FAMILIES.values() for t in types)
_FAMILY_OF = {t: family for family, types in FAMILIES.items() for t in types}

# `data.payload_type` on the wire -> the family, so a bare `data` object gets a concrete hint.
_PAYLOAD_TYPE_FAMILY = {
    "Payment": "payment",
    "Refund": "refund",
    "Dispute": "dispute",
    "Subscription": "subscription",
    "LicenseKey": "license_key",
    "Payout": "payout",
    "CreditLedgerEntry": "credit",
    "CreditBalanceLow": "credit",
    "AbandonedCheckout": "abandoned_checkout",
    "DunningAttempt": "dunning",
    "EntitlementGrant": "entitlement_grant",
}

# Event types that third-party guides use but Dodo never sends -> what Dodo sends instead.
_NOT_SENT_BY_DODO = {
    "subscription.created": "subscription.active",
    "payment.refunded": "refund.succeeded",
    "checkout.completed": "payment.succeeded",
}

_LIST_HINT = "`dodo-cio fixtures list` shows the sample events"
_MAX_EVENT_BYTES = 1 << 20  # as the relay accepts: Dodo's envelopes are a few KB


@dataclass(frozen=True)
class Fixture:
    """One envelope. `name` is what users type (the file name without `.json`)."""

    name: str
    event_type: str
    envelope: dict[str, Any]
    path: Path | None = None

    @property
    def family(self) -> str | None:
        return _family_of(self.event_type)


def dodo_order(fixture: Fixture) -> tuple[int, str]:
    """Sort key: Dodo's event order, then the fixture's name; unknown event types last."""
    index = EVENT_TYPES.index(fixture.event_type) if fixture.event_type in EVENT_TYPES else len(EVENT_TYPES)
    return index, fixture.name


def _family_of(event_type: str) -> str | None:
    """The Dodo family of an event type, or None for a type Dodo does not send."""
    return _FAMILY_OF.get(event_type)


def load_fixtures(paths: Iterable[str | Path] = ()) -> list[Fixture]:
    """Load files and folders (every `*.json` below a folder); no paths: the shipped ones.

    A folder's events come in Dodo's order (`EVENT_TYPES`: payment first, as Dodo's docs,
    `fixtures list`, `check` and the editor show them), then by name; types Dodo does not
    send go last. Files named one by one keep the order given.
    """
    out: list[Fixture] = []
    for path in list(paths) or [data_dir("fixtures")]:
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*.json") if f.is_file())
            if not files:
                raise UserError(
                    "no .json fixtures in this folder",
                    where=str(p),
                    fix="add envelopes saved as <name>.json, or pass a file",
                )
            out.extend(sorted((_load(f, f.relative_to(p).with_suffix("").as_posix()) for f in files), key=dodo_order))
        else:
            out.append(load_payload_file(p))
    return out


def load_payload_file(path: str | Path) -> Fixture:
    """A user's envelope file (`--payload`): a JSON object with a string `type`, nothing more."""
    p = Path(path)
    return _load(p, _without_json(p.name))


def unknown_type_warning(event_type: str) -> str | None:
    """Why an event type no transform will recognise is suspicious, or None for one of Dodo's 48.

    Transforms branch on `webhook.eventType`, so a misspelt type quietly runs as `unchanged`.
    """
    if event_type in EVENT_TYPES:
        return None
    if event_type in _NOT_SENT_BY_DODO:
        return f"Dodo never sends {event_type!r}; it sends {_NOT_SENT_BY_DODO[event_type]} instead"
    close = difflib.get_close_matches(event_type, EVENT_TYPES, n=3, cutoff=0.6)
    guess = f"; did you mean {_either(close)}?" if close else f"; {_LIST_HINT}"
    return (
        f"{event_type!r} is not one of Dodo's {len(EVENT_TYPES)} event types, "
        f"so transforms will likely leave it unchanged{guess}"
    )


def find_fixture(name_or_type: str, fixtures: list[Fixture] | None = None) -> Fixture:
    """Pick a fixture by its name or its event type; an unknown one lists the close matches."""
    fixtures = load_fixtures() if fixtures is None else fixtures
    wanted = _without_json(name_or_type)
    for fx in fixtures:
        if fx.name == wanted:
            return fx
    for fx in fixtures:
        if fx.event_type == wanted:
            return fx
    if wanted in _NOT_SENT_BY_DODO:
        instead = _NOT_SENT_BY_DODO[wanted]
        raise UserError(f"Dodo never sends {wanted!r}", fix=f"use {instead} instead; {_LIST_HINT}")
    known = list(dict.fromkeys([f.name for f in fixtures] + [f.event_type for f in fixtures]))
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    fix = f"did you mean {_either(close)}? " if close else ""
    raise UserError(f"no fixture named {name_or_type!r}", fix=fix + _LIST_HINT)


def _without_json(name: str) -> str:
    return name[: -len(".json")] if name.endswith(".json") else name


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _load(path: Path, name: str) -> Fixture:
    envelope = _check_envelope(_read_json(path), path)
    return Fixture(name=name, event_type=envelope["type"], envelope=envelope, path=path)


def _read_json(path: Path) -> Any:
    if path.is_dir():
        raise UserError(
            "is a folder, not an event file",
            where=str(path),
            fix="name a .json file, or pass the folder with --fixtures",
        )
    try:
        text = read_capped(path, _MAX_EVENT_BYTES, "a Dodo event").decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError("no such event file or folder", where=str(path), fix=f"check the path; {_LIST_HINT}") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"not UTF-8 text (byte {exc.start})", where=str(path), fix="save the file as UTF-8") from None
    except OSError as exc:
        raise UserError(f"cannot read the event file: {exc.strerror}", where=str(path)) from None
    try:
        return strictjson.loads(text, what="the event")
    except strictjson.JSONError as err:
        bad = err.decode_error
        if bad is None:  # too deep, or NaN/Infinity
            raise UserError(
                str(err), where=str(path), fix="an event is plain JSON: finite numbers, at most 256 levels of nesting"
            ) from None
        comma = _trailing_comma(bad)
        if comma is not None:
            bracket = bad.doc[comma + 1 :].lstrip()[:1]
            raise UserError(
                f"invalid JSON: trailing comma before {bracket}",
                where=f"{path}:{_line_col(bad.doc, comma)}",
                fix="JSON allows no trailing comma before } or ]; delete it",
            ) from None
        raise UserError(
            f"invalid JSON: {bad.msg}", where=f"{path}:{bad.lineno}:{bad.colno}", fix=_json_fix(bad)
        ) from None


def _trailing_comma(exc: json.JSONDecodeError) -> int | None:
    """The offset of a comma right before `}` or `]`, however this Python words the error.

    Python 3.13 says "Illegal trailing comma" at the comma; older versions say "Expecting
    property name" or "Expecting value" at the bracket. Both point at the comma here.
    """
    doc, pos = exc.doc, exc.pos
    if doc[pos : pos + 1] == ",":
        pos = len(doc) - len(doc[pos + 1 :].lstrip())
    if doc[pos : pos + 1] not in ("}", "]"):
        return None
    before = doc[:pos].rstrip()
    return len(before) - 1 if before.endswith(",") else None


def _line_col(doc: str, pos: int) -> str:
    line = doc.count("\n", 0, pos) + 1
    return f"{line}:{pos - (doc.rfind(chr(10), 0, pos) + 1) + 1}"


def _json_fix(exc: json.JSONDecodeError) -> str:
    """Name the usual culprit: JavaScript object syntax pasted where JSON is needed."""
    if not exc.doc.strip():
        return "the file is empty; paste a Dodo webhook envelope into it"
    if exc.msg.startswith("Expecting property name"):
        return "JSON needs double-quoted keys and no trailing comma before } or ]"
    if exc.msg.startswith("Expecting value"):
        return (
            "JSON values are double-quoted strings, numbers, true, false, null, objects or arrays "
            "(no trailing commas, no comments)"
        )
    if exc.msg.startswith("Extra data"):
        return "the file holds more than one JSON value; keep one envelope per file"
    return "correct the JSON at that line and column"


def _check_envelope(doc: Any, path: Path) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise UserError(
            f"the event is a JSON {_json_kind(doc)}, not an object",
            where=str(path),
            fix='save one envelope {"business_id", "type", "timestamp", "data"} per file',
        )
    event_type = doc.get("type")
    if isinstance(event_type, str) and event_type:
        return doc
    if "type" in doc:
        raise UserError(
            f'"type" must be a non-empty string, not {json.dumps(event_type)}',
            where=str(path),
            fix=f'set "type" to a Dodo event type such as "payment.succeeded"; {_LIST_HINT}',
        )
    raise UserError('the event has no "type"', where=str(path), fix=_missing_type_fix(doc))


def _missing_type_fix(doc: dict[str, Any]) -> str:
    data = doc.get("data")
    payload_type = (data if isinstance(data, dict) else doc).get("payload_type")
    family = _PAYLOAD_TYPE_FAMILY.get(payload_type) if isinstance(payload_type, str) else None
    if "data" in doc:
        example = FAMILIES[family][0] if family else "payment.succeeded"
        return f'add the event type, e.g. "type": "{example}"'
    example = FAMILIES[family][0] if family else "<event type>"
    return (
        "this looks like a bare `data` object; wrap it in the envelope "
        f'{{"business_id": "bus_...", "type": "{example}", "timestamp": "2026-01-14T13:26:02Z", "data": {{...}}}}'
    )


def _json_kind(doc: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(doc), "number")
