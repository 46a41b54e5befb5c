"""`dodo-cio doctor`: the machine-checkable points of the Customer.io troubleshooting list.

The Dodo page ("Felsökning") says: verify the Site ID and API key; check event names match
your campaigns; make sure customer identifiers are set; review the rate limits; validate
that the JSON structure matches the API; check every required field is present; make sure
event names and attributes are well formed. Each becomes a check with a status, a message
and a fix. Event names cannot be matched against campaigns from here, so the names check
lists what each transform sends for the user to compare.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import envvars
from ..customerio.client import DOCUMENTED_RATE_LIMIT, TrackClient
from ..customerio.credentials import Credentials
from ..customerio.people import identifier_values, v2_operations
from ..customerio.routes import TRACK_HOSTS, match_route
from ..customerio.rules import RULES
from ..errors import UserError
from ..fixtures import Fixture, load_fixtures
from ..pipeline import RunOptions, run_matrix
from ..result import TransformResult
from ..sandbox import Sandbox
from ..terminal import plural
from ..transforms import Transform, load_transforms
from .fold import error_key, folded_lines, general

DoctorStatus = Literal["ok", "warn", "fail", "skip"]

_IDENTIFIER_ROWS = frozenset({8, 9, 10, 11, 12, 13, 24})  # rows of the §5 validation table
_NAME_ATTRIBUTE_ROWS = frozenset({14, 15, 16, 19, 20, 21, 26})
_PLACEHOLDER_IDS = frozenset({"undefined", "null", "nan", "[object object]"})  # a JS value turned into text
_MAX_DETAILS = 12


@dataclass
class Check:
    # stable: credentials, credentials_accepted, sandbox_engine, region, transforms_run, identifiers, structure,
    # names_attributes, rate_limit
    name: str
    status: DoctorStatus
    message: str
    fix: str = ""
    details: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "message": self.message,
            "fix": self.fix,
            "details": self.details,
        }


@dataclass
class DoctorReport:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [c.to_json() for c in self.checks]}


def run_doctor(credentials: Credentials | None, **options: Any) -> DoctorReport:
    """Run every check (blocking); the options are `_arun_doctor`'s."""
    return asyncio.run(_arun_doctor(credentials, **options))


async def _arun_doctor(
    credentials: Credentials | None,
    *,
    credentials_problem: UserError | None = None,
    transforms: Sequence[Transform] | None = None,
    fixtures: Sequence[Fixture] | None = None,
    base_url: str | None = None,
    rate_limit: float = DOCUMENTED_RATE_LIMIT,
    sandbox: Sandbox | None = None,
    timeout: float = 10.0,
    keep_going: bool = True,
    on_result: Callable[[TransformResult | None], None] | None = None,
) -> DoctorReport:
    """Every check. `credentials_problem` is why loading the credentials failed, if it did;
    the sandbox runs in a thread, the region call on the loop. Without `keep_going` a
    transform stops at its first timeout or out-of-memory (see `run_matrix`)."""
    transforms = list(transforms) if transforms is not None else load_transforms()
    fixtures = list(fixtures) if fixtures is not None else load_fixtures()
    checks = [_credentials_present(credentials, credentials_problem)]
    account_region = None
    if credentials is None:
        checks.append(Check("credentials_accepted", "skip", "not checked: no credentials"))
    else:
        accepted, account_region = await _credentials_accepted(credentials, base_url, timeout)
        checks.append(accepted)
    results, engine = await asyncio.to_thread(_run_all, sandbox, transforms, fixtures, base_url, keep_going, on_result)
    checks.append(sandbox_engine_check(engine))
    checks.append(_region(credentials, account_region, results, base_url))
    checks.append(_transforms_run(transforms, results, base_url))
    checks.append(_identifiers(results, base_url))
    checks.append(
        _findings_check(
            "structure",
            "JSON structure and required fields",
            results,
            lambda row: row not in _IDENTIFIER_ROWS | _NAME_ATTRIBUTE_ROWS,
        )
    )
    names = _findings_check(
        "names_attributes", "event names and attributes", results, lambda row: row in _NAME_ATTRIBUTE_ROWS
    )
    names.details.extend(_event_names(results, base_url))
    checks.append(names)
    checks.append(_rate_limit(rate_limit))
    return DoctorReport(checks)


def _run_all(
    sandbox: Sandbox | None,
    transforms: list[Transform],
    fixtures: list[Fixture],
    base_url: str | None,
    keep_going: bool,
    on_result: Callable[[TransformResult | None], None] | None,
) -> tuple[list[TransformResult], dict[str, Any]]:
    """The results, and what the sandbox's workers said about their engine."""

    def run(pool: Sandbox) -> tuple[list[TransformResult], dict[str, Any]]:
        results = run_matrix(
            pool,
            transforms,
            fixtures,
            options=RunOptions(customerio_base=base_url),
            stop_on_limit=not keep_going,
            on_result=on_result,
        )
        return results, pool.engine

    if sandbox is not None:
        return run(sandbox)
    with Sandbox() as own:
        return run(own)


def sandbox_engine_check(engine: dict[str, str]) -> Check:
    """Which engine runs the transforms: the snapshot engine, or the slower fallback and why."""
    if engine.get("engine") == "snapshot":
        return Check(
            "sandbox_engine", "ok", "snapshot engine: every event starts from a saved copy of a fresh QuickJS engine"
        )
    if not engine:
        return Check("sandbox_engine", "skip", "not checked: the sandbox ran no event")
    return Check(
        "sandbox_engine",
        "warn",
        "fallback engine: a new QuickJS context per event (isolated too, several times slower)",
        "install a C compiler (e.g. `apt-get install gcc`) and reinstall dodo-cio "
        "so that `pip install` builds the snapshot engine",
        [f"reason: {engine.get('reason') or 'not given'}"],
    )


# -- credentials and region ----------------------------------------------------------------

_KEY_FIX = (
    f"set {envvars.SITE_ID} and {envvars.API_KEY} (or --site-id/--api-key) "
    "to a Track API key pair from Customer.io → Settings → API Credentials"
)


def _credentials_present(credentials: Credentials | None, problem: UserError | None) -> Check:
    if problem is not None:
        return Check("credentials", "fail", problem.message, problem.fix or _KEY_FIX)
    if credentials is None:
        return Check("credentials", "fail", "no Site ID or API key is set", _KEY_FIX)
    shown = credentials.masked()
    return Check(
        "credentials", "ok", f"Site ID {shown['site_id']} and an API key are set (region {credentials.region})"
    )


async def _credentials_accepted(
    credentials: Credentials, base_url: str | None, timeout: float
) -> tuple[Check, str | None]:
    async with TrackClient(
        credentials, base_url=base_url, timeout=timeout, max_attempts=2, backoff_base=0.2, backoff_cap=2.0
    ) as client:
        outcome = await client.region()
    where = outcome.request.get("url", "")
    if outcome.ok and isinstance(outcome.body, dict):
        region = outcome.body.get("region")
        env = outcome.body.get("environment_id")
        return Check(
            "credentials_accepted", "ok", f"accepted by {where} (workspace region {region}, environment {env})"
        ), region
    if outcome.status == 401:
        return Check(
            "credentials_accepted",
            "fail",
            f"Customer.io rejected the Site ID and API key (401 from {where})",
            "copy both again from Settings → API Credentials → Track API keys; "
            "an App API key (Bearer) does not work here, and the Site ID must belong to the same key",
        ), None
    if outcome.status is None:
        return Check(
            "credentials_accepted",
            "fail",
            f"could not reach {where}: {outcome.error}",
            "check the network (or that --customerio-url points at a running emulator) and try again",
        ), None
    return Check(
        "credentials_accepted",
        "fail",
        f"unexpected answer from {where}: {outcome.error}",
        "try again later; if it persists, check Customer.io's status page",
    ), None


def _region(
    credentials: Credentials | None, account_region: str | None, results: list[TransformResult], base_url: str | None
) -> Check:
    if credentials is None or account_region not in TRACK_HOSTS:
        return Check(
            "region", "skip", "not checked: the workspace region is unknown (credentials missing or not accepted)"
        )
    details: list[str] = []
    status: DoctorStatus = "ok"
    configured = credentials.region
    fix = ""
    if configured != account_region:
        status, message = _region_verdict(account_region, configured)
        message = f"{envvars.REGION} is {configured} but the workspace is in {account_region}: {message}"
        fix = f"set {envvars.REGION}={account_region}"
    else:
        message = f"the workspace is in {account_region}, as configured ({credentials.track_base()})"
    for transform, host in sorted({(r.transform, h) for r in _routed(results, base_url) if (h := _host(r, base_url))}):
        host_region = next((reg for reg, h in TRACK_HOSTS.items() if h == host), None)
        if host_region and host_region != account_region:
            verdict, why = _region_verdict(account_region, host_region)
            status = "fail" if "fail" in (status, verdict) else "warn"
            details.append(f"{transform} sends to {host}: {why}")
            fix = (
                (fix + "; " if fix else "")
                + f"in the Dodo dashboard requests go to the transform's url: use https://{TRACK_HOSTS[account_region]}/..."
            )
    if details:
        verb = "sends" if len(details) == 1 else "send"
        message += f"; {plural(len(details), 'transform')} {verb} to the other region's host"
    return Check("region", status, message, fix, details)


def _region_verdict(account: str, host_region: str) -> tuple[DoctorStatus, str]:
    if account == "eu" and host_region == "us":
        return (
            "warn",
            "Customer.io redirects EU workspaces from the US host, so it works, but the data passes through US servers",
        )
    return "fail", "a US workspace's requests to the EU host fail"


# -- transform outputs ----------------------------------------------------------------------


def _host(result: TransformResult, base_url: str | None) -> str | None:
    route = match_route("POST", str((result.webhook or {}).get("url", "")), override_base=base_url)
    return route.host if route and route.region else None


def _routed(results: list[TransformResult], base_url: str | None) -> list[TransformResult]:
    """Results that go to a Track host (or the emulator)."""
    return [
        r
        for r in results
        if r.status == "routed"
        and match_route("POST", str((r.webhook or {}).get("url", "")), override_base=base_url) is not None
    ]


def _limited(details: list[str]) -> list[str]:
    if len(details) <= _MAX_DETAILS:
        return details
    return details[:_MAX_DETAILS] + [f"… and {len(details) - _MAX_DETAILS} more (dodo-cio check shows them all)"]


def _transforms_run(transforms: list[Transform], results: list[TransformResult], base_url: str | None) -> Check:
    errors = [r for r in results if r.status == "error"]
    routed = _routed(results, base_url)
    silent = [t.name for t in transforms if not any(r.transform == t.name for r in routed)]
    details = folded_lines((r, error_key(r), f"{r.error.kind}: {r.error.message}") for r in errors if r.error)
    details += [f"{name} sends nothing to Customer.io for any sample event" for name in silent]
    counts = (
        f"{plural(len(transforms), 'transform')} × "
        f"{plural(len(results) // max(1, len(transforms)), 'sample event')}: "
        f"{plural(len(routed), 'request')} to Customer.io"
    )
    if errors:
        return Check(
            "transforms_run",
            "fail",
            f"{plural(len(errors), 'run')} failed; {counts}",
            "run `dodo-cio run TRANSFORM --event TYPE` on a failing pair to see the error and its line",
            _limited(details),
        )
    if silent:
        return Check(
            "transforms_run", "warn", counts, "check the eventType conditions and the url the transform sets", details
        )
    return Check("transforms_run", "ok", counts)


_Problem = tuple[TransformResult, Hashable, str]  # (result, what repeats fold on, text), for `folded_lines`


def _problem(result: TransformResult, text: str) -> _Problem:
    return result, general(text, result), text


def _placeholder_identifiers(result: TransformResult, base_url: str | None) -> list[_Problem]:
    """Person and device ids that are a JS `undefined`/`null` turned into text: valid strings, wrong person."""
    webhook = result.webhook or {}
    route = match_route(str(webhook.get("method") or "POST"), str(webhook.get("url", "")), override_base=base_url)
    if route is None:
        return []
    return [
        _problem(result, f"{where} is {value!r}")
        for where, value in identifier_values(route, webhook.get("payload"))
        if value.strip().lower() in _PLACEHOLDER_IDS
    ]


def _findings(results: Iterable[TransformResult], keep: Callable[[int], bool]) -> tuple[list[_Problem], list[_Problem]]:
    """Customer.io validation findings (codes of the rule catalogue) in the table rows `keep` accepts."""
    errors: list[_Problem] = []
    warnings: list[_Problem] = []
    for r in results:
        for f in r.findings:
            if f.code not in RULES or f.severity == "info" or not keep(RULES[f.code][0]):
                continue
            text = f"{f.path}: {f.message}" + (f" (fix: {f.fix})" if f.fix else "")
            (errors if f.severity == "error" else warnings).append(_problem(r, text))
    return errors, warnings


def _identifiers(results: list[TransformResult], base_url: str | None) -> Check:
    routed = _routed(results, base_url)
    errors, warnings = _findings(routed, lambda row: row in _IDENTIFIER_ROWS)
    errors += [problem for r in routed for problem in _placeholder_identifiers(r, base_url)]
    if not routed:
        return Check(
            "identifiers", "skip", "no transform output goes to Customer.io, so there are no identifiers to check"
        )
    fix = (
        "set identifiers to exactly one of id, email, phone or cio_id with a non-empty string value, "
        "e.g. identifiers: { id: p.customer.customer_id }"
    )
    if errors:
        return Check(
            "identifiers",
            "fail",
            f"{plural(len(errors), 'problem')} with customer identifiers",
            fix,
            _limited(folded_lines(errors) + folded_lines(warnings)),
        )
    if warnings:
        return Check(
            "identifiers",
            "warn",
            f"{plural(len(warnings), 'warning')} about customer identifiers",
            fix,
            _limited(folded_lines(warnings)),
        )
    every = "the" if len(routed) == 1 else "all"
    return Check("identifiers", "ok", f"identifiers are set in {every} {plural(len(routed), 'request')}")


def _findings_check(name: str, title: str, results: list[TransformResult], keep: Callable[[int], bool]) -> Check:
    errors, warnings = _findings(results, keep)
    fix = "each line says what to change; `dodo-cio check` shows the same findings with their codes"
    if errors:
        return Check(
            name,
            "fail",
            f"{title}: {plural(len(errors), 'error')} Customer.io would reject, {plural(len(warnings), 'warning')}",
            fix,
            _limited(folded_lines(errors) + folded_lines(warnings)),
        )
    if warnings:
        return Check(
            name, "warn", f"{title}: {plural(len(warnings), 'warning')}", fix, _limited(folded_lines(warnings))
        )
    return Check(name, "ok", f"{title}: no problems found")


def _event_names(results: list[TransformResult], base_url: str | None) -> list[str]:
    """What each transform sends, so the user can compare it with their campaign triggers."""
    sent: dict[str, set[str]] = {}
    for r in _routed(results, base_url):
        webhook = r.webhook or {}
        route = match_route(str(webhook.get("method") or "POST"), str(webhook.get("url", "")), override_base=base_url)
        payload = webhook.get("payload")
        if route is not None and route.kind in ("v1_event", "v1_anonymous_event") and isinstance(payload, dict):
            ops: list[Any] = [{**payload, "action": "event"}]
        else:
            ops = [op for _, op in (v2_operations(route, payload) if route else [])]
        for op in ops:
            if (
                isinstance(op, dict)
                and isinstance(op.get("name"), str)
                and op.get("action") in ("event", "page", "screen")
            ):
                sent.setdefault(r.transform, set()).add(op["name"])
    return [
        f"{t} sends {plural(len(names), 'event name')}: {', '.join(sorted(names))} "
        f"({'it' if len(names) == 1 else 'they'} must match your campaign triggers exactly)"
        for t, names in sorted(sent.items())
    ]


# -- settings -------------------------------------------------------------------------------


def _rate_limit(rate: float) -> Check:
    if rate <= 0 or rate == float("inf"):
        return Check(
            "rate_limit",
            "warn",
            "no client-side rate limit is set",
            f"set --rate-limit to at most {DOCUMENTED_RATE_LIMIT:g} req/s, the Track API's documented limit",
        )
    if rate > DOCUMENTED_RATE_LIMIT:
        return Check(
            "rate_limit",
            "warn",
            f"{rate:g} req/s is above the documented {DOCUMENTED_RATE_LIMIT:g} req/s; "
            "Customer.io may throttle or drop data",
            f"set --rate-limit {DOCUMENTED_RATE_LIMIT:g} or lower",
        )
    return Check(
        "rate_limit",
        "ok",
        f"{rate:g} req/s (the Track API documents {DOCUMENTED_RATE_LIMIT:g} req/s, soft); "
        "408, 429 and 5xx are retried with backoff",
    )
