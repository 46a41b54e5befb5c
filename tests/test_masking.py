"""Secrets are hidden by one set of rules (runner/masking.py), whoever prints them."""

from __future__ import annotations

import httpx

from runner.masking import HIDDEN, MIN_SECRET_LENGTH, Scrubber, mask_headers, mask_id, mask_secret, scrub


def test_the_scrubber_removes_a_secret_whole_even_when_another_is_part_of_it():
    short, long = "whsec_abcdef", "whsec_abcdef0123456789"
    assert Scrubber([short, long])(f"a {long} b {short}") == f"a {HIDDEN} b {HIDDEN}"
    assert scrub(f"a {long} b {short}", [short, long]) == f"a {HIDDEN} b {HIDDEN}"


def test_the_scrubber_leaves_words_alone_for_secrets_too_short_to_be_real():
    tiny = "k" * (MIN_SECRET_LENGTH - 1)
    assert Scrubber([tiny])(f"keep {tiny}") == f"keep {tiny}"
    assert scrub(f"pw {tiny}", [tiny]) == f"pw {HIDDEN}"  # a URL's password is hidden whatever its length


def test_masks_show_enough_to_recognise_a_value_and_no_more():
    assert mask_id("site-abcdef") == "si…ef" and mask_id("abc") == "…" and mask_id("") == ""
    assert mask_secret("my-secret-key-5678") == "my…(18 chars)" and mask_secret("12345678") == "********"
    shown = mask_headers(
        httpx.Headers({"Authorization": "Basic c2l0ZTprZXk=", "X-Api-Key": "k" * 20, "X-Other": "v"}).raw
    )
    assert shown == {"Authorization": f"Basic {HIDDEN}", "X-Api-Key": HIDDEN, "X-Other": "v"}
