"""The delivery client's pure parts: credentials, deterministic ULIDs, retry timing, pacing."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from runner.customerio.credentials import Credentials
from runner.customerio.operations import with_event_ids
from runner.customerio.ratelimit import RateLimiter
from runner.customerio.retry import backoff_delay, is_retryable_status, parse_retry_after
from runner.customerio.ulid import CROCKFORD, FALLBACK_EPOCH_MS, embedded_time_ms, event_ulid, is_ulid, new_ulid
from runner.errors import UserError

KEY = "sk-very-secret-track-key"


# -- credentials ---------------------------------------------------------------------------


def test_credentials_repr_str_and_masked_hide_the_key():
    creds = Credentials("site-abcdef", KEY, "eu")
    for text in (repr(creds), str(creds), str(creds.masked()), f"{creds}"):
        assert KEY not in text
        assert "site-abcdef" not in text
        assert KEY[-4:] not in text  # not even a suffix
    assert creds.masked()["site_id"] == "si…ef"
    assert creds.track_base() == "https://track-eu.customer.io"
    assert Credentials("s", KEY, " EU ").region == "eu"


def test_credentials_from_env_options_win_and_whitespace_is_dropped():
    env = {"CUSTOMERIO_SITE_ID": "env-site", "CUSTOMERIO_API_KEY": f"{KEY}\n", "CUSTOMERIO_REGION": "EU"}
    creds = Credentials.from_env(env)
    assert (creds.site_id, creds.api_key, creds.region) == ("env-site", KEY, "eu")
    other = Credentials.from_env(env, site_id="opt-site", region="us")
    assert (other.site_id, other.api_key, other.region) == ("opt-site", KEY, "us")
    assert Credentials.from_env({}) is None


def test_credentials_half_a_pair_or_a_bad_region_is_a_user_error():
    with pytest.raises(UserError, match="CUSTOMERIO_API_KEY is not set"):
        Credentials.from_env({"CUSTOMERIO_SITE_ID": "s"})
    with pytest.raises(UserError, match="unknown Customer.io region 'mars'") as info:
        Credentials.from_env({"CUSTOMERIO_SITE_ID": "s", "CUSTOMERIO_API_KEY": KEY, "CUSTOMERIO_REGION": "mars"})
    assert "eu" in info.value.fix and KEY not in str(info.value)


# -- ULIDs ---------------------------------------------------------------------------------


def test_event_ulid_is_a_valid_ulid_and_deterministic():
    a = event_ulid("msg_1", "t.js", 0)
    assert is_ulid(a) and len(a) == 26 and set(a) <= set(CROCKFORD)
    assert a == event_ulid("msg_1", "t.js", 0)
    others = {event_ulid("msg_2", "t.js", 0), event_ulid("msg_1", "u.js", 0), event_ulid("msg_1", "t.js", 1)}
    assert a not in others and len(others) == 3


def test_event_ulid_time_comes_from_the_webhook_id_then_the_timestamp_then_a_fixed_epoch():
    source = new_ulid()
    assert embedded_time_ms(event_ulid(source, "t.js", 0)) == embedded_time_ms(source)
    # A Svix-style KSUID message id: 2023-01-19T00:53:51Z is embedded in its first 4 bytes.
    ksuid_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    assert embedded_time_ms(ksuid_id) == 1_674_087_231_000
    assert embedded_time_ms(event_ulid(ksuid_id, "t.js", 0)) == 1_674_087_231_000
    assert embedded_time_ms(event_ulid("evt-123", "t.js", 0, timestamp_s=1_700_000_000)) == 1_700_000_000_000
    assert embedded_time_ms(event_ulid("evt-123", "t.js", 0, timestamp_s="2024")) == FALLBACK_EPOCH_MS
    assert embedded_time_ms(event_ulid("evt-123", "t.js", 0)) == FALLBACK_EPOCH_MS


def test_event_ids_go_on_event_operations_only_and_keep_existing_ids():
    event = {"type": "person", "action": "event", "name": "paid", "identifiers": {"id": "1"}}
    identify = {"type": "person", "action": "identify", "identifiers": {"id": "1"}}
    out = with_event_ids("/api/v2/entity", event, "w", "t.js")
    assert out["id"] == event_ulid("w", "t.js", 0) and "id" not in event  # input untouched
    assert with_event_ids("/api/v2/entity", identify, "w", "t.js") == identify
    assert with_event_ids("/api/v2/entity", {**event, "id": "mine"}, "w", "t.js")["id"] == "mine"
    batch = with_event_ids("/api/v2/batch", {"batch": [identify, event, {**event, "action": "page"}]}, "w", "t.js")[
        "batch"
    ]
    assert "id" not in batch[0]
    assert [op["id"] for op in batch[1:]] == [event_ulid("w", "t.js", 1), event_ulid("w", "t.js", 2)]
    v1 = with_event_ids("/api/v1/customers/42/events", {"name": "paid"}, "w", "t.js")
    assert v1["id"] == event_ulid("w", "t.js", 0)
    assert with_event_ids("/api/v1/events", {"name": "visit", "anonymous_id": "a1"}, "w", "t.js")["id"] == v1["id"]
    assert "id" not in with_event_ids("/api/v1/customers/42", {"email": "a@b.c"}, "w", "t.js")


# -- retry timing --------------------------------------------------------------------------


def test_retryable_statuses():
    assert [s for s in (400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504) if is_retryable_status(s)] == [
        408,
        429,
        500,
        502,
        503,
        504,
    ]


def test_backoff_is_full_jitter_capped():
    samples = [backoff_delay(3, 0.5, 30.0) for _ in range(2000)]
    assert 0.0 <= min(samples) < 0.5 and 3.5 < max(samples) <= 4.0
    assert max(backoff_delay(20, 0.5, 2.0) for _ in range(200)) <= 2.0


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0.0
    now = time.time()
    date = format_datetime(datetime.fromtimestamp(now, timezone.utc) + timedelta(seconds=20), usegmt=True)
    assert 18.0 <= parse_retry_after(date, now=now) <= 21.0
    for junk in (None, "", "soon", "inf", "nan"):
        assert parse_retry_after(junk) is None


# -- pacing --------------------------------------------------------------------------------


def test_rate_limiter_paces_concurrent_callers():
    async def burst(limiter: RateLimiter, n: int) -> float:
        start = time.monotonic()
        await asyncio.gather(*(limiter.acquire() for _ in range(n)))
        return time.monotonic() - start

    assert asyncio.run(burst(RateLimiter(100.0), 21)) >= 0.19  # 20 intervals of 10 ms
    assert asyncio.run(burst(RateLimiter(10.0, burst=21), 21)) < 1.0  # a full bucket passes at once (paced: 2 s)
    assert asyncio.run(burst(RateLimiter(0), 500)) < 2.5  # 0 means no limit (paced, 500 would take 5 s)


def test_rate_limiter_never_exceeds_the_rate_for_a_sequential_caller():
    async def sequential(limiter: RateLimiter, n: int) -> float:
        start = time.monotonic()
        for _ in range(n):
            await limiter.acquire()
        return time.monotonic() - start

    elapsed = asyncio.run(sequential(RateLimiter(200.0), 101))
    assert 0.49 <= elapsed < 1.5  # 100 intervals of 5 ms; late wake-ups only add
