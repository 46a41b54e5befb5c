"""Relay benchmark: signed events in, durable acks, deliveries to the emulator; figures, not asserts.

Three processes, as in production: the relay (`python -m runner relay`), the Customer.io
emulator (`python -m runner emulator`) and this load generator. The baseline is the same
server stack (uvicorn + Starlette, same route, same socket setup) answering 200 without doing
anything, measured in the same run with the same load generator, so the ratio is the cost of
verification + the durable commit, not of the client or the machine.

    .venv/bin/python bench/bench_relay.py            # full run (about a minute)
    .venv/bin/python bench/bench_relay.py --quick    # smaller counts
    # this tree against another checkout, rounds alternating:
    .venv/bin/python bench/bench_relay.py --compare /tmp/before
    .venv/bin/python bench/bench_relay.py --stores sqlite          # only the SQLite outbox

Each outbox in one run (`--stores sqlite,postgres`; PostgreSQL is a throwaway cluster started
here, with pg_stat_statements). Prints, per store: events/s accepted at maximum (and the
baseline's), events/s delivered to the emulator, p50/p99 ingest latency at a set rate (300 ev/s
by default), CPU-seconds per 1,000 events of the relay (with its sandbox workers) and of
PostgreSQL (every server process), statements per event, the relay's resident memory with
10,000 events queued behind a Customer.io outage, and a capacity projection from the CPU costs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent / "tests")
)  # support.harness: test helpers, not in the wheel

from support.harness import (  # noqa: E402
    EVENT_JS,
    RawConnection,
    RelayProcess,
    new_secret,
    numbered_events,
    relay_env,
    wait_until,
)

from runner.emulator import DEMO_API_KEY, DEMO_SITE_ID  # noqa: E402
from runner.relay.trigger import signed_request  # noqa: E402


def serve_baseline(port_file: str) -> None:
    """The same server answering 200 without verifying or storing anything."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from runner.relay.server import WEBHOOK_PATH
    from runner.serving import bind_listener

    async def receive(request):
        await request.body()
        return JSONResponse({"status": "accepted"})

    sock = bind_listener("127.0.0.1", 0)
    Path(port_file).write_text(str(sock.getsockname()[1]))
    app = Starlette(routes=[Route(WEBHOOK_PATH, receive, methods=["POST"])])
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")).run(sockets=[sock])


def start_child(args: list[str], port_file: Path, env: dict | None = None) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    port = wait_until(
        lambda: port_file.exists() and port_file.read_text().strip(), 20, interval=0.05, what=f"{args[2:4]} to listen"
    )
    return proc, int(port)


def start_emulator(tmp: Path) -> tuple[subprocess.Popen, str]:
    # the emulator CLI prints its URL; a free port picked here keeps the parsing out of the way
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "runner", "emulator", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _ok(base + "/_emulator/faults"), 20, interval=0.05, what="the emulator")
    return proc, base


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def prepare(secret: str, envelopes: list[dict]) -> list[tuple[bytes, dict]]:
    """Sign ahead of time so the generator measures the server, not HMAC in the client."""
    return [signed_request(secret, e) for e in envelopes]


async def blast(url: str, requests: list[tuple[bytes, dict]], concurrency: int) -> tuple[float, list[float], int]:
    """As fast as possible over `concurrency` connections: (seconds, latencies, non-2xx count)."""
    latencies: list[float] = []
    errors = 0
    it = iter(requests)

    async def worker() -> None:
        nonlocal errors
        conn = RawConnection(url)
        for body, headers in it:
            t = time.perf_counter()
            status, _ = await conn.post(body, headers)
            latencies.append(time.perf_counter() - t)
            errors += not 200 <= status < 300
        conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, errors


async def paced(url: str, requests: list[tuple[bytes, dict]], rate: float) -> tuple[list[float], int]:
    """Open loop at `rate` events/s: a request waits for a free connection, never for a slow predecessor."""
    latencies: list[float] = []
    errors = 0
    idle = [RawConnection(url) for _ in range(64)]

    async def one(body: bytes, headers: dict, due: float) -> None:
        nonlocal errors
        conn = idle.pop() if idle else RawConnection(url)
        status, _ = await conn.post(body, headers)
        latencies.append(time.perf_counter() - due)
        errors += not 200 <= status < 300
        idle.append(conn)

    start = time.perf_counter()
    tasks = []
    for i, (body, headers) in enumerate(requests):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(body, headers, due)))
    await asyncio.gather(*tasks)
    for conn in idle:
        conn.close()
    return latencies, errors


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def metric(base: str, name: str, label: str = "") -> float:
    text = httpx.get(base + "/metrics", timeout=5).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and (not label or label in line):
            total += float(line.split()[-1])
    return total


def rss_mb(pid: int) -> tuple[float, float]:
    """(the relay's RSS, the relay plus its sandbox workers), in MB."""

    def one(p: int) -> float:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    own = one(pid)
    return own, own + sum(one(int(c)) for c in children)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the sandbox workers), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")

    def one(p: int) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return one(pid) + sum(one(int(c)) for c in children)


class Postgres:
    """A throwaway cluster with pg_stat_statements, so statements per event can be counted."""

    def __init__(self) -> None:
        from support.throwaway_postgres import ThrowawayPostgres

        self.cluster = ThrowawayPostgres(
            settings={"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all"}
        )
        self.cluster.start()
        self.url = self.cluster.url()
        self._sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        self._databases = 0

    def new_database(self) -> str:
        """A fresh, empty database for one round (an earlier round's backlog stays behind)."""
        self._databases += 1
        self._sql(f"CREATE DATABASE round{self._databases}")
        return self.cluster.url(f"round{self._databases}")

    def _sql(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []

    def cpu_seconds(self) -> float:
        """The postmaster and its children: every backend, the WAL writer, the checkpointer."""
        return cpu_seconds(int((self.cluster.datadir / "postmaster.pid").read_text().split()[0]))

    def statements(self) -> int:
        """Statements run so far (BEGIN and COMMIT included), not counting these measuring queries."""
        return int(
            self._sql(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'"
            )[0][0]
        )

    def stop(self) -> None:
        self.cluster.destroy()


def one_round(
    tree: Path,
    tmp: Path,
    secret: str,
    emu_base: str,
    n_max: int,
    n_rate: int,
    rate: float,
    concurrency: int,
    *,
    db: str | None = None,
    pg: Postgres | None = None,
    backlog: int = 0,
    log_format: str = "json",
) -> dict[str, float]:
    """One relay started from `tree` (its `runner` package) on `db` (a fresh SQLite file by default): accepted/s,
    delivered/s, ingest latency at max and at `rate`, CPU-s per 1,000 events (and PostgreSQL's, with `pg`), and with
    `backlog` its memory holding that many events behind a Customer.io outage."""
    db = db or str(tmp / f"relay-{time.monotonic_ns()}.sqlite3")
    env = dict(relay_env(secret, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY), PYTHONPATH=str(tree))
    relay = RelayProcess(
        [str(tmp / "event.js"), "--db", db, "--customerio-url", emu_base],
        log_format=log_format,
        log=tmp / "relay.log",
        env=env,
        cwd=str(tree),
    )
    relay.start()
    out: dict[str, float] = {}
    first = 10**8 * (1 + time.monotonic_ns() % 1000)  # fresh webhook ids for every round on a shared database
    try:
        asyncio.run(blast(relay.url, prepare(secret, numbered_events(500, 100, start=first)), concurrency))  # warm-up
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 60, what="the warm-up to drain")
        done0 = metric(relay.base, "dodo_cio_relay_deliveries_total", 'outcome="delivered"')
        cpu0, pg_cpu0, st0 = cpu_seconds(relay.proc.pid), pg.cpu_seconds() if pg else 0.0, pg.statements() if pg else 0
        started = time.perf_counter()
        secs, max_lat, err = asyncio.run(
            blast(relay.url, prepare(secret, numbered_events(n_max, 100, start=first + 1000)), concurrency)
        )
        wait_until(
            lambda: metric(relay.base, "dodo_cio_relay_deliveries_total", 'outcome="delivered"') - done0 >= n_max,
            300,
            interval=0.05,
            what="every delivery",
        )
        delivered_secs = time.perf_counter() - started
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 60, what="the queue to drain")
        lat, rate_err = asyncio.run(
            paced(relay.url, prepare(secret, numbered_events(n_rate, 100, start=first + 1000 + n_max)), rate)
        )
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 120, what="the queue to drain")
        time.sleep(0.5)  # the last outcomes' group commit
        cpu = cpu_seconds(relay.proc.pid) - cpu0
        events = n_max + n_rate
        out = {
            "accepted_per_s": n_max / secs,
            "delivered_per_s": n_max / delivered_secs,
            "p50_ms_max": pct(max_lat, 50),
            "p99_ms_max": pct(max_lat, 99),
            "p50_ms_at_rate": pct(lat, 50),
            "p99_ms_at_rate": pct(lat, 99),
            "cpu_s_per_1000": cpu / events * 1000,
            "pg_cpu_s_per_1000": (pg.cpu_seconds() - pg_cpu0) / events * 1000 if pg else 0.0,
            "statements_per_event": (pg.statements() - st0) / events if pg else 0.0,
            "errors": err + rate_err,
        }
        if backlog:  # memory with a backlog: Customer.io down, the events accepted and waiting
            httpx.post(emu_base + "/_emulator/faults", json={"fail_ratio": 1.0}, timeout=5)
            out["rss_idle_mb"] = rss_mb(relay.proc.pid)[0]
            asyncio.run(
                blast(relay.url, prepare(secret, numbered_events(backlog, 1000, start=first + 10**7)), concurrency)
            )
            wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") >= backlog, 60, what="the backlog")
            time.sleep(1.0)
            out["queued"] = metric(relay.base, "dodo_cio_relay_queue_depth")
            out["rss_queued_mb"] = rss_mb(relay.proc.pid)[0]
            httpx.post(emu_base + "/_emulator/faults", json={}, timeout=5)
    finally:
        relay.terminate()
    return out


def compare(before: Path, rounds: int, quick: bool, rate: float, concurrency: int) -> None:
    """This tree against `before`, rounds alternating, one emulator for both; prints medians per figure."""
    here = Path(__file__).resolve().parent.parent
    n_max, n_rate = (3000, 1500) if quick else (10000, 4500)
    secret = new_secret()
    workdir = tempfile.TemporaryDirectory(prefix="bench-relay-", ignore_cleanup_errors=True)  # removed on return
    tmp = Path(workdir.name)
    (tmp / "event.js").write_text(EVENT_JS)
    load = os.getloadavg()[0]
    print(
        f"relay before/after: {os.cpu_count()} CPUs, load {load:.1f} at start, {rounds} rounds each, alternating; "
        f"{n_max} events at max, {n_rate} at {rate:g}/s"
    )
    emu_proc, emu_base = start_emulator(tmp)
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    try:
        for i in range(rounds):
            for name, tree in (
                (("before", before), ("after", here)) if i % 2 == 0 else (("after", here), ("before", before))
            ):
                httpx.post(emu_base + "/_emulator/reset", timeout=30)
                results[name].append(one_round(tree, tmp, secret, emu_base, n_max, n_rate, rate, concurrency))
                results[name][-1] = {
                    k: results[name][-1][k]
                    for k in ("accepted_per_s", "delivered_per_s", "p99_ms_at_rate", "cpu_s_per_1000", "errors")
                }
                print(
                    f"  round {i + 1} {name:6} " + "  ".join(f"{k} {v:.2f}" for k, v in results[name][-1].items()),
                    flush=True,
                )
    finally:
        emu_proc.kill()
        emu_proc.wait()
    print(f"load at end {os.getloadavg()[0]:.1f}")
    print(f"\n{'median of ' + str(rounds):34}{'before':>10}{'after':>10}{'change':>9}")
    for key, label in (
        ("accepted_per_s", "accepted at max, events/s"),
        ("delivered_per_s", "delivered, events/s"),
        ("p99_ms_at_rate", f"ingest p99 at {rate:g}/s, ms"),
        ("cpu_s_per_1000", "relay CPU-s per 1,000 events"),
    ):
        b = statistics.median(r[key] for r in results["before"])
        a = statistics.median(r[key] for r in results["after"])
        print(f"{label:34}{b:>10.2f}{a:>10.2f}{(a - b) / b * 100:>+8.0f}%")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rate", type=float, default=300.0)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument(
        "--stores", default="sqlite,postgres", help="the outboxes to measure, in this order (sqlite, postgres)"
    )
    ap.add_argument(
        "--log-format", default="json", choices=["json", "text", "quiet"], help="the relay's output (to a file)"
    )
    ap.add_argument(
        "--compare",
        metavar="TREE",
        type=Path,
        help="also run the relay from this checkout (before), rounds alternating",
    )
    ap.add_argument(
        "--rounds", type=int, default=3, help="rounds per relay (stores or trees), alternating; medians are printed"
    )
    ap.add_argument("--serve-baseline", metavar="PORT_FILE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_baseline:
        serve_baseline(args.serve_baseline)
        return
    if args.compare:
        compare(args.compare, args.rounds, args.quick, args.rate, args.concurrency)
        return
    n_max = 3000 if args.quick else 10000
    n_rate = 1500 if args.quick else 4500
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    secret = new_secret()
    workdir = tempfile.TemporaryDirectory(prefix="bench-relay-", ignore_cleanup_errors=True)  # removed on return
    tmp = Path(workdir.name)
    (tmp / "event.js").write_text(EVENT_JS)
    here = Path(__file__).resolve().parent.parent
    children: list[subprocess.Popen] = []
    rounds: dict[str, list[dict[str, float]]] = {s: [] for s in stores}
    pg: Postgres | None = None
    print(
        f"relay benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load generator concurrency {args.concurrency}, "
        f"{args.rounds} rounds per store, alternating; load {os.getloadavg()[0]:.1f} at start"
    )
    try:
        base_proc, base_port = start_child(
            [sys.executable, __file__, "--serve-baseline", str(tmp / "baseline.port")], tmp / "baseline.port"
        )
        children.append(base_proc)
        base_url = f"http://127.0.0.1:{base_port}/webhooks/dodo"
        asyncio.run(blast(base_url, prepare(secret, numbered_events(500, 100)), args.concurrency))  # warm-up
        b_secs, b_lat, _ = asyncio.run(blast(base_url, prepare(secret, numbered_events(n_max, 100)), args.concurrency))
        b_rate_lat, _ = asyncio.run(paced(base_url, prepare(secret, numbered_events(n_rate, 100)), args.rate))
        base_proc.terminate()

        emu_proc, emu_base = start_emulator(tmp)
        children.append(emu_proc)
        pg = Postgres() if "postgres" in stores else None
        for i in range(args.rounds):
            for store in stores if i % 2 == 0 else stores[::-1]:
                httpx.post(emu_base + "/_emulator/reset", timeout=30)
                rounds[store].append(
                    one_round(
                        here,
                        tmp,
                        secret,
                        emu_base,
                        n_max,
                        n_rate,
                        args.rate,
                        args.concurrency,
                        db=pg.new_database() if pg and store == "postgres" else None,
                        pg=pg if store == "postgres" else None,
                        backlog=10000 if i == 0 else 0,
                        log_format=args.log_format,
                    )
                )
                print(
                    f"  round {i + 1} {store:8} " + "  ".join(f"{k} {v:.2f}" for k, v in rounds[store][-1].items()),
                    flush=True,
                )
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
                c.wait()
        if pg:
            pg.stop()
    print(f"load at end {os.getloadavg()[0]:.1f}")
    medians = {
        store: {k: statistics.median(r[k] for r in rs if k in r) for k in rs[0]} for store, rs in rounds.items() if rs
    }
    report(medians, n_max, n_max / b_secs, b_lat, b_rate_lat, args.rate)


def report(
    results: dict[str, dict[str, float]],
    n_max: int,
    baseline_rate: float,
    b_lat: list[float],
    b_rate_lat: list[float],
    rate: float,
) -> None:
    print(f"\n{'median of the rounds':36}" + "".join(f"{n:>12}" for n in results) + f"{'baseline':>12}")

    def row(label: str, key: str, fmt: str = ".0f", base: str = "-", note: str = "") -> None:
        print(
            f"{label:36}"
            + "".join(f"{format(r[key], fmt):>12}" for r in results.values())
            + f"{base:>12}"
            + (f"   {note}" if note else "")
        )

    row(
        "accepted at max, events/s",
        "accepted_per_s",
        base=f"{baseline_rate:.0f}",
        note="(goal >= 1000/s; postgres >= 0.7x sqlite)",
    )
    row("delivered to emulator, events/s", "delivered_per_s", note=f"({n_max} events, send start to last delivery)")
    row("ingest p50 at max, ms", "p50_ms_max", ".1f", f"{pct(b_lat, 50):.1f}")
    row("ingest p99 at max, ms", "p99_ms_max", ".1f", f"{pct(b_lat, 99):.1f}")
    row(f"ingest p50 at {rate:g}/s, ms", "p50_ms_at_rate", ".1f", f"{pct(b_rate_lat, 50):.1f}")
    row(f"ingest p99 at {rate:g}/s, ms", "p99_ms_at_rate", ".1f", f"{pct(b_rate_lat, 99):.1f}", "(goal <= 25 ms)")
    row("relay CPU-s per 1,000 events", "cpu_s_per_1000", ".2f", note="(relay + its sandbox workers)")
    row("PostgreSQL CPU-s per 1,000 events", "pg_cpu_s_per_1000", ".2f", note="(every server process)")
    row(
        "statements per event",
        "statements_per_event",
        ".2f",
        note="(pg_stat_statements, BEGIN/COMMIT included; goal <= 4)",
    )
    row("RSS idle, MB", "rss_idle_mb")
    row("RSS with 10,000 queued, MB", "rss_queued_mb", note="(goal < 200 MB)")
    print(f"non-2xx: {sum(r['errors'] for r in results.values()):.0f}")
    if "sqlite" in results and "postgres" in results:
        s, p = results["sqlite"], results["postgres"]
        print(
            f"postgres / sqlite: accepted {p['accepted_per_s'] / s['accepted_per_s']:.2f}x, "
            f"delivered {p['delivered_per_s'] / s['delivered_per_s']:.2f}x "
            "(goal >= 0.7x)"
        )
        project(p)
    print(json.dumps({name: {k: round(v, 3) for k, v in r.items()} for name, r in results.items()}))


def project(p: dict[str, float], cores_per_relay: int = 2, db_cores: int = 2) -> None:
    """Capacity from the measured CPU costs: N relay machines on one database, and where the database limits."""
    relay_per_s = cores_per_relay / (p["cpu_s_per_1000"] / 1000)  # one relay machine's CPU, fully used
    db_per_s = db_cores / (p["pg_cpu_s_per_1000"] / 1000) if p["pg_cpu_s_per_1000"] else float("inf")
    print(
        f"projection (CPU only; {cores_per_relay}-core relay machines, "
        f"a {db_cores}-core database): one relay machine ~{relay_per_s:.0f} events/s; "
        f"the database's CPU saturates at ~{db_per_s:.0f} events/s"
    )
    print("  " + ", ".join(f"{n} relays ~{min(n * relay_per_s, db_per_s):.0f}/s" for n in (1, 2, 4, 8)))


if __name__ == "__main__":
    main()
