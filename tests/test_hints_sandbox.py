"""Schema hints end to end: the real QuickJS sandbox records the reads, the hints judge them."""

from __future__ import annotations

import copy

from runner.fixtures import find_fixture
from runner.pipeline import run_event
from runner.sandbox import Sandbox
from runner.transforms import Transform

SOURCE = """function handler(webhook) {
  const s = webhook.payload.data;
  webhook.url = "https://track.customer.io/api/v2/entity";
  const seen = [s.plan, s.customer.phone, s.cancelled_by, s.metadata.utm_source, s.addons[0], webhook.env.SITE_ID];
  if (webhook.event_type === undefined) seen.push(s.customer.email);
  return webhook;
}"""


def test_only_fields_missing_from_the_schema_are_reported() -> None:
    envelope = copy.deepcopy(find_fixture("subscription.active").envelope)
    del envelope["data"]["cancelled_by"]  # optional: absent in this sample, but Dodo may send it
    with Sandbox(workers=1) as sandbox:
        result = run_event(sandbox, Transform("reads.js", SOURCE), envelope)
    assert result.error is None
    hints = {f.path: f for f in result.findings if f.code in ("unknown_field", "unknown_webhook_field")}
    assert sorted(hints) == ["event_type", "payload.data.customer.phone", "payload.data.plan"]
    assert hints["payload.data.customer.phone"].fix == "did you mean payload.data.customer.phone_number?"
    assert hints["event_type"].code == "unknown_webhook_field"
    assert all(f.severity == "warning" for f in hints.values())
