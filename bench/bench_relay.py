"""Relay benchmark: signed events in, durable acks, deliveries to the emulator; figures, not asserts.

Three processes, as in production: the relay (`python -m runner relay`), the Customer.io
emulator (`python -m runner emulator`) and this load generator. The baseline is the same
server stack (uvicorn + Starlette, same route, same socket setup) answering 200 without doing
anything, measured in the same run with the same load generator, so the ratio is the cost of
verification + the durable commit, not of the client or the machine.

    .venv/bin/python bench/bench_relay.py            # full run (about a minute)
    .venv/bin/python bench/bench_relay.py --quick    # smaller counts

Prints: events/s accepted at maximum (relay and baseline), events/s delivered to the emulator,
p50/p99 ingest latency at a set rate (300 ev/s by default), and the relay's resident memory
with 10,000 events queued behind a Customer.io outage.
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

from runner.customerio.emulator import DEMO_API_KEY, DEMO_SITE_ID  # noqa: E402
from runner.relay.harness import EVENT_JS, RawConnection, RelayProcess, new_secret, numbered_events, relay_env, wait_until  # noqa: E402
from runner.relay.trigger import signed_request  # noqa: E402


def serve_baseline(port_file: str) -> None:
    """The same server answering 200 without verifying or storing anything."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from runner.relay.server import WEBHOOK_PATH, bind

    async def receive(request):
        await request.body()
        return JSONResponse({"status": "accepted"})

    sock = bind("127.0.0.1", 0)
    Path(port_file).write_text(str(sock.getsockname()[1]))
    app = Starlette(routes=[Route(WEBHOOK_PATH, receive, methods=["POST"])])
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")).run(sockets=[sock])


def start_child(args: list[str], port_file: Path, env: dict | None = None) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    port = wait_until(lambda: port_file.exists() and port_file.read_text().strip(), 20, interval=0.05, what=f"{args[2:4]} to listen")
    return proc, int(port)


def start_emulator(tmp: Path) -> tuple[subprocess.Popen, str]:
    # the emulator CLI prints its URL; a free port picked here keeps the parsing out of the way
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen([sys.executable, "-m", "runner", "emulator", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rate", type=float, default=300.0)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--log-format", default="json", choices=["json", "text", "quiet"], help="the relay's output (to a file)")
    ap.add_argument("--serve-baseline", metavar="PORT_FILE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_baseline:
        serve_baseline(args.serve_baseline)
        return
    n_max = 3000 if args.quick else 10000
    n_rate = 1500 if args.quick else 4500
    n_queue = 10000
    secret = new_secret()
    tmp = Path(tempfile.mkdtemp(prefix="bench-relay-"))
    (tmp / "event.js").write_text(EVENT_JS)
    children: list[subprocess.Popen] = []
    print(f"relay benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load generator concurrency {args.concurrency}")
    try:
        base_proc, base_port = start_child([sys.executable, __file__, "--serve-baseline", str(tmp / "baseline.port")], tmp / "baseline.port")
        children.append(base_proc)
        base_url = f"http://127.0.0.1:{base_port}/webhooks/dodo"
        asyncio.run(blast(base_url, prepare(secret, numbered_events(500, 100)), args.concurrency))  # warm-up
        b_secs, b_lat, _ = asyncio.run(blast(base_url, prepare(secret, numbered_events(n_max, 100)), args.concurrency))
        b_rate_lat, _ = asyncio.run(paced(base_url, prepare(secret, numbered_events(n_rate, 100)), args.rate))
        base_proc.terminate()

        emu_proc, emu_base = start_emulator(tmp)
        children.append(emu_proc)
        env = relay_env(secret, site_id=DEMO_SITE_ID, api_key=DEMO_API_KEY)
        relay = RelayProcess([str(tmp / "event.js"), "--db", str(tmp / "relay.sqlite3"), "--customerio-url", emu_base], log_format=args.log_format,
                             log=tmp / "relay.log", env=env)
        relay.start()
        asyncio.run(blast(relay.url, prepare(secret, numbered_events(500, 100, start=10**6)), args.concurrency))  # warm-up
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 60, what="the warm-up to drain")
        done0 = metric(relay.base, "dodo_cio_relay_deliveries_total", 'outcome="delivered"')
        reqs = prepare(secret, numbered_events(n_max, 100))
        started = time.perf_counter()
        r_secs, r_lat, r_err = asyncio.run(blast(relay.url, reqs, args.concurrency))
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_deliveries_total", 'outcome="delivered"') - done0 >= n_max, 300, interval=0.05,
                   what="every delivery")
        delivered_secs = time.perf_counter() - started
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 60, what="the queue to drain")
        r_rate_lat, rate_err = asyncio.run(paced(relay.url, prepare(secret, numbered_events(n_rate, 100, start=n_max)), args.rate))
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") == 0, 120, what="the queue to drain")
        state = httpx.get(emu_base + "/_emulator/state", timeout=60).json()
        in_emulator = sum(len(p["events"]) for p in state["people"])

        # memory with a backlog: Customer.io down, 10,000 events accepted and waiting
        httpx.post(emu_base + "/_emulator/faults", json={"fail_ratio": 1.0}, timeout=5)
        rss_before = rss_mb(relay.proc.pid)
        asyncio.run(blast(relay.url, prepare(secret, numbered_events(n_queue, 1000, start=10**7)), args.concurrency))
        wait_until(lambda: metric(relay.base, "dodo_cio_relay_queue_depth") >= n_queue, 60, what="the backlog")
        time.sleep(1.0)
        queued = metric(relay.base, "dodo_cio_relay_queue_depth")
        rss_queued = rss_mb(relay.proc.pid)
        relay.terminate()
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
                c.wait()

    accepted_rate = n_max / r_secs
    baseline_rate = n_max / b_secs
    print()
    print(f"{'':34}{'relay':>12}{'baseline':>12}")
    print(f"{'accepted at max, events/s':34}{accepted_rate:>12.0f}{baseline_rate:>12.0f}   ratio {accepted_rate / baseline_rate:.2f}x (goal >= 0.5x, >= 1000/s)")
    print(f"{'delivered to emulator, events/s':34}{n_max / delivered_secs:>12.0f}{'-':>12}   ({n_max} events, send start to last delivery; goal >= 1000/s)")
    print(f"{'ingest p50 at max, ms':34}{pct(r_lat, 50):>12.1f}{pct(b_lat, 50):>12.1f}")
    print(f"{'ingest p99 at max, ms':34}{pct(r_lat, 99):>12.1f}{pct(b_lat, 99):>12.1f}")
    print(f"{f'ingest p50 at {args.rate:g}/s, ms':34}{pct(r_rate_lat, 50):>12.1f}{pct(b_rate_lat, 50):>12.1f}")
    print(f"{f'ingest p99 at {args.rate:g}/s, ms':34}{pct(r_rate_lat, 99):>12.1f}{pct(b_rate_lat, 99):>12.1f}   (goal <= 25 ms)")
    print(f"{'mean ingest at max, ms':34}{statistics.mean(r_lat) * 1000:>12.1f}{statistics.mean(b_lat) * 1000:>12.1f}")
    print(f"{'RSS idle / with backlog, MB':34}{rss_before[0]:>6.0f} /{rss_queued[0]:>4.0f}{'':>12}   ({queued:.0f} deliveries queued; goal < 200 MB)")
    print(f"{'  incl. sandbox workers, MB':34}{rss_before[1]:>6.0f} /{rss_queued[1]:>4.0f}")
    print(f"non-2xx: {r_err + rate_err}; events in the emulator: {in_emulator} of {n_max + n_rate + 500} sent before the outage")
    print(json.dumps({"accepted_per_s": round(accepted_rate), "baseline_per_s": round(baseline_rate), "delivered_per_s": round(n_max / delivered_secs),
                      "p50_ms_at_rate": round(pct(r_rate_lat, 50), 2), "p99_ms_at_rate": round(pct(r_rate_lat, 99), 2),
                      "rss_mb_queued": round(rss_queued[0]), "queued": queued}))


if __name__ == "__main__":
    main()
