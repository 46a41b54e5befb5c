"""The stores the contract tests run against; a new store adds itself to `BACKENDS`.

Each backend makes a fresh, empty outbox location per test and opens its relay face
(`RelayStore`) and operator face (`OutboxAdmin`) on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

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


def sqlite_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return Backend("sqlite", str(tmp_path / "outbox.sqlite3"))


def postgres_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A fresh schema on the session's real PostgreSQL server (see `pg_url` in conftest)."""
    return Backend("postgres", request.getfixturevalue("pg_url"))


BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Backend]] = {
    "sqlite": sqlite_backend,
    "postgres": postgres_backend,
}
