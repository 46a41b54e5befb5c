"""Customer.io validation and emulator speed, beside baselines measured in the same run.

    python bench/bench_customerio.py [--n 20000] [--requests 2000]

Validation runs once per routed event, so its cost is shown next to the one thing it cannot
avoid: serialising the payload once to measure its size (compact json.dumps). If the spec is
present (DODO_CIO_TRACK_SPEC or ../shared/...), jsonschema on the same operation is shown
too; that is what we chose not to run per event. The emulator is timed with keep-alive httpx
requests, beside the region route (auth only, no body, no validation).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import httpx

from runner.customerio.limits import compact_json
from runner.customerio.validate import validate_request
from runner.emulator import EmulatorConfig, serve_in_thread

ENTITY = "https://track.customer.io/api/v2/entity"
IDENTIFY = {
    "type": "person",
    "identifiers": {"id": "cus_8fY2"},
    "action": "identify",
    "name": "Customer Identified",
    "attributes": {
        "email": "jane@example.com",
        "name": "Jane",
        "total_spent": "29.99",
        "payment_method": "card",
        "last_payment_date": "2026-01-14T13:26:02.854Z",
        "customer_since": "2026-01-14T13:26:02.854Z",
    },
}
BATCH = {"batch": [dict(IDENTIFY, action="event", name=f"paid_{i}") for i in range(100)]}


def timed(n: int, fn) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - start


def line(label: str, n: int, seconds: float, unit: str = "call") -> str:
    return f"  {label:<52} {seconds / n * 1e6:>9.1f} µs/{unit}  {n / seconds:>10,.0f}/s"


def spec_validator():
    path = Path(
        os.environ.get("DODO_CIO_TRACK_SPEC")
        or Path(__file__).resolve().parents[2] / "shared/reference/customerio/customer-io-track-api-openapi.json"
    )
    if not path.is_file():
        return None
    from jsonschema import Draft202012Validator

    spec = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator({"$ref": "#/components/schemas/identify_person", "components": spec["components"]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()
    n = args.n
    print(f"validation, {n:,} calls each")
    print(line("baseline: compact json.dumps of the identify", n, timed(n, lambda: compact_json(IDENTIFY))))
    print(
        line("validate_request(identify, 3 findings)", n, timed(n, lambda: validate_request("POST", ENTITY, IDENTIFY)))
    )
    print(
        line(
            "validate_request(non-Customer.io URL)",
            n,
            timed(n, lambda: validate_request("POST", "https://example.com/x", IDENTIFY)),
        )
    )
    validator = spec_validator()
    if validator is not None:
        m = max(n // 20, 1)
        print(line("reference: jsonschema on the same operation", m, timed(m, lambda: validator.is_valid(IDENTIFY))))
    m = max(n // 100, 1)
    print(line("baseline: compact json.dumps of a 100-item batch", m, timed(m, lambda: compact_json(BATCH)), "batch"))
    print(
        line(
            "validate_request(100-item batch)",
            m,
            timed(m, lambda: validate_request("POST", ENTITY.replace("entity", "batch"), BATCH)),
            "batch",
        )
    )

    r = args.requests
    print(f"emulator over loopback, {r:,} keep-alive requests each")
    with (
        serve_in_thread(EmulatorConfig(site_id="s", api_key="k")) as emu,
        httpx.Client(base_url=emu.base_url, auth=("s", "k")) as client,
    ):
        print(
            line(
                "baseline: GET /api/v1/accounts/region",
                r,
                timed(r, lambda: client.get("/api/v1/accounts/region")),
                "request",
            )
        )
        print(
            line(
                "POST /api/v2/entity (identify)",
                r,
                timed(r, lambda: client.post("/api/v2/entity", json=IDENTIFY)),
                "request",
            )
        )
        k = max(r // 20, 1)
        print(
            line(
                "POST /api/v2/batch (100 events)",
                k,
                timed(k, lambda: client.post("/api/v2/batch", json=BATCH)),
                "request",
            )
        )


if __name__ == "__main__":
    main()
