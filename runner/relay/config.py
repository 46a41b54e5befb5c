"""What the relay runs with: endpoints, secrets, hosts and limits, from flags and a TOML file.

Flags win over the file, and the file over the environment (`resolve` decides it, for every
setting; allowed hosts add up instead). The simple case needs no file: each transform named
on the command line is one endpoint that receives every event. The file adds what the
dashboard keeps per endpoint: an event-type filter, the endpoint URL (where an unchanged
`webhook.url` goes), `env`, extra headers and Customer.io credentials.

```toml
[relay]
port = 8787
db = "relay.sqlite3"
allow_hosts = ["hooks.example.com"]
retry_schedule = ["0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"]

[[endpoint]]
transform = "transforms/track_payments.js"
name = "payments"                        # optional; the file name by default
event_types = ["payment.succeeded"]      # optional; every event by default
url = "https://hooks.example.com/dodo"   # optional
env = { PLAN = "pro" }
headers = { "x-team" = "growth" }
credentials = { site_id_env = "CIO_SITE_2", api_key_env = "CIO_KEY_2", region = "eu" }
```

Other `[relay]` keys: `host`, `customerio_url`, `log_format`, `dry_run`,
`insecure_skip_verify`, `max_body` (a size), `timeout`, `memory`, `stack` and `max_result`
(per transform run, e.g. "1s", "32MiB", "1MiB", "1MiB", as the flags of the same names), `sandbox_workers` (per
endpoint), `send_concurrency` (batches in flight), `rate_limit` (requests/s to
Customer.io), `order_grace` (longest wait for an older transform), `lease` (how long a relay
sharing a PostgreSQL outbox holds a delivery it took, e.g. "30s") and `secret_env` (the
variable holding the webhook secret; DODO_PAYMENTS_WEBHOOK_KEY by default).

Secrets never go in the file: a webhook secret and an API key are named by environment
variable (`secret_env`, `api_key_env`) so the file can be committed.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from standardwebhooks import Webhook

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

from .. import envvars
from ..customerio.client import DOCUMENTED_RATE_LIMIT
from ..customerio.credentials import Credentials, parse_region
from ..customerio.routes import TRACK_HOSTS
from ..errors import UserError
from ..sandbox import Limits
from ..terminal import plural
from ..transforms import Transform, load_transform, load_transforms
from ..units import parse_duration, parse_size, spell_size
from ..webhook import DEFAULT_ENDPOINT_URL, Endpoint
from .database_url import redact, secrets_of
from .schedule import RetrySchedule
from .verify import MAX_BODY_BYTES

DEFAULT_PORT = 8787
DEFAULT_DB = "relay.sqlite3"
_CUSTOMERIO_HOSTS = tuple(TRACK_HOSTS.values())
LOG_FORMATS = ("text", "json", "quiet")  # terminal lines, JSON lines, only problems


@dataclass(frozen=True)
class EndpointConfig:
    """One Dodo webhook endpoint: a transform plus what the dashboard stores with it."""

    name: str
    transform: Transform
    event_types: frozenset[str] | None = None
    endpoint: Endpoint = Endpoint()
    credentials: Credentials | None = None

    def wants(self, event_type: str) -> bool:
        return self.event_types is None or event_type in self.event_types


@dataclass(frozen=True, repr=False)
class RelayConfig:
    endpoints: tuple[EndpointConfig, ...]
    secrets: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    db: str = DEFAULT_DB  # an SQLite file path, or a database URL for a store that takes one
    skip_verify: bool = False
    dry_run: bool = False
    allow_hosts: frozenset[str] = frozenset(_CUSTOMERIO_HOSTS)
    customerio_url: str | None = None
    schedule: RetrySchedule = RetrySchedule()
    log_format: str = "text"  # one of LOG_FORMATS
    max_body: int = MAX_BODY_BYTES
    sandbox_workers: int = 2  # per endpoint, so one endpoint's hostile transform cannot starve another's
    time_limit_s: float = Limits.time_s
    memory_bytes: int = Limits.memory_bytes
    stack_bytes: int = Limits.stack_bytes
    result_bytes: int = Limits.result_bytes
    send_concurrency: int = 8  # batches in flight to Customer.io at once
    rate_limit: float = DOCUMENTED_RATE_LIMIT  # requests/s to Customer.io
    order_grace_s: float = 30.0  # longest a request waits for an older same-customer transform
    lease_s: float | None = None  # a shared store's lease on the deliveries a relay took (None: the store's default)

    def __repr__(self) -> str:  # secrets stay out of every repr
        names = ", ".join(e.name for e in self.endpoints)
        return (
            f"RelayConfig(endpoints=[{names}], port={self.port}, db={redact(self.db)!r}, secrets={len(self.secrets)})"
        )

    @property
    def limits(self) -> Limits:
        return Limits(
            time_s=self.time_limit_s,
            memory_bytes=self.memory_bytes,
            stack_bytes=self.stack_bytes,
            result_bytes=self.result_bytes,
        )

    def endpoint(self, name: str) -> EndpointConfig | None:
        return next((e for e in self.endpoints if e.name == name), None)

    def host_allowed(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self.allow_hosts

    def all_secrets(self) -> tuple[str, ...]:
        """Everything that must never be printed: webhook secrets, every API key, the database password."""
        out = list(self.secrets) + list(secrets_of(self.db))
        for e in self.endpoints:
            if e.credentials:
                out.extend(e.credentials.secrets())
        return tuple(s for s in out if s)


DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(RelayConfig)}  # field -> default, for --help


def check_webhook_secrets(secrets: Sequence[str], *, where: str) -> None:
    """Each must be `whsec_<base64>`, as Dodo issues them: the relay verifies with them, trigger signs."""
    for secret in secrets:
        try:
            if not secret.startswith("whsec_"):
                raise ValueError(secret)
            Webhook(secret)
        except Exception:
            raise UserError(
                "the webhook secret is not a whsec_<base64> value",
                where=where,
                fix="copy the signing secret exactly as Dodo shows it, or make one for a local relay with "
                "`dodo-cio trigger --new-secret`",
            ) from None


def _table(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(
            "must be a table", where=where, fix="write it as key = value pairs under a [section] or { ... }"
        )
    return value


def _str_map(value: Any, where: str) -> dict[str, str]:
    table = _table(value, where)
    bad = [k for k, v in table.items() if not isinstance(v, str)]
    if bad:
        raise UserError(f"values must be strings ({', '.join(bad)})", where=where, fix='quote them: KEY = "value"')
    return table


def _credentials(table: dict[str, Any], where: str, environ: Mapping[str, str]) -> Credentials | None:
    if not table:
        return None
    for key in ("api_key", "secret"):
        if key in table:
            raise UserError(
                f"{key!r} would put a secret in the config file",
                where=where,
                fix=f'name an environment variable instead: {key}_env = "MY_VAR"',
            )

    def pick(key: str) -> str | None:
        if f"{key}_env" in table:
            var = table[f"{key}_env"]
            if var not in environ:
                raise UserError(
                    f"environment variable {var} is not set", where=f"{where}.{key}_env", fix=f"export {var}=..."
                )
            return environ[var]
        return table.get(key)

    return Credentials.from_env(environ, site_id=pick("site_id"), api_key=pick("api_key"), region=table.get("region"))


_ENDPOINT_KEYS = ("transform", "name", "event_types", "url", "env", "headers", "credentials")
_CREDENTIAL_KEYS = (
    "site_id",
    "site_id_env",
    "api_key_env",
    "region",
    "api_key",
    "secret",
)  # the last two are refused with their own message


def _known_keys(
    table: dict[str, Any],
    known: Sequence[str],
    where: str,
    *,
    aliases: Mapping[str, str] | None = None,
    elsewhere: Mapping[str, str] | None = None,
) -> None:
    """A misspelt key would otherwise be ignored in silence, and its setting with it."""
    for key in table:
        if key not in known:
            raise UserError(
                f"unknown key {key!r}", where=where, fix=_suggestion(key, known, aliases or {}, elsewhere or {})
            )


def _suggestion(key: str, known: Sequence[str], aliases: Mapping[str, str], elsewhere: Mapping[str, str]) -> str:
    """The key meant, by name before spelling: `aliases` maps the other names a key goes by
    (its old name, its option's) to it, so `time_limit` suggests `timeout`, not the nearest
    spelling `rate_limit`; `elsewhere` says where a key that belongs in another place goes."""
    spelt = key.strip().lower().replace("-", "_")
    if spelt in elsewhere:
        return elsewhere[spelt]
    if spelt in known or spelt in aliases:
        return f"did you mean {aliases.get(spelt, spelt)!r}?"
    close = difflib.get_close_matches(spelt, [*known, *aliases], n=1)
    if close:
        return f"did you mean {aliases.get(close[0], close[0])!r}?"
    return f"the keys here are: {', '.join(k for k in known if k not in ('api_key', 'secret'))}"


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise UserError(
            f"must be a whole number >= 0, not {value!r}", where=where, fix="write it without quotes or units, e.g. 8"
        )
    return int(value)


def _number(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if isinstance(value, bool) or not number >= 0:
        raise UserError(f"must be a number >= 0, not {value!r}", where=where, fix="e.g. 1000")
    return number


def _reading(parse: Callable[[Any], Any]) -> Callable[[Any, str], Any]:
    """A `units` reader whose ValueError becomes a UserError naming the key."""

    def read(value: Any, where: str) -> Any:
        try:
            return parse(value)
        except ValueError as exc:
            raise UserError.from_value_error(exc, where=where) from None

    return read


def _limit(limit: str, parse: Callable[[Any], Any], spell: Callable[[Any], str]) -> Callable[[Any, str], Any]:
    """A reader for one sandbox limit (`limit` is its Limits field), checked against the range
    Limits accepts so the error names this key alone; its fix offers the default, a value
    the relay takes, rather than a format example that may be out of range (2h, 512KiB)."""
    default = spell(getattr(Limits(), limit))

    def read(value: Any, where: str) -> Any:
        try:
            parsed = parse(value)
        except ValueError as exc:
            raise UserError.from_value_error(exc, where=where, fix=f'write it like "{default}" (the default)') from None
        try:
            Limits(**{limit: parsed})
        except ValueError as exc:
            raise UserError(
                f"{value!r} is out of range: {exc}",
                where=where,
                fix=f'pick one in that range, e.g. "{default}" (the default)',
            ) from None
        return parsed

    return read


def _hosts(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise UserError(
            f"must be a list of host names, not {value!r}", where=where, fix='write e.g. ["hooks.example.com"]'
        )
    return frozenset(str(h).strip().lower() for h in value)


def _secrets(value: Any, where: str) -> tuple[str, ...]:
    """Several while rotating; each checked here, so a bad one is named by where it came from."""
    secrets = envvars.split_secrets(str(value))
    check_webhook_secrets(secrets, where=where)
    return secrets


def _log_format(value: Any, where: str) -> str:
    if value not in LOG_FORMATS:
        raise UserError(f"unknown log format {value!r}", where=where, fix="use text, json or quiet")
    return str(value)


def _as_is(value: Any, where: str) -> Any:
    return value


@dataclass(frozen=True)
class Setting:
    """One relay setting: its RelayConfig field, [relay] key, build_config flag and variable.

    The default is the RelayConfig field's, so it is written once, and `resolve` alone
    decides which of the four sources wins.
    """

    field: str  # a RelayConfig field; for the default credentials, the part of them it gives
    key: str | None  # None: never in the file (the secret; credentials, which an [[endpoint]] names)
    flag: str
    read: Callable[[Any, str], Any] = _as_is
    env: str | None = None
    env_key: str | None = None  # a [relay] key that names another variable to read instead of `env`
    adds: bool = False  # every source adds to the default (hosts) instead of the first one winning
    also: tuple[str, ...] = ()  # the key's other names (its old one, Limits' words), suggested as the key

    @property
    def default(self) -> Any:
        return DEFAULTS.get(self.field)  # a credential's part has no field: None, not set

    def variable(self, relay: Mapping[str, Any]) -> str | None:
        """The environment variable read for this setting, which the file may rename (`secret_env`)."""
        if not self.env_key:
            return self.env
        name = relay.get(self.env_key, self.env)
        if not isinstance(name, str) or not name.strip():
            raise UserError(
                f"must name an environment variable, not {name!r}",
                where=f"[relay] {self.env_key}",
                fix=f'write e.g. {self.env_key} = "{self.env}"',
            )
        return name


_SECRETS = Setting("secrets", None, "secret", _secrets, env=envvars.WEBHOOK_KEY, env_key="secret_env")
SETTINGS = (
    Setting("site_id", None, "site_id", env=envvars.SITE_ID),
    Setting("api_key", None, "api_key", env=envvars.API_KEY),
    Setting("region", None, "region", lambda v, where: parse_region(str(v), where), env=envvars.REGION),
    Setting("host", "host", "host", lambda v, where: str(v)),
    Setting("port", "port", "port", _count),
    Setting("db", "db", "db", lambda v, where: str(v), env=envvars.DATABASE_URL, also=("database_url",)),
    Setting("skip_verify", "insecure_skip_verify", "skip_verify", lambda v, where: bool(v)),
    Setting("dry_run", "dry_run", "dry_run", lambda v, where: bool(v)),
    Setting("allow_hosts", "allow_hosts", "allow_hosts", _hosts, adds=True),
    Setting("customerio_url", "customerio_url", "customerio_url", env=envvars.CUSTOMERIO_URL),
    Setting(
        "schedule",
        "retry_schedule",
        "retry_schedule",
        lambda v, where: v if isinstance(v, RetrySchedule) else RetrySchedule.parse(v, where=where),
    ),
    Setting("log_format", "log_format", "log_format", _log_format),
    Setting("max_body", "max_body", "max_body", _reading(parse_size)),
    Setting("sandbox_workers", "sandbox_workers", "workers", _count),
    Setting(
        "time_limit_s",
        "timeout",
        "timeout",
        _limit("time_s", parse_duration, lambda s: f"{s:g}s"),
        also=("time_limit",),  # the key's name until the relay took run's --timeout
    ),
    Setting("memory_bytes", "memory", "memory", _limit("memory_bytes", parse_size, spell_size), also=("memory_limit",)),
    Setting("stack_bytes", "stack", "stack", _limit("stack_bytes", parse_size, spell_size), also=("stack_limit",)),
    Setting(
        "result_bytes",
        "max_result",
        "max_result",
        _limit("result_bytes", parse_size, spell_size),
        also=("result_limit",),
    ),
    Setting("send_concurrency", "send_concurrency", "send_concurrency", lambda v, where: max(1, _count(v, where))),
    Setting("rate_limit", "rate_limit", "rate_limit", _number, env=envvars.RATE_LIMIT),
    Setting("order_grace_s", "order_grace", "order_grace", _reading(parse_duration)),
    Setting("lease_s", "lease", "lease", _reading(parse_duration)),
    _SECRETS,
)
RELAY_KEYS = (*(s.key for s in SETTINGS if s.key), *(s.env_key for s in SETTINGS if s.env_key))
# Other names a [relay] key goes by (the RelayConfig field, the option, the key's old name) -> the key
_RELAY_KEY_ALIASES = {name: s.key for s in SETTINGS if s.key for name in (s.field, s.flag, *s.also) if name != s.key}
_CREDENTIALS_GO = (
    "credentials are not [relay] keys: set CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY (or --site-id/--api-key) "
    'for every endpoint, or give an [[endpoint]] its own credentials = { site_id = "...", api_key_env = "MY_VAR" }'
)
_SECRET_GOES = (
    'a secret never goes in the file: secret_env = "MY_VAR" names the variable that holds it '
    f"({envvars.WEBHOOK_KEY} by default)"
)
_NOT_RELAY_KEYS = {  # keys that belong elsewhere -> where
    **dict.fromkeys(("site_id", "site_id_env", "api_key", "api_key_env", "region", "credentials"), _CREDENTIALS_GO),
    **dict.fromkeys(("secret", "secrets", "webhook_secret"), _SECRET_GOES),
}


def resolve(setting: Setting, flags: Mapping[str, Any], relay: Mapping[str, Any], environ: Mapping[str, str]) -> Any:
    """The relay's precedence, decided here only: flag > the file's [relay] key > variable > default.

    An adding setting (allow_hosts) is the default with every source's values added instead.
    """
    given: list[tuple[Any, str]] = []  # (value, where it came from), the first source winning
    if flags.get(setting.flag) is not None:
        given.append((flags[setting.flag], "--" + setting.flag.replace("_", "-")))
    if setting.key is not None and setting.key in relay:
        given.append((relay[setting.key], f"[relay] {setting.key}"))
    variable = setting.variable(relay)
    if variable and environ.get(variable):
        given.append((environ[variable], variable))
    if setting.adds:
        return setting.default.union(*(setting.read(value, where) for value, where in given))
    return setting.read(*given[0]) if given else setting.default


def _load_toml(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data: dict[str, Any] = tomllib.loads(p.read_text(encoding="utf-8"))
        return data
    except FileNotFoundError:
        raise UserError("no such config file", where=str(p), fix="create it or drop --config") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(
            f"not valid TOML: {exc}", where=str(p), fix="check the syntax near the position shown"
        ) from None
    except RecursionError:  # the parser recurses once per nested array or inline table
        raise UserError(
            "not valid TOML: arrays or inline tables nest too deeply to read",
            where=str(p),
            fix="look for a run of unclosed [ or { (a relay config nests only a few levels)",
        ) from None


def build_config(
    transforms: Sequence[str | Path] = (),
    *,
    config_file: str | Path | None = None,
    environ: Mapping[str, str] = os.environ,
    **flags: Any,
) -> RelayConfig:
    """Merge flags (None = not given), the TOML file and the environment into a RelayConfig.

    The flags are the CLI's option names (`timeout`, `memory`, `stack`, `workers`,
    `site_id`, `api_key`, `region`, `secret`, `customerio_url`, `rate_limit`, ...).
    """
    doc = _load_toml(config_file) if config_file else {}
    base = Path(config_file).parent if config_file else Path(".")
    relay = _table(doc.get("relay"), "[relay]")
    unknown = set(doc) - {"relay", "endpoint"}
    if unknown:
        raise UserError(
            f"{plural(len(unknown), 'unknown section')}: {', '.join(sorted(unknown))}",
            where=str(config_file),
            fix="use [relay] and [[endpoint]]",
        )
    _known_keys(relay, RELAY_KEYS, f"{config_file}: [relay]", aliases=_RELAY_KEY_ALIASES, elsewhere=_NOT_RELAY_KEYS)

    settings = {s.field: resolve(s, flags, relay, environ) for s in SETTINGS}
    default_creds = Credentials.from_env(  # the parts already resolved: from_env adds the rule for half a pair
        {}, site_id=settings.pop("site_id"), api_key=settings.pop("api_key"), region=settings.pop("region")
    )
    endpoints: list[EndpointConfig] = []
    for t in load_transforms(transforms) if transforms or not doc.get("endpoint") else []:
        endpoints.append(EndpointConfig(t.name, t, credentials=default_creds))
    for i, table in enumerate(doc.get("endpoint", [])):
        where = f"{config_file}: [[endpoint]] #{i + 1}"
        table = _table(table, where)
        _known_keys(table, _ENDPOINT_KEYS, where)
        if "transform" not in table:
            raise UserError("missing 'transform'", where=where, fix='add transform = "path/to/transform.js"')
        t = load_transform(base / table["transform"])
        types = table.get("event_types")
        if types is not None and (not isinstance(types, list) or not all(isinstance(x, str) for x in types)):
            raise UserError(
                "'event_types' must be a list of strings", where=where, fix='event_types = ["payment.succeeded"]'
            )
        url = table.get("url", DEFAULT_ENDPOINT_URL)
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise UserError(f"'url' must be an http(s) URL, got {url!r}", where=where)
        endpoint = Endpoint(
            url=url,
            env=_str_map(table.get("env"), f"{where}.env"),
            headers=_str_map(table.get("headers"), f"{where}.headers"),
        )
        cred_table = _table(table.get("credentials"), f"{where}.credentials")
        _known_keys(cred_table, _CREDENTIAL_KEYS, f"{where}.credentials")
        creds = _credentials(cred_table, f"{where}.credentials", environ) or default_creds
        endpoints.append(
            EndpointConfig(
                table.get("name", t.name), t, frozenset(types) if types is not None else None, endpoint, creds
            )
        )
    names = [e.name for e in endpoints]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UserError(
            f"two endpoints are named {', '.join(dupes)}",
            where="endpoints",
            fix="give each [[endpoint]] a distinct name",
        )

    if not settings["secrets"] and not settings["skip_verify"]:
        raise UserError(
            f"no webhook secret: set {_SECRETS.variable(relay)} (the endpoint's signing secret, whsec_...)",
            where="relay",
            fix=(
                "copy it from Dodo → Developer → Webhooks → your endpoint, "
                "or pass --insecure-skip-verify for local experiments"
            ),
        )

    lacking = [e.name for e in endpoints if e.credentials is None]
    if lacking and not settings["dry_run"]:
        raise UserError(
            f"no Customer.io credentials for {', '.join(lacking)}: every delivery would fail",
            where="relay",
            fix="export CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY or pass --site-id/--api-key "
            "(Customer.io → Settings → API Credentials → Track API keys), give the [[endpoint]] "
            "credentials = { site_id = ..., api_key_env = ... }, or pass --dry-run to send nothing",
        )

    return RelayConfig(endpoints=tuple(endpoints), **settings)
