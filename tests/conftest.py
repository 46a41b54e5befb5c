"""Shared test fixtures: one sandbox pool for the session, and the shipped data."""

from __future__ import annotations

import pytest

from runner.fixtures import find_fixture
from runner.sandbox import Limits, Sandbox
from runner.transforms import Transform, load_transform
from runner.resources import data_dir


@pytest.fixture(scope="session")
def sandbox():
    with Sandbox(workers=2, limits=Limits(time_s=1.0)) as sb:
        yield sb


@pytest.fixture(scope="session")
def seed_transform():
    """A shipped transform by file stem, e.g. seed_transform("track_payments")."""
    return lambda stem: load_transform(data_dir("transforms") / f"{stem}.js")


@pytest.fixture
def js():
    """An inline transform: js("function handler(w) { return w }")."""
    return lambda source, name="inline.js": Transform(name=name, source=source)


@pytest.fixture(scope="session")
def envelope():
    """A shipped sample envelope by event type (a fresh copy each call)."""
    import copy

    return lambda event_type: copy.deepcopy(find_fixture(event_type).envelope)
