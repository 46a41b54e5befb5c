"""The emulator's control routes (/_emulator/*) answer only requests that name it: no DNS rebinding,
no cross-site reads."""

from __future__ import annotations

import httpx
import pytest

SITE, KEY = "site-control", "key-control-secret"


@pytest.mark.parametrize(
    "headers", [{"host": "evil.example:80"}, {"origin": "http://evil.example"}], ids=["foreign host", "foreign origin"]
)
def test_control_routes_refuse_a_foreign_host_or_origin(emu, headers):
    for method, path in (("GET", "/_emulator/requests"), ("POST", "/_emulator/faults")):
        r = httpx.request(
            method, emu.base_url + path, headers=headers, json={"queue": ["503"]} if method == "POST" else None
        )
        assert r.status_code == 403, (path, r.text)
        assert "refused" in r.json()["error"]
    assert emu.app.injector.plan.queue == [], "no fault was set"


def test_control_routes_answer_the_emulator_itself(emu):
    port = emu.base_url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        r = httpx.get(emu.base_url + "/_emulator/requests", headers={"host": host, "origin": f"http://{host}"})
        assert r.status_code == 200, r.text
