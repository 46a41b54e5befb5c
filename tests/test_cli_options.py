"""One name, one type and one environment variable per setting, on every command."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from support.harness import EVENT_JS, RelayProcess, new_secret, relay_env, wait_until

from runner import envvars
from runner.cli import COMMANDS, cli
from runner.cli.params import Duration
from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig, serve_in_thread
from runner.relay.config import build_config
from runner.relay.trigger import DEFAULT_RELAY_URL


def all_commands() -> dict[str, click.Command]:
    ctx = click.Context(cli)
    out = {}
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        subs = command.commands.items() if isinstance(command, click.Group) else [("", command)]
        out.update({f"{name} {sub}".strip(): c for sub, c in subs})
    return out


def options_by_name() -> dict[str, list[tuple[str, click.Option]]]:
    found: dict[str, list[tuple[str, click.Option]]] = {}
    for command_name, command in all_commands().items():
        for p in command.params:
            if isinstance(p, click.Option):
                for flag in p.opts:
                    found.setdefault(flag, []).append((command_name, p))
    return found


SHARED = [
    "--timeout",
    "--memory",
    "--stack",
    "--customerio-url",
    "--site-id",
    "--api-key",
    "--region",
    "--rate-limit",
    "--secret",
    "--now",
    "--env",
]


@pytest.mark.parametrize("flag", SHARED)
def test_a_shared_option_has_one_type_and_one_variable_everywhere(flag):
    # the emulator's --rate-limit is the server's limit (429s it answers), not a client's setting
    uses = [(c, p) for c, p in options_by_name()[flag] if not (c == "emulator" and flag == "--rate-limit")]
    assert len({type(p.type) for _, p in uses}) == 1, [(c, p.type) for c, p in uses]
    assert len({p.envvar for _, p in uses}) == 1, [(c, p.envvar) for c, p in uses]


def test_every_span_of_time_is_a_duration_option():
    # `--latency 250ms` as everywhere else: no command takes bare milliseconds or seconds of its own
    spans = [
        f
        for f, uses in options_by_name().items()
        if re.search(r"timeout|latency|retry-after|older-than|-ms$|-seconds?$", f) and not uses[0][1].is_flag
    ]
    assert {"--timeout", "--http-timeout", "--latency", "--retry-after", "--older-than"} <= set(spans)
    for flag in spans:
        assert {type(p.type) for _, p in options_by_name()[flag]} == {Duration}, flag


def test_the_relay_takes_the_same_limits_and_customerio_options_as_run_and_send():
    names = options_by_name()
    for flag in ("--timeout", "--memory", "--stack"):
        assert {"run", "check", "send", "editor", "relay"} <= {c for c, _ in names[flag]}
    for flag in ("--customerio-url", "--site-id", "--api-key", "--region", "--rate-limit"):
        assert {"send", "doctor", "relay"} <= {c for c, _ in names[flag]}
    assert "--time-limit" not in names


def test_every_variable_an_option_reads_is_declared_once():
    declared = {p.envvar for uses in options_by_name().values() for _, p in uses if p.envvar}
    assert declared <= set(envvars.ALL), declared - set(envvars.ALL)
    assert {
        envvars.CUSTOMERIO_URL,
        envvars.SITE_ID,
        envvars.API_KEY,
        envvars.REGION,
        envvars.RATE_LIMIT,
        envvars.WEBHOOK_KEY,
    } <= declared


@pytest.mark.parametrize(
    "argv, message",
    [
        (["relay", "--timeout", "soon"], "Invalid value for '--timeout': 'soon' is not a duration"),
        (["relay", "--memory", "lots"], "Invalid value for '--memory': 'lots' is not a size"),
        (["check", "--stack", "1K"], "Invalid value for '--stack': '1K' is outside 16KiB to 64MiB"),
        (["send", "x.js", "--http-timeout", "1y"], "Invalid value for '--http-timeout': '1y' is not a duration"),
        (
            ["outbox", "replay", "--since", "last week"],
            "Invalid value for '--since': 'last week' is not an ISO 8601 time",
        ),
        (["outbox", "purge", "--older-than", "soon"], "Invalid value for '--older-than': 'soon' is not a duration"),
        (["emulator", "--latency", "fast"], "Invalid value for '--latency': 'fast' is not a duration"),
        (["emulator", "--retry-after", "2x"], "Invalid value for '--retry-after': '2x' is not a duration"),
        (["run", "x.js", "--env", "NOEQUALS"], "Invalid value for '--env': 'NOEQUALS' is not KEY=VALUE"),
        (
            ["check", "--endpoint-url", "hooks.example.com"],
            "'--endpoint-url': 'hooks.example.com' is not a full http(s)",
        ),
        (
            ["run", "x.js", "--endpoint-url", "ftp://example.com/x"],
            "'--endpoint-url': 'ftp://example.com/x' is not an http",
        ),
        (
            ["doctor", "--region", "mars"],
            "Invalid value for '--region' (env var: 'CUSTOMERIO_REGION'): unknown Customer.io region 'mars'",
        ),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_the_option_with_a_fix(argv, message):
    p = subprocess.run([sys.executable, "-m", "runner", *argv], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2, p.stderr
    assert message in p.stderr and "fix:" in p.stderr and "Traceback" not in p.stderr


def test_relay_precedence_is_flags_then_toml_then_environment(tmp_path):
    (tmp_path / "t.js").write_text(EVENT_JS)
    env = {
        envvars.WEBHOOK_KEY: new_secret(),
        envvars.CUSTOMERIO_URL: "http://127.0.0.1:1",
        envvars.RATE_LIMIT: "50",
        envvars.SITE_ID: "site",
        envvars.API_KEY: "key-123456",
    }
    assert build_config([tmp_path / "t.js"], environ=env).customerio_url == "http://127.0.0.1:1"
    assert build_config([tmp_path / "t.js"], environ=env).rate_limit == 50
    toml = tmp_path / "r.toml"
    toml.write_text(
        "[relay]\n"
        'customerio_url = "http://127.0.0.1:2"\n'
        'timeout = "250ms"\n'
        'memory = "64MiB"\n'
        'stack = "2MiB"\n'
        "sandbox_workers = 3\n"
        '[[endpoint]]\ntransform = "t.js"\n'
    )
    config = build_config([], config_file=toml, environ=env)
    assert config.customerio_url == "http://127.0.0.1:2"
    assert (config.limits.time_s, config.limits.memory_bytes, config.limits.stack_bytes, config.sandbox_workers) == (
        0.25,
        64 << 20,
        2 << 20,
        3,
    )
    flagged = build_config(
        [], config_file=toml, environ=env, customerio_url="http://127.0.0.1:3", timeout=2.0, memory=8 << 20, workers=1
    )
    assert (flagged.customerio_url, flagged.limits.time_s, flagged.limits.memory_bytes, flagged.sandbox_workers) == (
        "http://127.0.0.1:3",
        2.0,
        8 << 20,
        1,
    )


def test_relay_precedence_holds_for_the_secret_credentials_and_allowed_hosts(tmp_path):
    # These were merged by hand in build_config; they now go through the same resolve() as the rest.
    (tmp_path / "t.js").write_text(EVENT_JS)
    env_secret, named_secret, flag_secret = new_secret(), new_secret(), new_secret()
    env = {
        envvars.WEBHOOK_KEY: env_secret,
        "TEAM_WEBHOOK_KEY": named_secret,
        envvars.SITE_ID: "env-site",
        envvars.API_KEY: "env-key-123456",
        envvars.REGION: "eu",
    }
    toml = tmp_path / "r.toml"
    toml.write_text(
        '[relay]\nsecret_env = "TEAM_WEBHOOK_KEY"\nallow_hosts = ["file.example"]\n[[endpoint]]\ntransform = "t.js"\n'
    )
    plain = build_config([tmp_path / "t.js"], environ=env)
    creds = plain.endpoints[0].credentials
    assert plain.secrets == (env_secret,) and (creds.site_id, creds.api_key, creds.region) == (
        "env-site",
        "env-key-123456",
        "eu",
    )
    assert plain.allow_hosts == {"track.customer.io", "track-eu.customer.io"}
    filed = build_config([], config_file=toml, environ=env)
    assert filed.secrets == (named_secret,) and filed.allow_hosts == plain.allow_hosts | {"file.example"}
    flagged = build_config(
        [],
        config_file=toml,
        environ=env,
        secret=flag_secret,
        site_id="flag-site",
        api_key="flag-key-123456",
        region="us",
        allow_hosts=["Flag.Example"],
    )
    creds = flagged.endpoints[0].credentials
    assert flagged.secrets == (flag_secret,)
    assert (creds.site_id, creds.api_key, creds.region) == ("flag-site", "flag-key-123456", "us")
    assert flagged.allow_hosts == filed.allow_hosts | {"flag.example"}  # hosts add up rather than replace


def test_the_relay_delivers_to_DODO_CIO_CUSTOMERIO_URL_like_send_and_doctor(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    secret = new_secret()
    with serve_in_thread(EmulatorConfig()) as emu:
        env = relay_env(secret, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY) | {envvars.CUSTOMERIO_URL: emu.base_url}
        with RelayProcess(
            [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--timeout", "2s", "--memory", "16MiB"],
            log=tmp_path / "log",
            env=env,
        ) as relay:
            sent = subprocess.run(
                [sys.executable, "-m", "runner", "trigger", "payment.succeeded", "--to", f"127.0.0.1:{relay.port}"],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
            )
            assert sent.returncode == 0, sent.stderr
            wait_until(lambda: emu.state.requests(), 20, what="the delivery at the emulator")
    assert DEFAULT_RELAY_URL.endswith("/webhooks/dodo")


@pytest.mark.parametrize(
    "args, option",
    [
        (["emulator", "--port", "0", "--fault", "teapot"], "--fault"),
        (["emulator", "--port", "0", "--fault", "429@soon"], "--fault"),
        (["trigger", "--set", "nonsense", "payment.succeeded"], "--set"),
        (["relay", "--retry-schedule", "5parsecs", "x.js"], "--retry-schedule"),
    ],
)
def test_values_read_by_the_library_are_usage_errors_naming_their_option(args, option):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.output and "fix:" in result.output


def test_verbose_names_the_sandbox_engine_as_doctor_does():
    argv = [sys.executable, "-m", "runner", "run", "transforms/track_payments.js", "-e", "payment.succeeded"]
    quiet = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    verbose = subprocess.run([*argv, "--verbose"], capture_output=True, text=True, timeout=60)
    assert verbose.returncode == quiet.returncode and "sandbox_engine" not in quiet.stderr
    assert "sandbox_engine" not in verbose.stdout  # stdout stays the result, for pipes
    assert "sandbox_engine: snapshot engine" in verbose.stderr or "sandbox_engine: fallback engine" in verbose.stderr


def test_verbose_gives_the_fallback_engines_reason_and_fix(capsys):
    from runner.cli.options import say_engine
    from runner.fixtures import find_fixture
    from runner.pipeline import run_event
    from runner.sandbox import Sandbox
    from runner.transforms import load_transform

    with Sandbox(workers=1, engine="context") as portable:
        run_event(portable, load_transform("transforms/track_payments.js"), find_fixture("payment.succeeded").envelope)
    say_engine({"verbose": False}, portable)
    assert capsys.readouterr().err == ""
    say_engine({"verbose": True}, portable)
    err = capsys.readouterr().err
    assert "sandbox_engine: fallback engine" in err and "reason: the portable engine was asked for" in err
    assert "fix: install a C compiler" in err
