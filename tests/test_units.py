"""Sizes as people write them and read them: one spelling for options, one for messages."""

from __future__ import annotations

import pytest

from runner.units import format_size, parse_size, spell_size


@pytest.mark.parametrize("n", [0, 1, 1000, 1 << 10, 16 << 10, 1536, 1 << 20, 32 << 20, 3 << 30, (1 << 20) + 1])
def test_a_spelled_size_reads_back_to_the_same_number(n):
    assert parse_size(spell_size(n)) == n


@pytest.mark.parametrize(
    "n, spelled, shown",
    [
        (512, "512 bytes", "512 bytes"),
        (2 << 10, "2KiB", "2 KiB"),
        (1536, "1536 bytes", "1.5 KiB"),
        (32 << 20, "32MiB", "32 MiB"),
        ((1 << 20) + (1 << 19), "1536KiB", "1.5 MiB"),
        (4 << 30, "4GiB", "4 GiB"),
    ],
)
def test_options_get_the_exact_spelling_and_messages_the_readable_one(n, spelled, shown):
    assert (spell_size(n), format_size(n)) == (spelled, shown)
