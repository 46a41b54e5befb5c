"""Relay settings from flags, TOML and the environment; secrets stay out of files and reprs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.harness import EVENT_JS, new_secret

from runner.errors import UserError
from runner.relay.config import RELAY_KEYS, SETTINGS, build_config, resolve
from runner.relay.schedule import SVIX_SCHEDULE, RetrySchedule

SECRET = new_secret()
CIO = {"CUSTOMERIO_SITE_ID": "site123456", "CUSTOMERIO_API_KEY": "key-very-secret"}
ENV = {"DODO_PAYMENTS_WEBHOOK_KEY": SECRET, **CIO}


@pytest.fixture
def transform(tmp_path):
    p = tmp_path / "event.js"
    p.write_text(EVENT_JS)
    return p


def test_flags_alone_make_one_endpoint_per_transform(transform):
    config = build_config([transform], environ=ENV, port=0, allow_hosts=["Hooks.Example.com"])
    assert [e.name for e in config.endpoints] == ["event.js"]
    assert config.endpoints[0].wants("anything.at.all")
    assert config.host_allowed("https://track.customer.io/api/v2/entity")
    assert config.host_allowed("https://hooks.example.com/x")
    assert not config.host_allowed("https://evil.example/x")
    assert config.schedule.delays == SVIX_SCHEDULE
    for secret in (SECRET, "key-very-secret"):
        assert secret not in repr(config)
        assert secret in config.all_secrets()


def test_toml_endpoints_carry_filters_urls_env_headers_and_credentials(tmp_path, transform):
    (tmp_path / "relay.toml").write_text(
        '[relay]\nport = 9999\nretry_schedule = ["0", "250ms", "1m"]\nallow_hosts = ["a.example"]\n\n'
        '[[endpoint]]\ntransform = "event.js"\nname = "payments"\nevent_types = ["payment.succeeded"]\n'
        'url = "https://a.example/hook"\nenv = { PLAN = "pro" }\nheaders = { "x-team" = "growth" }\n'
        'credentials = { site_id = "other-site", api_key_env = "EU_KEY", region = "eu" }\n'
    )
    config = build_config([], config_file=tmp_path / "relay.toml", environ={**ENV, "EU_KEY": "eu-secret"}, port=None)
    (e,) = config.endpoints
    assert (e.name, e.wants("payment.succeeded"), e.wants("refund.succeeded")) == ("payments", True, False)
    assert (
        e.endpoint.url == "https://a.example/hook"
        and e.endpoint.env == {"PLAN": "pro"}
        and e.endpoint.headers == {"x-team": "growth"}
    )
    assert (e.credentials.site_id, e.credentials.api_key, e.credentials.region) == ("other-site", "eu-secret", "eu")
    assert config.port == 9999 and config.schedule.delays == (0, 0.25, 60)
    assert build_config([], config_file=tmp_path / "relay.toml", environ={**ENV, "EU_KEY": "x"}, port=1234).port == 1234


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[[endpoint]]\ntransform = "event.js"\ncredentials = { api_key = "k" }\n', "secret in the config file"),
        ('[[endpoint]]\nname = "x"\n', "missing 'transform'"),
        ("[relays]\n", "unknown section"),
        ('[[endpoint]]\ntransform = "event.js"\nevent_types = "payment.succeeded"\n', "list of strings"),
        ('[[endpoint]]\ntransform = "event.js"\n[[endpoint]]\ntransform = "event.js"\n', "two endpoints are named"),
        ("[relay\n", "not valid TOML"),
        (
            "[relay]\nport = " + "[" * 5000 + "]" * 5000 + "\n",
            "not valid TOML: arrays or inline tables nest too deeply",
        ),
        (
            "[relay]\nport = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
            "not valid TOML: arrays or inline tables nest too deeply",
        ),
    ],
)
def test_config_mistakes_are_explained(tmp_path, transform, toml, message):
    (tmp_path / "relay.toml").write_text(toml)
    with pytest.raises(UserError, match=message):
        build_config([], config_file=tmp_path / "relay.toml", environ=ENV)


def test_a_secret_is_required_unless_verification_is_skipped(transform):
    with pytest.raises(UserError, match="no webhook secret"):
        build_config([transform], environ=CIO)
    assert build_config([transform], environ=CIO, skip_verify=True).skip_verify
    with pytest.raises(UserError, match="whsec_"):
        build_config([transform], environ={"DODO_PAYMENTS_WEBHOOK_KEY": "whsec_", **CIO})
    rotated = build_config([transform], environ={"DODO_PAYMENTS_WEBHOOK_KEY": f"{SECRET} {new_secret()}", **CIO})
    assert len(rotated.secrets) == 2


def test_retry_schedules_parse_and_run_out():
    s = RetrySchedule.parse("0, 5s, 5m")
    assert s.delays == (0, 5, 300) and s.max_attempts == 3
    assert [s.next_delay(i) for i in range(4)] == [0, 5, 300, None]
    assert RetrySchedule.parse(["2h", "250ms", 1]).delays == (7200, 0.25, 1)
    for bad in ("", "5 parsecs", [-1], 5):
        with pytest.raises(UserError):
            RetrySchedule.parse(bad)


def test_credentials_are_required_unless_dry_run_and_taken_like_send_takes_them(transform):
    with pytest.raises(UserError, match="no Customer.io credentials for event.js") as caught:
        build_config([transform], environ={"DODO_PAYMENTS_WEBHOOK_KEY": SECRET})
    assert caught.value.exit_code == 2 and "--dry-run" in caught.value.fix and "--site-id/--api-key" in caught.value.fix
    assert build_config([transform], environ={"DODO_PAYMENTS_WEBHOOK_KEY": SECRET}, dry_run=True).dry_run
    config = build_config(
        [transform],
        environ={"DODO_PAYMENTS_WEBHOOK_KEY": SECRET},
        site_id="flag-site",
        api_key="flag-key-secret",
        region="eu",
    )
    assert (config.endpoints[0].credentials.site_id, config.endpoints[0].credentials.region) == ("flag-site", "eu")


@pytest.mark.parametrize(
    "toml, key, suggestion",
    [
        ('[relay]\nretry_shedule = ["0"]\n', "retry_shedule", "retry_schedule"),
        ('[[endpoint]]\ntransform = "event.js"\nevent_type = ["payment.succeeded"]\n', "event_type", "event_types"),
        (
            '[[endpoint]]\ntransform = "event.js"\ncredentials = { site_id = "s", api_key_enf = "K" }\n',
            "api_key_enf",
            "api_key_env",
        ),
        ("[relay]\nzzz = 1\n", "zzz", "the keys here are"),
        # the key's old name, and the names people reach for: the option's, the field's, Limits' words
        ("[relay]\ntime_limit = 1\n", "time_limit", "did you mean 'timeout'?"),
        ("[relay]\ntime-limit = 1\n", "time-limit", "did you mean 'timeout'?"),
        ("[relay]\ntime_limit_s = 1\n", "time_limit_s", "did you mean 'timeout'?"),
        ("[relay]\nresult_limit = 1\n", "result_limit", "did you mean 'max_result'?"),
        ("[relay]\nmemory_bytes = 1\n", "memory_bytes", "did you mean 'memory'?"),
        ("[relay]\nworkers = 1\n", "workers", "did you mean 'sandbox_workers'?"),
        ("[relay]\nskip_verify = true\n", "skip_verify", "did you mean 'insecure_skip_verify'?"),
        ("[relay]\nretry-schedule = []\n", "retry-schedule", "did you mean 'retry_schedule'?"),
        ('[relay]\nsite_id = "s"\n', "site_id", "credentials = {"),
        ('[relay]\nsecret = "whsec_x"\n', "secret", 'secret_env = "'),
    ],
)
def test_unknown_toml_keys_are_refused_with_a_suggestion(tmp_path, transform, toml, key, suggestion):
    (tmp_path / "relay.toml").write_text(toml)
    with pytest.raises(UserError, match=f"unknown key '{key}'") as caught:
        build_config([], config_file=tmp_path / "relay.toml", environ={**ENV, "K": "x"})
    assert suggestion in caught.value.fix


@pytest.mark.parametrize(
    "setting, flag, toml, env_name, env_value, default",
    [
        ("rate_limit", 5.0, "50", "DODO_CIO_RATE_LIMIT", "500", 1000.0),
        ("db", "flag.sqlite3", '"file.sqlite3"', "DODO_CIO_DATABASE_URL", "env.sqlite3", "relay.sqlite3"),
    ],
)
def test_each_setting_takes_the_flag_then_the_file_then_the_variable_then_the_default(
    tmp_path, transform, setting, flag, toml, env_name, env_value, default
):
    (tmp_path / "with.toml").write_text(f"[relay]\n{setting} = {toml}\n")
    (tmp_path / "without.toml").write_text("[relay]\n")
    env = {**ENV, env_name: env_value}

    def value(config_file: str, environ: dict[str, str], **flags: object) -> object:
        return getattr(build_config([transform], config_file=tmp_path / config_file, environ=environ, **flags), setting)

    assert value("with.toml", env, **{setting: flag}) == flag
    assert value("with.toml", env, **{setting: None}) == type(flag)(toml.strip('"'))
    assert value("without.toml", env) == type(flag)(env_value)
    assert value("without.toml", ENV) == default


@pytest.mark.parametrize(
    "toml, key",
    [
        ('port = "eighty"', "port"),
        ("sandbox_workers = 1.5", "sandbox_workers"),
        ('send_concurrency = "many"', "send_concurrency"),
        ("max_body = true", "max_body"),
        ('rate_limit = "fast"', "rate_limit"),
        ('log_format = "xml"', "log_format"),
        ('allow_hosts = "a.example"', "allow_hosts"),  # was taken letter by letter as hosts
        ("allow_hosts = 5", "allow_hosts"),  # was a TypeError traceback
        ('retry_schedule = ["soon"]', "retry_schedule"),
        ("retry_schedule = 5", "retry_schedule"),  # was a TypeError traceback
        ('secret_env = ["A"]', "secret_env"),  # was a TypeError traceback
    ],
)
def test_a_bad_relay_value_is_an_error_naming_its_key(tmp_path, transform, toml, key):
    # A number key given as text or a fraction was a ValueError traceback (int("eighty")).
    (tmp_path / "relay.toml").write_text(f"[relay]\n{toml}\n")
    with pytest.raises(UserError) as caught:
        build_config([transform], config_file=tmp_path / "relay.toml", environ=ENV)
    assert caught.value.where == f"[relay] {key}"


def test_the_readme_toml_example_names_every_relay_key_and_loads(tmp_path, transform):
    # max_result was missing from the README's example; the example is also a valid file.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n[relay]\n", 1)[1].split("```", 1)[0]
    relay_part = block.split("[[endpoint]]", 1)[0]
    keys = {
        line.split("=", 1)[0].strip() for line in relay_part.splitlines() if "=" in line and not line.startswith("#")
    }
    assert keys == set(RELAY_KEYS)
    (tmp_path / "relay.toml").write_text("[relay]\n" + relay_part)
    config = build_config([transform], config_file=tmp_path / "relay.toml", environ=ENV)
    assert config.max_body == 1 << 20 and config.result_bytes == 1 << 20 and config.rate_limit == 1000


@pytest.mark.parametrize(
    "toml, key, message",
    [
        ("timeout = 0", "timeout", "0 is out of range: time limit must be between 0 and 600 seconds"),
        ("timeout = 601", "timeout", "601 is out of range: time limit must be between 0 and 600 seconds"),
        ('timeout = "soon"', "timeout", "'soon' is not a duration"),
        ('memory = "1KiB"', "memory", "'1KiB' is out of range: memory limit must be between 1 MiB and 4 GiB"),
        ('memory = "lots"', "memory", "'lots' is not a size"),
        ('stack = "1KiB"', "stack", "'1KiB' is out of range: stack limit must be between 16 KiB and 64 MiB"),
        ("max_result = 5", "max_result", "5 is out of range: result limit must be between 1 KiB and 256 MiB"),
        ('order_grace = "soon"', "order_grace", "'soon' is not a duration"),
    ],
)
def test_a_limit_out_of_range_names_its_key_and_range_with_one_valid_example(tmp_path, transform, toml, key, message):
    # All four limits were reported as "[relay] timeout/memory/stack" (max_result not even named),
    # and timeout = "soon" said how to write a duration twice, the fix suggesting 0, which is refused.
    (tmp_path / "relay.toml").write_text(f"[relay]\n{toml}\n")
    with pytest.raises(UserError) as caught:
        build_config([transform], config_file=tmp_path / "relay.toml", environ=ENV)
    error = caught.value
    assert (error.where, error.message) == (f"[relay] {key}", message)
    assert str(error).count("write") <= 1 and str(error).count("fix:") == 1
    examples = re.findall(r'"([^"]+)"', error.fix) or re.findall(r"write it like ([^,]+),", error.fix)
    assert examples, error.fix
    for example in examples:  # every value the fix offers is one the relay takes
        (tmp_path / "relay.toml").write_text(f'[relay]\n{key} = "{example}"\n')
        build_config([transform], config_file=tmp_path / "relay.toml", environ=ENV)


def test_secrets_credentials_and_allowed_hosts_are_resolved_with_every_other_setting(tmp_path, transform):
    # They were merged by hand in build_config, each its own way; now resolve() decides them too.
    resolved = {s.field: s for s in SETTINGS}
    assert {"secrets", "site_id", "api_key", "region", "allow_hosts"} <= set(resolved)
    flag_secret, env_secret, other_secret = new_secret(), new_secret(), new_secret()
    environ = {"DODO_PAYMENTS_WEBHOOK_KEY": env_secret, "OTHER_KEY": other_secret, "CUSTOMERIO_REGION": "eu"}
    secrets = resolved["secrets"]
    assert resolve(secrets, {"secret": flag_secret}, {"secret_env": "OTHER_KEY"}, environ) == (flag_secret,)
    assert resolve(secrets, {}, {"secret_env": "OTHER_KEY"}, environ) == (other_secret,)
    assert resolve(secrets, {}, {}, environ) == (env_secret,)
    assert resolve(secrets, {}, {"secret_env": "UNSET"}, environ) == ()
    with pytest.raises(UserError) as caught:
        resolve(secrets, {}, {}, {"DODO_PAYMENTS_WEBHOOK_KEY": "not-a-whsec"})
    assert caught.value.where == "DODO_PAYMENTS_WEBHOOK_KEY" and "not-a-whsec" not in str(caught.value)
    assert resolve(resolved["region"], {"region": "us"}, {}, environ) == "us"
    assert resolve(resolved["region"], {}, {}, environ) == "eu"
    assert resolve(resolved["region"], {}, {}, {}) is None
    with pytest.raises(UserError) as caught:
        resolve(resolved["region"], {}, {}, {"CUSTOMERIO_REGION": "mars"})
    assert caught.value.where == "CUSTOMERIO_REGION"
    hosts = resolve(resolved["allow_hosts"], {"allow_hosts": ["B.example "]}, {"allow_hosts": ["a.example"]}, {})
    assert hosts == {"a.example", "b.example", "track.customer.io", "track-eu.customer.io"}


@pytest.mark.parametrize(
    "flags, environ, expected",
    [
        ({"site_id": "flag-site", "api_key": "flag-key-123"}, CIO, ("flag-site", "flag-key-123", "us")),
        ({"site_id": "flag-site"}, CIO, ("flag-site", "key-very-secret", "us")),
        ({}, {**CIO, "CUSTOMERIO_REGION": "EU "}, ("site123456", "key-very-secret", "eu")),
        ({"region": "us"}, {**CIO, "CUSTOMERIO_REGION": "eu"}, ("site123456", "key-very-secret", "us")),
        ({"site_id": "", "api_key": ""}, CIO, None),  # empty flags win over the variables: no default credentials
    ],
)
def test_default_credentials_take_each_flag_then_its_variable(transform, flags, environ, expected):
    config = build_config([transform], environ={"DODO_PAYMENTS_WEBHOOK_KEY": SECRET, **environ}, dry_run=True, **flags)
    creds = config.endpoints[0].credentials
    assert (creds and (creds.site_id, creds.api_key, creds.region)) == expected


def test_the_secret_takes_the_flag_then_the_variable_the_file_names_then_the_default_variable(tmp_path, transform):
    flag_secret, env_secret, other_secret = new_secret(), new_secret(), new_secret()
    (tmp_path / "named.toml").write_text('[relay]\nsecret_env = "OTHER_KEY"\n')
    (tmp_path / "plain.toml").write_text("[relay]\n")
    environ = {**CIO, "DODO_PAYMENTS_WEBHOOK_KEY": env_secret, "OTHER_KEY": other_secret}

    def secrets(config_file: str, environ: dict[str, str], **flags: object) -> tuple[str, ...]:
        return build_config([transform], config_file=tmp_path / config_file, environ=environ, **flags).secrets

    assert secrets("named.toml", environ, secret=flag_secret) == (flag_secret,)
    assert secrets("named.toml", environ) == (other_secret,)
    assert secrets("plain.toml", environ) == (env_secret,)
    with pytest.raises(UserError, match="no webhook secret: set OTHER_KEY"):
        secrets("named.toml", CIO)
    with pytest.raises(UserError) as caught:
        secrets("named.toml", {**CIO, "OTHER_KEY": "not-a-whsec"})
    assert caught.value.where == "OTHER_KEY" and "not-a-whsec" not in str(caught.value)
