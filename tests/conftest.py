"""Shared test fixtures: one sandbox pool for the session, and the shipped data."""

from __future__ import annotations

import pytest

from runner.fixtures import find_fixture
from runner.resources import data_dir
from runner.sandbox import Limits, Sandbox
from runner.transforms import Transform, load_transform


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


@pytest.fixture(scope="module")
def emulator(request):
    """A Track API emulator on loopback for the test module: the module's SITE and KEY, and
    any other EmulatorConfig fields in its EMULATOR_OPTIONS."""
    from runner.emulator import EmulatorConfig, serve_in_thread

    m = request.module
    with serve_in_thread(EmulatorConfig(site_id=m.SITE, api_key=m.KEY, **getattr(m, "EMULATOR_OPTIONS", {}))) as emu:
        yield emu


@pytest.fixture
def emu(emulator):
    """The module's emulator with its state, request log and faults reset."""
    emulator.reset()
    return emulator


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `.ci/run` (DODO_CIO_NO_SKIPS=1) a skip means CI failed to install something
    (Chromium, node, the spec beside the checkout): count it as a failure, not a pass."""
    import os

    outcome = yield
    report = outcome.get_result()
    if os.environ.get("DODO_CIO_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under DODO_CIO_NO_SKIPS=1: {report.longrepr}"


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session: DODO_CIO_TEST_DATABASE_URL when set, else a
    throwaway cluster (initdb + pg_ctl on a free loopback port) deleted at the end.

    Yields (url, cluster); cluster is None for an outside server (tests that restart the
    database need one they own)."""
    import os

    from support.throwaway_postgres import PostgresUnavailable, ThrowawayPostgres

    url = os.environ.get("DODO_CIO_TEST_DATABASE_URL")
    if url:
        yield url, None
        return
    try:
        cluster = ThrowawayPostgres().start()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    try:
        yield cluster.url(), cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(postgres_server):
    """A URL whose connections see only a fresh, empty schema: each test starts from nothing,
    also on a shared outside server. The schema is dropped afterwards."""
    import uuid

    psycopg = pytest.importorskip("psycopg")
    url, _ = postgres_server
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """A throwaway self-signed certificate for 127.0.0.1 and its key, made with the openssl CLI: (cert, key)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)
