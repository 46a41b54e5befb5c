"""`dodo-cio trigger` as a user runs it: a clear message when no relay listens, every type with --all."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from support.harness import EVENT_JS, RelayProcess, new_secret, relay_env
from test_trigger_send import SECRET as SERVER_SECRET, answering_server

from runner.errors import UserError
from runner.fixtures import EVENT_TYPES

SECRET = new_secret()


def trigger(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runner", "trigger", *args], capture_output=True, text=True, timeout=60, env=env
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_relay_running_is_a_clear_error_not_a_traceback():
    url = f"http://127.0.0.1:{free_port()}/webhooks/dodo"
    out = trigger("payment.succeeded", "--to", url, "--secret", SECRET)
    assert out.returncode != 0
    assert f"connection refused at {url}" in out.stderr and "is `dodo-cio relay` running?" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_bad_arguments_say_what_to_do():
    out = trigger("payment.succeeded", "--secret", SECRET, "--set", "oops")
    assert out.returncode == 2 and "PATH=VALUE" in out.stderr
    out = trigger("payment.succeded", "--secret", SECRET)
    assert out.returncode == 2 and "payment.succeeded" in out.stderr
    out = trigger("payment.succeeded", env={k: v for k, v in relay_env("").items() if k != "DODO_PAYMENTS_WEBHOOK_KEY"})
    assert out.returncode == 2 and "--secret" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_deeply_nested_set_value_is_a_usage_error():
    out = trigger("payment.succeeded", "--secret", SECRET, "--set", "data.x=" + "[" * 5000)
    assert out.returncode == 2, out.stderr
    assert "--set data.x: the value nests 5000 levels deep" in out.stderr and "fix: give data.x a value" in out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr


def test_all_sends_one_of_every_type_and_prints_the_responses(tmp_path):
    (tmp_path / "event.js").write_text(EVENT_JS)
    with RelayProcess(
        [str(tmp_path / "event.js"), "--db", str(tmp_path / "r.sqlite3"), "--dry-run"],
        log=tmp_path / "log",
        env=relay_env(SECRET),
    ) as relay:
        out = trigger("--all", "--to", relay.url, "--json", env=relay_env(SECRET))
        assert out.returncode == 0, out.stderr
        lines = [json.loads(line) for line in out.stdout.splitlines()]
        assert sorted(line["event_type"] for line in lines) == sorted(EVENT_TYPES)
        assert {line["status"] for line in lines} == {200}
        assert all(line["response"]["status"] == "accepted" for line in lines)
        wrong = trigger("payment.succeeded", "--to", relay.url, "--secret", new_secret())
        assert wrong.returncode == 1 and "[401]" in wrong.stdout and "bad_signature" in wrong.stdout


def test_new_secret_prints_a_whsec_value_the_relay_accepts(tmp_path):
    from runner.relay.config import build_config

    out = trigger("--new-secret")
    secret = out.stdout.strip()
    assert out.returncode == 0 and secret.startswith("whsec_") and secret != trigger("--new-secret").stdout.strip()
    (tmp_path / "event.js").write_text(EVENT_JS)
    assert build_config(
        [tmp_path / "event.js"], environ={"DODO_PAYMENTS_WEBHOOK_KEY": secret}, dry_run=True
    ).secrets == (secret,)
    with pytest.raises(UserError, match="not a whsec_"):  # the relay refuses what trigger refuses
        build_config([tmp_path / "event.js"], environ={"DODO_PAYMENTS_WEBHOOK_KEY": "nope"}, dry_run=True)


def test_a_secret_the_relay_would_refuse_is_refused_with_a_fix():
    for bad in ("nope", "whsec_", "whsec_not base64!", f"{SECRET} nope"):
        out = trigger("payment.succeeded", "--secret", bad, "--to", f"127.0.0.1:{free_port()}")
        assert out.returncode == 2 and "--secret: the webhook secret is not a whsec_<base64> value" in out.stderr, bad
        assert "dodo-cio trigger --new-secret" in out.stderr


def test_a_bad_secret_from_the_variable_is_reported_as_the_variable_and_never_shown():
    # It was reported as "--secret: ...", an option the user never typed.
    bad = "hunter2-not-a-whsec"
    to = f"127.0.0.1:{free_port()}"
    from_env = trigger("payment.succeeded", "--to", to, env={**os.environ, "DODO_PAYMENTS_WEBHOOK_KEY": bad})
    assert from_env.returncode == 2, from_env.stderr
    assert "DODO_PAYMENTS_WEBHOOK_KEY: the webhook secret is not a whsec_<base64> value" in from_env.stderr
    assert "--secret" not in from_env.stderr and bad not in from_env.stderr + from_env.stdout
    from_flag = trigger(
        "payment.succeeded", "--to", to, "--secret", bad, env={**os.environ, "DODO_PAYMENTS_WEBHOOK_KEY": SECRET}
    )
    assert from_flag.returncode == 2 and "--secret: the webhook secret" in from_flag.stderr
    assert bad not in from_flag.stderr + from_flag.stdout


def test_to_takes_host_and_port_without_a_scheme():
    port = free_port()
    out = trigger("payment.succeeded", "--secret", SECRET, "--to", f"localhost:{port}")
    assert f"connection refused at http://localhost:{port}/webhooks/dodo" in out.stderr
    out = trigger("payment.succeeded", "--secret", SECRET, "--to", "ftp://x")
    assert out.returncode == 2 and "Invalid value for '--to'" in out.stderr and "fix:" in out.stderr


def test_an_answer_nested_too_deep_to_parse_is_shown_as_text_not_an_internal_error():
    deep = b"[" * 100_000 + b"]" * 100_000  # deeper than Python's json recursion
    with answering_server(lambda envelope: (200, "application/json", deep)) as (url, received):
        out = trigger("payment.succeeded", "--to", url, "--secret", SERVER_SECRET)
    assert (out.returncode, len(received)) == (0, 1), out.stderr[-500:]
    assert out.stdout.startswith("[200] payment.succeeded msg_") and out.stdout.rstrip().endswith("]]]")
