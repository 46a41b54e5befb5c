"""What the slow-client guard costs a request: CPU per request of a guarded server beside the same
server unguarded (the baseline), measured in one run; figures, not asserts.

Each server is a child process running uvicorn (httptools, as the relay) with an ASGI app that
reads the body and answers "ok", so nearly all the difference is the guard's deadlines and
waiting room. This process is the load generator; the server's own CPU time is read from
/proc (the scheduler's count, in nanoseconds).

    .venv/bin/python bench/bench_guard.py                     # plain vs guarded, 5 rounds
    .venv/bin/python bench/bench_guard.py --held 900          # with 900 silent connections open
    .venv/bin/python bench/bench_guard.py --compare /tmp/before   # also another checkout's guard
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_relay import blast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # support.*: test helpers

from support.harness import wait_until  # noqa: E402

SERVER = """
import sys
from pathlib import Path

import uvicorn

from runner.serving import SlowClientGuard, bind_listener, raise_fd_limit


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


raise_fd_limit()
sock = bind_listener("127.0.0.1", 0)
settings = dict(log_level="warning", access_log=False, lifespan="off")
config = SlowClientGuard().config(app, **settings) if sys.argv[1] == "guarded" else uvicorn.Config(app, **settings)
Path(sys.argv[2]).write_text(str(sock.getsockname()[1]))
uvicorn.Server(config).run(sockets=[sock])
"""


def cpu_seconds(pid: int) -> float:
    """The CPU time of every thread of `pid`, from the scheduler's nanosecond count (ticks are 10 ms)."""
    return sum(int((task / "schedstat").read_text().split()[0]) for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9


BODY = b'{"type": "payment.succeeded", "data": {"payment_id": "pay_1"}}'


async def one_round(port: int, requests: int, held: int, concurrency: int, pid: int) -> tuple[float, float]:
    """(server CPU µs per request, requests/s) for `requests` keep-alive POSTs, `held` silent sockets open."""
    url = f"http://127.0.0.1:{port}/"
    silent = [await asyncio.open_connection("127.0.0.1", port) for _ in range(held)]
    work = [(BODY, {"content-type": "application/json"})]
    await blast(url, work * 1000, concurrency)  # warm up
    cpu = cpu_seconds(pid)
    seconds, _, errors = await blast(url, work * requests, concurrency)
    used = cpu_seconds(pid) - cpu
    for _, writer in silent:
        writer.close()
    if errors:
        raise RuntimeError(f"{errors} requests were not answered 200")
    return used / requests * 1e6, requests / seconds


def measure(tree: Path, mode: str, tmp: Path, requests: int, held: int, concurrency: int) -> tuple[float, float]:
    port_file = tmp / f"port-{mode}-{time.monotonic_ns()}"
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.Popen([sys.executable, "-c", SERVER, mode, str(port_file)], cwd=tree, env=env)
    try:
        port = int(str(wait_until(lambda: port_file.exists() and port_file.read_text(), 20, 0.05, "the server")))
        return asyncio.run(one_round(port, requests, held, concurrency, proc.pid))
    finally:
        proc.kill()
        proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--held", type=int, default=0, help="silent connections kept open meanwhile (under 10 s)")
    ap.add_argument("--compare", metavar="TREE", type=Path, help="also the guard of this checkout (before)")
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    runs = [("plain", here, "plain"), ("guarded", here, "guarded")]
    if args.compare:
        runs.append(("guarded (before)", args.compare.resolve(), "guarded"))
    print(
        f"guard benchmark: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start, {args.rounds} rounds "
        f"alternating, {args.requests} requests over {args.concurrency} connections, {args.held} silent ones held"
    )
    workdir = tempfile.TemporaryDirectory(prefix="bench-guard-", ignore_cleanup_errors=True)  # removed on return
    tmp = Path(workdir.name)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in runs}
    for i in range(args.rounds):
        for name, tree, mode in runs[i % len(runs) :] + runs[: i % len(runs)]:
            results[name].append(measure(tree, mode, tmp, args.requests, args.held, args.concurrency))
            print(f"  round {i + 1} {name:17} {results[name][-1][0]:7.1f} µs CPU/request", flush=True)
    print(f"load at end {os.getloadavg()[0]:.1f}\n\n{'median':20}{'µs CPU/request':>16}{'requests/s':>12}{'guard':>8}")
    base = statistics.median(r[0] for r in results["plain"])
    for name, _, _ in runs:
        cpu = statistics.median(r[0] for r in results[name])
        rate = statistics.median(r[1] for r in results[name])
        print(f"{name:20}{cpu:>16.1f}{rate:>12,.0f}{cpu - base:>+8.1f}")


if __name__ == "__main__":
    main()
