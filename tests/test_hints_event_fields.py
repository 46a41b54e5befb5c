"""runner/event_fields.json is what scripts/gen_event_fields.py derives from the SDK's webhook models.

The runtime does not depend on the SDK (it is a test extra), so the schema hints read a
generated JSON file. When the SDK changes, the comparison below fails; regenerate with

    .venv/bin/python scripts/gen_event_fields.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from runner.hints import FREE_FORM, LIST_ITEM

ROOT = Path(__file__).resolve().parents[1]
EVENT_FIELDS = ROOT / "runner" / "event_fields.json"
GENERATOR = ROOT / "scripts" / "gen_event_fields.py"


def shipped() -> dict:
    return json.loads(EVENT_FIELDS.read_text(encoding="utf-8"))


def test_event_fields_json_is_what_its_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "event_fields.json"
    done = subprocess.run([sys.executable, str(GENERATOR), str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == EVENT_FIELDS.read_bytes(), (
        "runner/event_fields.json is not what the installed SDK's models give: "
        "regenerate with `.venv/bin/python scripts/gen_event_fields.py` instead of editing it"
    )
    assert shipped()["_generated_by"].startswith("scripts/gen_event_fields.py")


def test_every_dodo_event_type_has_a_schema() -> None:
    from runner.fixtures import EVENT_TYPES

    doc = shipped()
    assert tuple(doc["events"]) == EVENT_TYPES
    assert set(doc["events"].values()) == set(doc["schemas"])


def test_generator_reads_nested_models_lists_and_free_form_dicts() -> None:
    payment = shipped()["schemas"]["payment"]["data"]
    assert payment["customer"]["phone_number"] is None
    assert "phone" not in payment["customer"]
    assert payment["metadata"] == FREE_FORM
    assert payment["product_cart"] == {LIST_ITEM: {"product_id": None, "quantity": None}}
    assert "restricted_to" in payment["discounts"][LIST_ITEM]


def test_credit_balance_low_gets_its_own_schema() -> None:
    doc = shipped()
    assert doc["events"]["credit.added"] == "credit"
    assert doc["events"]["credit.balance_low"] == "credit.balance_low"
    assert "threshold_percent" in doc["schemas"]["credit.balance_low"]["data"]
    assert "threshold_percent" not in doc["schemas"]["credit"]["data"]
