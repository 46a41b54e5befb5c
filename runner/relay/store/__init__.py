"""The relay's outbox behind one interface (`base`), with its tables described once (`schema`).

`open_store` and `open_admin` pick the store from the location: a file path is SQLite (the
embedded default); a `postgresql://` URL is PostgreSQL (`postgres.py`, an optional extra).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from ...errors import UserError
from .base import OutboxAdmin, RelayStore

__all__ = ["OutboxAdmin", "RelayStore", "is_postgres", "open_admin", "open_store"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(_POSTGRES_SCHEMES)


def _postgres() -> ModuleType:
    try:
        return importlib.import_module(".postgres", __name__)
    except ImportError as exc:
        raise UserError(
            f"PostgreSQL support is not available ({exc.name or exc})",
            where="--db",
            fix="pip install 'dodo-cio[postgres]', or pass an SQLite file path",
        ) from None


def open_store(
    location: str | Path,
    *,
    endpoints: Sequence[str] | None = None,
    lease_s: float | None = None,
    instance: str | None = None,
) -> RelayStore:
    """The store a relay runs on (not started yet). A shared store takes only `endpoints`' work,
    under `lease_s` leases owned by `instance`."""
    if is_postgres(location):
        store: RelayStore = _postgres().PostgresStore(
            str(location), endpoints=endpoints, instance=instance, **({"lease_s": lease_s} if lease_s else {})
        )
        return store
    from .sqlite import SQLiteStore

    return SQLiteStore(location)


def open_admin(location: str | Path, *, must_exist: bool = True, migrating: bool = False) -> OutboxAdmin:
    """The store the `outbox` commands work on (`migrating`: also one at an older schema version)."""
    if is_postgres(location):
        admin: OutboxAdmin = _postgres().PostgresAdmin(str(location), migrating=migrating)
        return admin
    from .sqlite import SQLiteAdmin

    return SQLiteAdmin(location, must_exist=must_exist)
