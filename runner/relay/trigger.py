"""Signed test events, built and sent the way Dodo sends them (Standard Webhooks).

`dodo-cio trigger`, the reliability tests and the benchmark share this, so all three exercise
the relay with exactly what Dodo puts on the wire: `webhook-id` (`msg_` + a ULID),
`webhook-timestamp` (Unix seconds), `webhook-signature` (`v1,<base64 HMAC-SHA256>` of
`id.timestamp.body`), `Content-Type: application/json`. `send_signed` is `trigger`'s sender:
it reports each answer as it comes; `trigger_render` words it.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import difflib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
from standardwebhooks import Webhook

from .. import envvars, strictjson
from ..customerio.ulid import new_ulid
from ..errors import UserError

DEFAULT_RELAY_URL = "http://127.0.0.1:8787/webhooks/dodo"


def new_secret() -> str:
    """A fresh `whsec_` signing secret shaped like Dodo's (24 random bytes, base64), for local relays."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def new_webhook_id() -> str:
    return f"msg_{new_ulid()}"


def parse_value(text: str, path: str = "", level: int = 1) -> Any:
    """`42` -> 42, `true` -> True, `{"a":1}` -> dict; what is not JSON (`x@y.z`, `NaN`, `[1,`) -> the string itself.

    Read with the strict reader, so the event stays one the relay accepts: a value `level`
    levels down may nest only as deep as the rest of the limit allows (a usage error past
    that, never a crash), and `NaN`/`Infinity`, which are not JSON, stay strings.
    """
    limit = strictjson.MAX_DEPTH - level
    try:
        return strictjson.loads(text, max_depth=limit, what="the value")
    except strictjson.JSONDepthError as exc:
        raise UserError(
            f"--set {path}: {exc} (an event nests at most {strictjson.MAX_DEPTH} levels; the relay refuses deeper)",
            fix=f"give {path} a value that nests at most {limit} levels",
        ) from None
    except strictjson.JSONError:
        return text


def split_set(item: str) -> tuple[list[str], str]:
    """`data.customer.email=x@y.z` -> (["data", "customer", "email"], "x@y.z")."""
    path, sep, raw = item.partition("=")
    keys = path.strip().split(".")
    if not sep or not all(keys):
        raise UserError(
            f"--set {item!r} is not PATH=VALUE", fix="write it like --set data.customer.email=jane@example.com"
        )
    return keys, raw


def apply_sets(envelope: dict[str, Any], sets: Sequence[str]) -> dict[str, Any]:
    """A copy of `envelope` with each `a.b.c=value` applied; missing objects are created."""
    out = copy.deepcopy(envelope)
    for item in sets:
        keys, raw = split_set(item)
        path = ".".join(keys)
        node: Any = out
        for depth, key in enumerate(keys):
            last = depth == len(keys) - 1
            if isinstance(node, list):
                if not key.isdigit() or int(key) >= len(node):
                    raise UserError(
                        f"--set {path}: {'.'.join(keys[:depth]) or 'the event'} is a list of {len(node)}; "
                        f"{key!r} is not an index in it",
                        fix="use a 0-based index such as data.items.0.name",
                    )
                if last:
                    node[int(key)] = parse_value(raw, path, len(keys))
                else:
                    node = node[int(key)]
            elif isinstance(node, dict):
                if last:
                    node[key] = parse_value(raw, path, len(keys))
                else:
                    if not isinstance(node.get(key), (dict, list)):
                        node[key] = {}
                    node = node[key]
            else:
                raise UserError(
                    f"--set {path}: {'.'.join(keys[:depth])} is a {type(node).__name__}, not an object",
                    fix="set the parent instead",
                )
    return out


def unknown_set_paths(envelope: dict[str, Any], sets: Sequence[str]) -> list[str]:
    """A warning for each `--set` path the event does not have (`data.nosuch.deep`, `data.customer.emial`).

    A new field is usually a typo that the transform will never read; only `metadata`, which
    Dodo leaves free-form, takes new keys without a warning.
    """
    warnings = []
    for item in sets:
        keys = item.partition("=")[0].strip().split(".")
        node: Any = envelope
        for depth, key in enumerate(keys):
            if depth and keys[depth - 1] == "metadata":
                break
            children = (
                node
                if isinstance(node, dict)
                else {str(i): v for i, v in enumerate(node)}
                if isinstance(node, list)
                else {}
            )
            if key not in children:
                where = ".".join(keys[:depth]) or "the event"
                close = difflib.get_close_matches(key, [str(k) for k in children], n=1)
                hint = f" (did you mean {'.'.join([*keys[:depth], close[0]])}?)" if close else ""
                warnings.append(f"--set {'.'.join(keys)}: {where} has no field {key!r}; it was added{hint}")
                break
            node = children[key]
    return warnings


def sign(secret: str, body: bytes, *, webhook_id: str | None = None, now: datetime | None = None) -> dict[str, str]:
    """The headers Dodo sends with `body`."""
    webhook_id = webhook_id or new_webhook_id()
    now = now or datetime.now(tz=timezone.utc)
    try:
        hook = Webhook(secret)
    except Exception:
        raise UserError(
            "the webhook secret is not a whsec_<base64> value",
            where="--secret",
            fix="use the endpoint's signing secret as Dodo shows it",
        ) from None
    signature = hook.sign(webhook_id, now, body.decode("utf-8"))
    return {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


def signed_request(
    secret: str, envelope: Mapping[str, Any], *, webhook_id: str | None = None
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return body, sign(secret, body, webhook_id=webhook_id)


def secret_from(text: str | None, *, where: str = "--secret") -> str:
    """The secret to sign with: the first of `--secret` / $DODO_PAYMENTS_WEBHOOK_KEY, split as the relay splits it.

    `where` names the one it came from (the option, or the variable), so an error points at
    what the user actually set; the secret itself is never shown.
    """
    found = envvars.split_secrets(text or "")
    if not found:
        raise UserError(
            "no webhook secret to sign with",
            where="trigger",
            fix=f"pass --secret whsec_... or set {envvars.WEBHOOK_KEY} (the same secret the relay uses); "
            "`dodo-cio trigger --new-secret` prints a fresh one",
        )
    from .config import check_webhook_secrets  # the relay's own rule, so trigger refuses what the relay would

    check_webhook_secrets(found, where=where)
    return found[0]


@dataclass(frozen=True)
class RelayAnswer:
    """The relay's answer to one signed event. `body` is its JSON, or its text when that is not
    JSON: either way text the relay chose, so it is shown through `terminal.printable`."""

    event_type: str
    webhook_id: str
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


async def send_signed(
    url: str,
    secret: str,
    envelopes: Iterable[Mapping[str, Any]],
    *,
    concurrency: int = 1,
    on_answer: Callable[[RelayAnswer], None] = lambda answer: None,
    timeout: float = 30.0,
) -> int:
    """POST each envelope signed as Dodo signs it, `concurrency` at a time (1 keeps the order),
    calling `on_answer` as each answer arrives (a million events are never all held); returns
    how many the relay did not accept. A relay that cannot be reached is a UserError (exit 1)."""
    pending = iter(envelopes)
    refused = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal refused
        for envelope in pending:  # one iterator for all workers: each envelope is sent once
            body, headers = signed_request(secret, envelope)
            try:
                response = await client.post(url, content=body, headers=headers)
            except httpx.ConnectError:
                raise UserError(
                    f"connection refused at {url} — is `dodo-cio relay` running?",
                    fix="start it with `dodo-cio relay` or point --to at it",
                    exit_code=1,
                ) from None
            except httpx.TransportError as exc:
                raise UserError(f"could not send to {url}: {type(exc).__name__}: {exc}", exit_code=1) from None
            try:
                said = strictjson.loads(response.text, what="the relay's answer")
            except strictjson.JSONError:
                said = response.text
            answer = RelayAnswer(str(envelope.get("type")), headers["webhook-id"], response.status_code, said)
            if not answer.ok:
                refused += 1
            on_answer(answer)

    async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
        tasks = [asyncio.ensure_future(worker(client)) for _ in range(concurrency)]
        try:
            await asyncio.gather(*tasks)
        except httpx.InvalidURL as exc:
            raise UserError(f"--to {url!r} is not a URL: {exc}") from None
        finally:
            for task in tasks:  # the first failure stops the other workers too
                task.cancel()
    return refused
