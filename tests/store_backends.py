"""The stores the contract tests run against; a new store adds itself to `BACKENDS`.

Each backend makes a fresh, empty outbox location per test and opens its relay face
(`RelayStore`) and operator face (`OutboxAdmin`) on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from runner.relay.store import open_admin, open_store
from runner.relay.store.base import OutboxAdmin, RelayStore


@dataclass
class Backend:
    name: str
    location: str

    def store(self) -> RelayStore:
        return open_store(self.location)

    def admin(self) -> OutboxAdmin:
        return open_admin(self.location, must_exist=False)


def sqlite_backend(tmp_path: Path) -> Backend:
    return Backend("sqlite", str(tmp_path / "outbox.sqlite3"))


BACKENDS: dict[str, Callable[[Path], Backend]] = {"sqlite": sqlite_backend}
