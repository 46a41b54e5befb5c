"""Sizes as people write them and read them: one spelling for options, one for messages; and
moments (`--now`, `--since`) read the same on every Python the project supports (3.10 too)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from runner.cli import cli
from runner.units import format_size, parse_moment, parse_size, spell_size


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


UTC = timezone.utc
NOON = datetime(2026, 1, 15, 12, tzinfo=UTC)
MOMENTS = [  # as people write them; Python 3.10's own fromisoformat rejects all but the first four
    ("2026-01-15T12:00:00Z", NOON),
    ("2026-01-15T12:00:00.123Z", NOON.replace(microsecond=123000)),
    ("2026-01-15T12:00:00+05:30", datetime(2026, 1, 15, 12, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ("2026-01-15", datetime(2026, 1, 15, tzinfo=UTC)),
    ("2026-01-15T12:00:00.5Z", NOON.replace(microsecond=500000)),
    ("2026-01-15T12:00:00.123456789Z", NOON.replace(microsecond=123456)),  # past microseconds: dropped
    ("2026-01-15T12:00:00,25z", NOON.replace(microsecond=250000)),
    ("2026-01-15T12:00:00.5-08:00", datetime(2026, 1, 15, 20, 0, 0, 500000, tzinfo=UTC)),
    ("2026-01-15 12:00:00.75+0100", datetime(2026, 1, 15, 11, 0, 0, 750000, tzinfo=UTC)),
    ("2026-01-15T12:00+05", datetime(2026, 1, 15, 7, tzinfo=UTC)),
    ("2026-01-15T12:00:00-05:30:15", datetime(2026, 1, 15, 17, 30, 15, tzinfo=UTC)),
    ("20260115T120000Z", NOON),
    ("20260115T120000.5+0000", NOON.replace(microsecond=500000)),
    ("20260115", datetime(2026, 1, 15, tzinfo=UTC)),
    ("2026-01-15T1230", datetime(2026, 1, 15, 12, 30, tzinfo=UTC)),
    ("2026-01-15T12", NOON),
    ("2026-W03-4T12:00Z", NOON),  # ISO week 3, Thursday
    ("2026W034", datetime(2026, 1, 15, tzinfo=UTC)),
    ("  2026-01-15T12:00:00Z \n", NOON),
]
NOT_MOMENTS = [
    "2026-01-15T12:00:00.Z",
    "2026-13-01",
    "2026-02-30",
    "2026-01-15T24:00:00",
    "2026-01-15T12:60",
    "2026-01-15T12:00:00+24:00",
    "2026-0115",
    "2026-01-15T12:0000",
    "2026-1-5",
    "2026-01",
    "2026-W54-1",
    "tomorrow",
    "",
]


@pytest.mark.parametrize("text, moment", MOMENTS)
def test_a_moment_reads_the_same_on_every_python(text, moment):
    parsed = parse_moment(text)
    assert parsed == moment and parsed.tzinfo is not None


@pytest.mark.parametrize("text", NOT_MOMENTS)
def test_anything_else_gets_the_same_clear_error(text):
    with pytest.raises(ValueError) as caught:
        parse_moment(text)
    assert str(caught.value) == f"{text!r} is not an ISO 8601 time; write it like 2026-01-15T12:00:00Z"
    with pytest.raises(ValueError, match="or a duration ago like 2h"):
        parse_moment(text or "x", ago=True)


# 3.10's fromisoformat is the reader this one replaces: the comparison exists from 3.11 on (a skip
# would fail CI, which runs with DODO_CIO_NO_SKIPS=1 on every Python).
if sys.version_info >= (3, 11):

    @pytest.mark.parametrize("text", [t for t, _ in MOMENTS] + NOT_MOMENTS[1:])
    def test_what_is_read_agrees_with_python_3_11s_own_reader(text):
        """The forms above are read, or refused, exactly as 3.11+'s datetime.fromisoformat does."""
        try:
            expected = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            with pytest.raises(ValueError):
                parse_moment(text)
        else:
            assert parse_moment(text) == (expected if expected.tzinfo else expected.replace(tzinfo=UTC))


def test_a_duration_ago_counts_back_from_now():
    assert parse_moment("2h", ago=True, now=NOON.timestamp()) == datetime(2026, 1, 15, 10, tzinfo=UTC)


def test_now_with_a_half_second_freezes_the_transforms_clock(tmp_path):
    """The issue's case: `--now 2026-01-15T12:00:00.5Z` was refused on Python 3.10 only."""
    script = tmp_path / "clock.js"
    script.write_text(
        "function handler(webhook) {\n"
        '  webhook.url = "https://track.customer.io/api/v2/entity";\n'
        '  webhook.payload = { type: "person", identifiers: { id: "c1" }, action: "identify",\n'
        "    attributes: { at: new Date().toISOString() } };\n"
        "  return webhook;\n"
        "}\n"
    )
    args = ["run", str(script), "--event", "payment.succeeded", "--now", "2026-01-15T12:00:00.5Z", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["webhook"]["payload"]["attributes"]["at"] == "2026-01-15T12:00:00.500Z"
