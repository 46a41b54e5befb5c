"""The editor driven as a user would, in Debian's Chromium through Playwright.

Each test opens the page fresh on one editor server (a copy of the shipped transforms in a
temp folder), clicks and types, and checks what is on screen and on disk.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from runner.editor import create_app
from runner.editor.server import serve_editor_in_thread
from runner.emulator import EmulatorConfig, serve_in_thread as serve_in_thread_emulator
from runner.resources import data_dir
from runner.sandbox import Limits
from runner.sandbox.pool import CEILING_FACTOR, GRACE_S

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LIMIT_S = 1.0
PAYMENTS = (data_dir("transforms") / "track_payments.js").read_text()
FIXED = PAYMENTS.replace(
    'action: "payment_completed",\n      name: "Payment Completed",',
    'action: "event",\n      name: "payment_completed",',
)
CODE = "#code-editor textarea"
PAYLOAD = "#payload-editor textarea"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "transforms"
    shutil.copytree(data_dir("transforms"), folder)
    running = serve_editor_in_thread(create_app(folder, limits=Limits(time_s=LIMIT_S), workers=2))
    try:
        yield running.url, folder
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, editor):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(editor[0])
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_transform(page, name: str) -> None:
    page.click(f"#transform-list button[data-name='{name}']")
    expect(page.locator("#file-name")).to_have_value(name)


def choose_sample(page, name: str) -> None:
    page.select_option("#fixture-select", name)
    expect(page.locator("#payload-editor:not([data-loading])")).to_have_count(1)
    assert json.loads(page.input_value(PAYLOAD))["type"] == name


def enter_credentials(page, site_id: str, api_key: str) -> None:
    page.fill("#cred-site", site_id)
    page.fill("#cred-key", api_key)
    page.click("#cred-save")
    expect(page.locator("#cred-status")).to_contain_text("in memory")


def line_of(source: str, needle: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if needle in line)


def test_test_fix_and_save_track_payments(page, editor):
    _, folder = editor
    open_transform(page, "track_payments.js")
    choose_sample(page, "payment.succeeded")
    page.click("#test-btn")
    expect(page.locator("#status-badge")).to_have_text("routed")
    expect(page.locator("#result-payload")).to_contain_text('"payment_amount": "29.99"')
    finding = page.locator(".finding[data-path='payload.action']")
    expect(finding).to_be_visible()
    expect(finding.locator(".fix")).to_contain_text('action: "event"')
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor.png"))

    page.fill(CODE, FIXED)
    expect(page.locator("#dirty")).to_be_visible()
    page.click("#test-btn")
    expect(page.locator("#status-badge")).to_have_text("routed")
    expect(page.locator(".finding[data-path='payload.action']")).to_have_count(0)
    expect(page.locator("#result-payload")).to_contain_text('"name": "payment_completed"')

    page.focus(CODE)
    page.keyboard.press("Control+s")
    expect(page.locator("#toast")).to_contain_text("Saved")
    expect(page.locator("#dirty")).to_be_hidden()
    assert (folder / "track_payments.js").read_text() == FIXED


def test_a_throw_puts_the_error_marker_on_its_line(page):
    open_transform(page, "track_attributes.js")
    choose_sample(page, "payment.succeeded")
    event = json.loads(page.input_value(PAYLOAD))
    del event["data"]["customer"]
    page.fill(PAYLOAD, json.dumps(event, indent=2))
    page.click("#test-btn")
    expect(page.locator("#status-badge")).to_have_text("error")
    source = page.input_value(CODE)
    line = line_of(source, "p.customer.customer_id")
    marker = page.locator("#code-editor .ln.error")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("data-line", str(line))
    expect(page.locator("#code-error")).to_contain_text(f"line {line}")
    expect(page.locator("#result-error .kind")).to_have_text("exception")
    # the red band sits on the same line as the gutter marker
    band = page.locator("#code-editor .err-line").bounding_box()
    mark = marker.bounding_box()
    assert abs((band["y"] + band["height"] / 2) - (mark["y"] + mark["height"] / 2)) < 3

    # a syntax error is marked on its line too, and editing the code clears the marker
    page.fill(CODE, "function handler(webhook) {\n  return webhook;\n}\n}\n")
    expect(marker).to_have_count(0)
    page.click("#test-btn")
    expect(page.locator("#result-error .kind")).to_have_text("syntax_error")
    expect(marker).to_have_attribute("data-line", "4")


def test_invalid_json_is_reported_inline_and_never_sent(page):
    expect(page.locator("#fixture-select option")).to_have_count(48)
    expect(page.locator("#fixture-select optgroup")).to_have_count(10)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/test" in r.url else None)
    page.fill(PAYLOAD, '{\n  "type": "payment.succeeded",\n  "data": {,\n}')
    expect(page.locator("#payload-error")).to_contain_text("Invalid JSON")
    expect(page.locator("#payload-editor .ln.error")).to_have_count(1)
    page.click("#test-btn")
    expect(page.locator("#toast")).to_contain_text("never sent")
    assert sent == []
    page.click("#reset-btn")
    expect(page.locator("#payload-error")).to_be_hidden()
    assert json.loads(page.input_value(PAYLOAD))["type"] == "payment.succeeded"


def test_a_hanging_transform_errors_in_time_and_the_editor_recovers(page):
    open_transform(page, "track_payments.js")
    page.fill(CODE, "function handler(webhook) {\n  while (true) {}\n}\n")
    started = time.monotonic()
    page.click("#test-btn")
    # The limit is CPU time: by the wall clock, up to the watchdog's ceiling on a loaded machine.
    ceiling_s = CEILING_FACTOR * (LIMIT_S + GRACE_S)
    expect(page.locator("#status-badge")).to_have_text("error", timeout=(ceiling_s + 2) * 1000)
    elapsed = time.monotonic() - started
    assert elapsed < ceiling_s, f"took {elapsed:.2f} s"  # about LIMIT_S + GRACE_S on a quiet machine
    expect(page.locator("#result-error .kind")).to_have_text("timeout")
    page.fill(CODE, FIXED)
    page.click("#test-btn")
    expect(page.locator("#status-badge")).to_have_text("routed")
    expect(page.locator("#test-btn")).to_be_enabled()


def test_a_path_traversal_name_is_refused(page, editor):
    _, folder = editor
    before = sorted(folder.parent.rglob("*"))
    page.fill("#file-name", "../../evil.js")
    page.click("#save-btn")
    expect(page.locator("#toast")).to_contain_text("refused file name")
    expect(page.locator("#file-name")).to_have_class("mono invalid")
    assert sorted(folder.parent.rglob("*")) == before


def test_new_from_template_and_overwrite_needs_confirmation(page, editor):
    _, folder = editor
    page.select_option("#template-select", "track_subscriptions.js")
    expect(page.locator("#file-name")).to_have_value("track_subscriptions_2.js")
    page.click("#save-btn")
    expect(page.locator("#toast")).to_contain_text("Created")
    assert (folder / "track_subscriptions_2.js").read_text() == (
        data_dir("transforms") / "track_subscriptions.js"
    ).read_text()
    expect(page.locator("#transform-list button[data-name='track_subscriptions_2.js']")).to_have_class("file active")

    page.select_option("#template-select", "track_attributes.js")
    expect(page.locator("#file-name")).to_have_value("track_attributes_2.js")
    page.fill("#file-name", "track_subscriptions_2.js")
    page.click("#save-btn")
    expect(page.locator("#confirm-bar")).to_contain_text("track_subscriptions_2.js already exists")
    page.click("#confirm-no")
    expect(page.locator("#confirm-bar")).to_be_hidden()
    assert "subscription.active" in (folder / "track_subscriptions_2.js").read_text()
    page.click("#save-btn")
    page.click("#confirm-yes")
    expect(page.locator("#toast")).to_contain_text("Saved")
    assert (folder / "track_subscriptions_2.js").read_text() == (
        data_dir("transforms") / "track_attributes.js"
    ).read_text()


def test_editor_keys_highlighting_and_line_numbers(page):
    open_transform(page, "track_payments.js")
    code = page.locator(CODE)
    assert page.locator("#code-editor .ln").count() == len(page.input_value(CODE).split("\n"))
    expect(page.locator("#code-editor .tok-keyword").first).to_have_text("function")
    expect(page.locator("#code-editor .tok-string").first).to_have_text('"payment.succeeded"')
    code.evaluate("ta => { ta.focus(); ta.setSelectionRange(0, 0); }")
    page.keyboard.press("Tab")
    assert page.input_value(CODE).startswith("  function handler")
    page.keyboard.press("Shift+Tab")
    assert page.input_value(CODE).startswith("function handler")
    # the highlighted layer always holds exactly the textarea's text
    assert page.locator("#code-editor pre code").inner_text().rstrip() == page.input_value(CODE).rstrip()


def test_test_all_events_shows_the_matrix(page):
    open_transform(page, "track_payments.js")
    page.click("#test-all-btn")
    rows = page.locator("#tab-matrix tr[data-fixture]")
    expect(rows).to_have_count(48, timeout=30_000)
    expect(page.locator("#tab-matrix tr[data-fixture='payment.succeeded'] .badge")).to_have_text("routed")
    page.click("#tab-matrix tr[data-fixture='subscription.active']")
    expect(page.locator("#fixture-select")).to_have_value("subscription.active")
    expect(page.locator("#status-badge")).to_have_text("unchanged")


def test_credentials_are_shown_masked_only(page):
    secret = "sk_browser_secret_0123456789"
    page.fill("#cred-site", "site_abcdef123")
    page.fill("#cred-key", secret)
    page.select_option("#cred-region", "eu")
    page.click("#cred-save")
    expect(page.locator("#cred-status")).to_contain_text("site si…23 · key **** · EU")
    expect(page.locator("#cred-key")).to_have_value("")
    assert secret not in page.content() and "site_abcdef123" not in page.content()
    page.click("#cred-clear")
    expect(page.locator("#cred-status")).to_have_text("No credentials yet.")


def test_send_test_delivers_to_a_local_emulator(page):
    with serve_in_thread_emulator(EmulatorConfig(site_id="site_browser_1", api_key="key_browser_secret")) as emu:
        enter_credentials(page, "site_browser_1", "key_browser_secret")
        open_transform(page, "track_attributes.js")
        choose_sample(page, "payment.succeeded")
        page.check("input[name=target][value=emulator]")
        page.fill("#emulator-url", emu.base_url)
        page.click("#send-btn")
        card = page.locator("#delivery-card")
        expect(card.locator(".badge")).to_have_text("200")
        expect(card).to_contain_text(f"{emu.base_url}/api/v2/entity")
        customer = emu.state.person("cus_0NWGwkiON1PKv48vrrwW5")
        assert customer is not None and customer["attributes"]["email"] == "jane@example.com"
        assert "key_browser_secret" not in page.content()
        page.click("#cred-clear")


def test_console_output_and_the_diff_are_shown(page):
    page.fill(
        CODE,
        "function handler(webhook) {\n"
        "  console.log('event', webhook.eventType);\n"
        "  console.warn('careful');\n"
        "  webhook.url = 'https://track.customer.io/api/v2/entity';\n"
        "  webhook.payload = { type: 'person', identifiers: { id: 'cus_1' }, action: 'identify' };\n"
        "  return webhook;\n}\n",
    )
    choose_sample(page, "refund.succeeded")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#status-badge")).to_have_text("routed")
    expect(page.locator("#console-count")).to_have_text("2")
    page.click(".tabs [data-tab=console]")
    lines = page.locator("#tab-console .console > span")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("event refund.succeeded")
    expect(lines.nth(1)).to_have_class("lvl-warn")
    page.click(".tabs [data-tab=diff]")
    expect(page.locator("#tab-diff li.changed").filter(has_text="url")).to_contain_text(
        "https://track.customer.io/api/v2/entity"
    )
    expect(page.locator("#tab-diff li.removed").filter(has_text="payload.data")).to_have_count(1)
    expect(page.locator("#tab-diff li.added").filter(has_text="payload.identifiers")).to_have_count(1)


def test_a_throw_shows_the_schema_hints_with_the_error(page):
    page.fill(
        CODE, "function handler(webhook) {\n  const c = webhook.payload.data.customer;\n  return c.nothing.id;\n}\n"
    )
    choose_sample(page, "payout.created")  # a payout has no customer: the read is undefined, then it throws
    page.click("#test-btn")
    expect(page.locator("#status-badge")).to_have_text("error")
    expect(page.locator("#result-error")).to_contain_text("TypeError")
    hint = page.locator("#tab-result .finding[data-code='unknown_field'][data-path='payload.data.customer']")
    expect(hint).to_be_visible()
    expect(page.locator("#tab-result h3")).to_contain_text(["Schema hints"])


def test_send_test_asks_before_sending_a_request_customerio_would_reject(page):
    with serve_in_thread_emulator(EmulatorConfig(site_id="site_browser_2", api_key="key_browser_secret_2")) as emu:
        enter_credentials(page, "site_browser_2", "key_browser_secret_2")
        page.fill(CODE, PAYMENTS)  # the documented code: action "payment_completed" is an error finding
        choose_sample(page, "payment.succeeded")
        page.check("input[name=target][value=emulator]")
        page.fill("#emulator-url", emu.base_url)
        page.click("#send-btn")
        expect(page.locator("#confirm-bar")).to_be_visible()
        expect(page.locator("#confirm-text")).to_contain_text(
            "Customer.io would reject this request: 1 error finding. Send it anyway?"
        )
        page.click("#confirm-no")
        expect(page.locator("#confirm-bar")).to_be_hidden()
        assert emu.state.requests() == []  # nothing sent without a yes
        page.click("#send-btn")
        page.click("#confirm-yes")
        card = page.locator("#delivery-card")
        expect(card.locator(".badge")).to_have_text("400")
        assert [r["status"] for r in emu.state.requests()] == [400]
        page.click("#cred-clear")
