"""run_doctor and `dodo-cio doctor` against the Track API emulator: each machine-checkable
troubleshooting point, the output, --json and the exit codes."""

from __future__ import annotations

import json

import pytest

from runner.check.doctor import run_doctor
from runner.cli import main
from runner.customerio.credentials import Credentials
from runner.emulator import EmulatorConfig, serve_in_thread
from runner.errors import UserError
from runner.fixtures import find_fixture, load_fixtures
from runner.sandbox import Limits, Sandbox
from runner.transforms import Transform, load_transforms

SITE, KEY = "site-doctor-1", "key-doctor-0123456789"

GOOD = Transform(
    "good.js",
    """
function handler(webhook) {
  if (webhook.eventType === "payment.succeeded") {
    const p = webhook.payload.data;
    webhook.url = "https://track.customer.io/api/v2/entity";
    webhook.payload = {type: "person", identifiers: {id: p.customer.customer_id}, action: "event",
                       name: "payment_completed", attributes: {amount: p.total_amount}};
  }
  return webhook;
}""",
)


def transform(name: str, payload_js: str, url: str = "https://track.customer.io/api/v2/entity") -> Transform:
    return Transform(
        name,
        f"""
function handler(webhook) {{
  const p = webhook.payload.data;
  webhook.url = "{url}";
  webhook.payload = {payload_js};
  return webhook;
}}""",
    )


BOTH = "2 events (payment.succeeded, refund.succeeded)"  # how a problem on both sample events is shown


@pytest.fixture(scope="module")
def fixtures():
    return [find_fixture("payment.succeeded"), find_fixture("refund.succeeded")]


def doctor(emu, sandbox, fixtures, transforms=(GOOD,), creds=Credentials(SITE, KEY), **kw):
    return run_doctor(
        creds,
        transforms=list(transforms),
        fixtures=fixtures,
        base_url=emu.base_url if emu else None,
        sandbox=sandbox,
        **kw,
    )


@pytest.fixture(scope="module")
def emu():
    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY)) as handle:
        yield handle


def statuses(report) -> dict[str, str]:
    return {c.name: c.status for c in report.checks}


def test_a_good_setup_passes_every_check(emu, sandbox, fixtures):
    report = doctor(emu, sandbox, fixtures)
    assert report.ok
    assert statuses(report) == {
        "credentials": "ok",
        "credentials_accepted": "ok",
        "sandbox_engine": "ok",
        "region": "ok",
        "transforms_run": "ok",
        "identifiers": "ok",
        "structure": "ok",
        "names_attributes": "ok",
        "rate_limit": "ok",
    }
    assert "workspace region us" in report.check("credentials_accepted").message
    assert any("payment_completed" in d for d in report.check("names_attributes").details)
    assert report.to_json()["ok"] is True and KEY not in str(report.to_json())


def test_the_fallback_engine_is_a_warning_with_its_reason(emu, fixtures):
    """Where the snapshot engine cannot run, doctor says so, why, and how to get it back."""
    with Sandbox(workers=1, engine="context") as portable:
        check = doctor(emu, portable, fixtures).check("sandbox_engine")
    assert check.status == "warn"
    assert "fallback engine" in check.message and "C compiler" in check.fix
    assert check.details == ["reason: the portable engine was asked for"]


def test_a_wrong_key_fails_with_a_fix_and_skips_the_region(emu, sandbox, fixtures):
    report = doctor(emu, sandbox, fixtures, creds=Credentials(SITE, "key-not-this-one-999"))
    accepted = report.check("credentials_accepted")
    assert (
        not report.ok and accepted.status == "fail" and "401" in accepted.message and "Track API keys" in accepted.fix
    )
    assert report.check("region").status == "skip"


def test_missing_or_half_credentials_fail_without_a_request(emu, sandbox, fixtures):
    before = len(emu.state.requests())
    report = doctor(emu, sandbox, fixtures, creds=None)
    assert statuses(report)["credentials"] == "fail" and statuses(report)["credentials_accepted"] == "skip"
    assert "CUSTOMERIO_SITE_ID" in report.check("credentials").fix
    half = run_doctor(
        None,
        credentials_problem=UserError("CUSTOMERIO_API_KEY is not set", fix="set it"),
        transforms=[GOOD],
        fixtures=fixtures,
        base_url=emu.base_url,
        sandbox=sandbox,
    )
    assert half.check("credentials").message == "CUSTOMERIO_API_KEY is not set"
    assert len(emu.state.requests()) == before


@pytest.mark.parametrize(("account", "configured", "expected"), [("eu", "us", "warn"), ("us", "eu", "fail")])
def test_a_region_mismatch_is_reported_with_the_fix(sandbox, fixtures, account, configured, expected):
    with serve_in_thread(EmulatorConfig(site_id=SITE, api_key=KEY, region=account)) as other:
        report = doctor(other, sandbox, fixtures, creds=Credentials(SITE, KEY, configured))
    region = report.check("region")
    assert region.status == expected and f"CUSTOMERIO_REGION={account}" in region.fix
    if account == "eu":  # the transform hard-codes the US host, which the dashboard would use as is
        assert region.message.endswith("; 1 transform sends to the other region's host")
        assert region.details == [
            "good.js sends to track.customer.io: Customer.io redirects EU workspaces from the US host, so it works, "
            "but the data passes through US servers"
        ]


def test_a_transform_on_the_other_regions_host_fails_the_region_check(emu, sandbox, fixtures):
    eu = transform(
        "eu.js",
        '{type: "person", identifiers: {id: "x1"}, action: "identify"}',
        url="https://track-eu.customer.io/api/v2/entity",
    )
    region = doctor(emu, sandbox, fixtures, transforms=[eu]).check("region")
    assert region.status == "fail" and region.details == [
        "eu.js sends to track-eu.customer.io: a US workspace's requests to the EU host fail"
    ]
    assert "use https://track.customer.io/" in region.fix


def test_the_documented_transforms_fail_on_structure_and_warn_on_names(emu, sandbox, fixtures):
    report = doctor(emu, sandbox, fixtures, transforms=load_transforms())
    structure, names = report.check("structure"), report.check("names_attributes")
    assert not report.ok and structure.status == "fail"
    assert any(
        "track_payments.js × payment.succeeded: payload.action" in d and 'action: "event"' in d
        for d in structure.details
    )
    assert names.status == "warn"
    assert any("identify has no 'name' field" in d for d in names.details)
    assert any("ISO date string" in d for d in names.details)


def test_identifiers_missing_or_stringified_undefined_fail(emu, sandbox, fixtures):
    missing = transform(
        "missing.js", '{type: "person", identifiers: {id: p.customer.no_such_field}, action: "identify"}'
    )
    textual = transform(
        "textual.js", '{type: "person", identifiers: {id: `${p.customer.no_such_field}`}, action: "identify"}'
    )
    v1 = Transform(
        "v1.js",
        """
function handler(webhook) {
  webhook.method = "PUT";
  webhook.url = `https://track.customer.io/api/v1/customers/${webhook.payload.data.customer.nope}`;
  webhook.payload = {email: webhook.payload.data.customer.email};
  return webhook;
}""",
    )
    report = doctor(emu, sandbox, fixtures, transforms=[missing, textual, v1])
    check = report.check("identifiers")
    assert check.status == "fail" and "exactly one of id, email, phone or cio_id" in check.fix
    joined = "\n".join(check.details)
    assert f"missing.js × {BOTH}: payload.identifiers" in joined
    assert f"textual.js × {BOTH}: payload.identifiers.id is 'undefined'" in joined
    assert f"v1.js × {BOTH}: url: customer id is 'undefined'" in joined


def test_a_transform_that_throws_or_never_routes_is_reported(emu, sandbox, fixtures):
    throws = Transform("throws.js", "function handler(w) { return w.payload.data.nope.deeper; }")
    silent = Transform("silent.js", "function handler(w) { return w; }")
    report = doctor(emu, sandbox, fixtures, transforms=[throws, silent])
    run = report.check("transforms_run")
    assert run.status == "fail" and any(d.startswith(f"throws.js × {BOTH}: exception") for d in run.details)
    assert "silent.js sends nothing to Customer.io for any sample event" in run.details
    assert report.check("identifiers").status == "skip"


def test_counts_read_as_english(emu, sandbox, fixtures):
    """`1 transform`, `2 sample events`, never `transform(s)` (issue 12, item 17)."""
    good = doctor(emu, sandbox, fixtures)
    assert good.check("transforms_run").message == "1 transform × 2 sample events: 1 request to Customer.io"
    assert good.check("identifiers").message == "identifiers are set in the 1 request"
    assert (
        "good.js sends 1 event name: payment_completed (it must match your campaign triggers exactly)"
        in good.check("names_attributes").details
    )
    throws = Transform("throws.js", "function handler(w) { return w.payload.data.nope.deeper; }")
    textual = transform("textual.js", '{type: "person", identifiers: {id: `${p.nope}`}, action: "identify"}')
    posted = transform("posted.js", "{plan: 'pro'}", url="https://track.customer.io/api/v1/customers/cus_1")
    bad = doctor(emu, sandbox, fixtures[:1], transforms=[throws, textual, posted])
    assert bad.check("transforms_run").message == (
        "1 run failed; 3 transforms × 1 sample event: 2 requests to Customer.io"
    )
    assert bad.check("identifiers").message == "1 problem with customer identifiers"
    assert bad.check("structure").message == (
        "JSON structure and required fields: 1 error Customer.io would reject, 0 warnings"
    )
    assert "(s)" not in json.dumps(good.to_json()) + json.dumps(bad.to_json())


def test_the_same_problem_on_every_event_is_one_line(emu, sandbox):
    """Folded as `check` folds it: `× 48 events (…)`, not 12 identical lines and `… 36 more` (item 5)."""
    undefined = transform("undef.js", '{type: "person", identifiers: {id: `${p.nope}`}, action: "identify"}')
    throws = Transform("throws.js", "function handler(w) { return w.payload.data.nope.deeper; }")
    report = doctor(emu, sandbox, load_fixtures(), transforms=[undefined, throws])
    forty_eight = "48 events (payment.succeeded, payment.failed, payment.processing, … (+45))"
    assert report.check("identifiers").details == [f"undef.js × {forty_eight}: payload.identifiers.id is 'undefined'"]
    assert report.check("identifiers").message == "48 problems with customer identifiers"  # still counted per event
    assert report.check("transforms_run").details == [
        f"throws.js × {forty_eight}: exception: TypeError: cannot read property 'deeper' of undefined",
        "throws.js sends nothing to Customer.io for any sample event",
    ]


def test_a_problem_naming_its_event_folds_with_the_event_generalised(emu, sandbox, fixtures):
    named = transform("named.js", '{type: "person", identifiers: {id: "c1"}, action: webhook.eventType}')
    details = doctor(emu, sandbox, fixtures, transforms=[named]).check("structure").details
    [line] = details
    where, text = line.split("): ", 1)
    assert where == "named.js × 2 events (payment.succeeded, refund.succeeded"
    assert text.startswith('payload.action: "<event>" is not a Track v2 action') and 'name: "<event>"' in text
    assert "payment.succeeded" not in text and "refund.succeeded" not in text


def test_timeouts_fold_on_their_kind_though_their_figures_differ(emu, fixtures):
    loop = Transform("loop.js", "function handler(w) { while (true) {} }")
    with Sandbox(workers=1, limits=Limits(time_s=0.05)) as slow:
        details = doctor(emu, slow, fixtures, transforms=[loop]).check("transforms_run").details
    assert details == [
        "loop.js × 2 events (payment.succeeded, refund.succeeded): timeout: ran longer than the 0.05 s time limit",
        "loop.js sends nothing to Customer.io for any sample event",
    ]


@pytest.mark.parametrize(("rate", "status"), [(1000.0, "ok"), (50.0, "ok"), (5000.0, "warn"), (0.0, "warn")])
def test_the_rate_limit_setting(emu, sandbox, fixtures, rate, status):
    assert doctor(emu, sandbox, fixtures, rate_limit=rate).check("rate_limit").status == status


def test_an_unreachable_track_api_fails_the_acceptance_check(sandbox, fixtures):
    report = run_doctor(
        Credentials(SITE, KEY),
        transforms=[GOOD],
        fixtures=fixtures,
        base_url="http://127.0.0.1:9",
        sandbox=sandbox,
        timeout=1.0,
    )
    accepted = report.check("credentials_accepted")
    assert accepted.status == "fail" and accepted.message.startswith(
        "could not reach http://127.0.0.1:9/api/v1/accounts/region"
    )


# -- the command ----------------------------------------------------------------------------


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("CUSTOMERIO_SITE_ID", SITE)
    monkeypatch.setenv("CUSTOMERIO_API_KEY", KEY)
    for name in ("CUSTOMERIO_REGION", "DODO_CIO_RATE_LIMIT", "DODO_CIO_CUSTOMERIO_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / GOOD.name
    path.write_text(GOOD.source)
    return str(path)


def cli(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(["doctor", *argv])
    out, err = capsys.readouterr()
    assert KEY not in out + err
    return exited.value.code, out


def test_the_command_passes_a_good_transform(emu, env, good_file, capsys):
    code, out = cli(capsys, good_file, "--customerio-url", emu.base_url)
    assert code == 0, out
    assert "credentials_accepted: accepted by" in out and "0 failed" in out
    assert "good.js sends 1 event name: payment_completed" in out


def test_the_command_fails_the_shipped_transforms_with_fixes_in_json(emu, env, capsys):
    code, out = cli(capsys, "--customerio-url", emu.base_url, "--json", "--rate-limit", "5000")
    doc = json.loads(out)
    checks = {c["name"]: c for c in doc["checks"]}
    assert code == 1 and doc["ok"] is False
    assert checks["structure"]["status"] == "fail" and checks["structure"]["fix"]
    assert checks["rate_limit"]["status"] == "warn" and "5000" in checks["rate_limit"]["message"]
    assert checks["credentials_accepted"]["status"] == "ok"


def test_the_command_reports_half_credentials_as_a_failed_check(emu, env, good_file, capsys, monkeypatch):
    monkeypatch.delenv("CUSTOMERIO_API_KEY")
    code, out = cli(capsys, good_file, "--customerio-url", emu.base_url)
    assert code == 1
    assert "FAIL" in out and "credentials: CUSTOMERIO_API_KEY is not set" in out and "fix: set both" in out


def test_a_wrong_method_fails_the_structure_check_with_the_fix(emu, sandbox, fixtures):
    post_identify = transform(
        "post_identify.js", "{plan: 'pro'}", url="https://track.customer.io/api/v1/customers/cus_1"
    )
    report = doctor(emu, sandbox, fixtures, transforms=[post_identify])
    check = report.check("structure")
    assert check.status == "fail"
    assert any("takes PUT or DELETE, got POST" in d and 'set webhook.method = "PUT"' in d for d in check.details)


def test_placeholders_are_found_on_every_route(emu, sandbox, fixtures):
    merge = transform(
        "merge.js",
        "{primary: {id: String(p.customer.nope)}, secondary: {email: 'a@b.co'}}",
        url="https://track.customer.io/api/v1/merge_customers",
    )
    anon = transform(
        "anon.js", "{name: 'viewed', anonymous_id: `${p.nope}`}", url="https://track.customer.io/api/v1/events"
    )
    form = transform("form.js", "{data: {email: 'null'}}", url="https://track.customer.io/api/v1/forms/f1/submit")
    v2merge = transform(
        "v2merge.js", "{type: 'person', action: 'merge', primary: {id: 'a'}, secondary: {id: `${p.nope}`}}"
    )
    report = doctor(emu, sandbox, fixtures, transforms=[merge, anon, form, v2merge])
    joined = "\n".join(report.check("identifiers").details)
    for line in (
        f"merge.js × {BOTH}: payload.primary.id is 'undefined'",
        f"anon.js × {BOTH}: payload.anonymous_id is 'undefined'",
        f"form.js × {BOTH}: payload.data.email is 'null'",
        f"v2merge.js × {BOTH}: payload.secondary.id is 'undefined'",
    ):
        assert line in joined
    assert report.check("identifiers").status == "fail"
