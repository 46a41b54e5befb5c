"""Sizes, durations and moments as people write them: `32MiB`, `250ms`, `2h`, `2026-01-15T12:00:00Z`.

The CLI's parameter types, the relay's TOML file and the library all read them here, so
`--memory 32MiB` and `memory = "32MiB"` mean the same thing. Errors are `ValueError`s whose
text says what a valid value looks like; callers add where the value came from.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B|bytes?)?\s*$", re.I)
_SIZE_UNITS = {"": 1, "B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
# ISO 8601 as Python 3.11+'s datetime.fromisoformat reads it, written out so 3.10 (whose reader
# takes only YYYY-MM-DD[THH[:MM[:SS[.fff[fff]]]]][+HH:MM]) reads the same: extended or basic
# format, a calendar or week date, seconds with a fraction of any length (`.` or `,`; digits past
# microseconds are dropped, as 3.11 does), and Z, +hh, +hh:mm, +hhmm or +hh:mm:ss as the zone.
# The date, the time and the zone are each extended (with - or :) or basic (without), as 3.11 allows.
_MOMENT = re.compile(
    r"""
    (?P<year>\d{4})
    (?: (?P<dash>-?)(?P<month>\d{2}) (?P=dash)(?P<day>\d{2})
      | (?P<wdash>-?)W(?P<week>\d{2}) (?: (?P=wdash)(?P<weekday>\d) )? )
    (?: [Tt\ ]
      (?P<hour>\d{2})
      (?: (?P<colon>:?)(?P<minute>\d{2})
        (?: (?P=colon)(?P<second>\d{2}) (?: [.,](?P<fraction>\d+) )? )? )?
      (?: \ ?(?P<utc>[Zz])
        | \ ?(?P<sign>[+-])(?P<oh>\d{2}) (?: (?P<ocolon>:?)(?P<om>\d{2}) (?: (?P=ocolon)(?P<os>\d{2}) )? )? )?
    )?
    """,
    re.X,
)


def parse_size(text: str | int) -> int:
    """Bytes from `32MiB`, `512K`, `1.5M`, `1048576` or `1000 bytes` (K, M, G are powers of 1024)."""
    if isinstance(text, int) and not isinstance(text, bool) and text >= 0:
        return text
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"{text!r} is not a size; write it like 32MiB, 512KiB or 1048576 (bytes)")
    return int(float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "").upper()[:1]])


def format_size(n: int) -> str:
    """`1.5 MiB`, `512 KiB`, `100 bytes`: a size for a person to read in a message (rounded)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def spell_size(n: int) -> str:
    """`32MiB` for 33554432: exact, as people write a size in an option or the TOML file
    (`--help` shows defaults this way), so `parse_size` reads it back to the same number."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift}{unit}"
    return f"{n} bytes"


def parse_duration(text: str | float | int) -> float:
    """Seconds from `30`, `1.5`, `250ms`, `5s`, `5m`, `2h` or `1d` (a bare number is seconds)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if text < 0:
            raise ValueError(f"{text!r} is a negative duration; use a value >= 0")
        return float(text)
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"{text!r} is not a duration; write it like 1.5, 250ms, 5s, 5m, 2h or 1d")
    return float(m.group(1)) * _DURATION_UNITS[m.group(2) or "s"]


def parse_moment(text: str, *, ago: bool = False, now: float | None = None) -> datetime:
    """An ISO 8601 time (UTC when it names no zone); with `ago`, also a duration back from now (`2h`)."""
    if ago:
        try:
            seconds = parse_duration(text)
        except ValueError:
            pass
        else:
            return datetime.fromtimestamp((time.time() if now is None else now) - seconds, tz=timezone.utc)
    m = _MOMENT.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError(text)
        return _moment(m)
    except ValueError:  # no match, or a field out of range (month 13, 25:00, Feb 30, +24:00)
        also = " or a duration ago like 2h" if ago else ""
        raise ValueError(f"{text!r} is not an ISO 8601 time; write it like 2026-01-15T12:00:00Z{also}") from None


def _moment(m: re.Match[str]) -> datetime:
    g = m.groupdict()
    if g["week"] is not None:
        day = date.fromisocalendar(int(g["year"]), int(g["week"]), int(g["weekday"] or 1))
    else:
        day = date(int(g["year"]), int(g["month"]), int(g["day"]))
    zone = timezone.utc
    if g["sign"] is not None:
        offset = timedelta(hours=int(g["oh"]), minutes=int(g["om"] or 0), seconds=int(g["os"] or 0))
        zone = timezone(-offset if g["sign"] == "-" else offset)  # ValueError from +24:00 on
    return datetime(
        day.year,
        day.month,
        day.day,
        int(g["hour"] or 0),
        int(g["minute"] or 0),
        int(g["second"] or 0),
        int((g["fraction"] or "0")[:6].ljust(6, "0")),
        tzinfo=zone,
    )


def iso_z(moment: datetime) -> str:
    """`2026-01-15T12:00:00Z`: UTC, with the Z that Dodo's timestamps use."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
