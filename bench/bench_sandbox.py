"""Sandbox throughput and memory: isolated events/s across the worker pool, beside baselines.

    python bench/bench_sandbox.py [--rounds 10] [--passes 2] [--workers 2]

Runs the three shipped transforms on all shipped fixtures (3 × 48 events per pass) through
the worker pool, fresh state per event, with each engine (runner/sandbox/worker.py):

- the snapshot engine (the default where it is built: an arena image copied back per event),
- the portable engine, a new `quickjs.Context` per event (what every event paid before),
- the same pool with no isolation (state kept between a transform's events): the baseline
  the goal is measured against (isolated ≥ 0.6× of it).

Modes alternate within every round, so machine load (this VM is shared) hits them alike;
the load average is printed. Then worker memory (RSS) after 3 and after 200 distinct
transforms, per engine. Also: one reused context in this process, node's
`vm.runInNewContext` per event, and `dodo-cio check` end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import quickjs

from runner.fixtures import load_fixtures
from runner.pipeline import RunOptions, run_matrix
from runner.sandbox import Sandbox
from runner.transforms import Transform, load_transforms
from runner.webhook import build_webhook

NODE_BASELINE = r"""
const vm = require('vm');
const fs = require('fs');
const { sources, webhooks, rounds } = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
let n = 0;
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const src of sources) for (const w of webhooks) {
  const sandbox = { input: w };
  vm.runInNewContext(src + '\nout = JSON.stringify(handler(JSON.parse(input)));', sandbox, { timeout: 1000 });
  n++;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ n, s }));
"""

# (label, engine, schema hints); the first is the baseline the ratios are taken against.
MODES = [
    ("no isolation: same pool, state kept", "unisolated", False),
    ("isolated: snapshot engine (after)", "auto", False),
    ("isolated: new context per event (before)", "context", False),
    ("isolated, schema hints: snapshot engine", "auto", True),
    ("isolated, schema hints: new context per event", "context", True),
]


def line(label: str, n: int, seconds: float, baseline: float | None = None) -> str:
    ratio = f"  {n / seconds / baseline:5.2f}×" if baseline else ""
    return f"  {label:<48} {n / seconds:>9,.0f} events/s {seconds / n * 1e6:>8.1f} µs/event{ratio}"


def worker_rss_mib() -> list[float]:
    """Resident memory of this process's children (the pool's workers), from /proc."""
    me, sizes = os.getpid(), []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) != me:
                    continue
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            sizes.append(rss / 1024)
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return sizes


def memory(engine: str, transforms: list[Transform], fixtures: list) -> tuple[float, float, str]:
    """One worker's RSS after the 3 shipped transforms, then after 200 distinct ones."""
    with Sandbox(workers=1, engine=engine) as sb:
        for hints in (False, True):
            run_matrix(sb, transforms, fixtures, options=RunOptions(hints=hints))
        three = max(worker_rss_mib())
        many = [Transform(f"variant{i}.js", f"{transforms[i % 3].source}\n// variant {i}\n") for i in range(200)]
        for hints in (False, True):
            run_matrix(sb, many, fixtures[:6], options=RunOptions(hints=hints))
        return three, max(worker_rss_mib()), sb.engine.get("engine", "?")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--passes", type=int, default=2, help="matrix passes per mode per round")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    transforms = load_transforms()
    fixtures = load_fixtures()
    per_pass = len(transforms) * len(fixtures)
    n = per_pass * args.passes * args.rounds
    load_before = os.getloadavg()
    print(
        f"{len(transforms)} transforms × {len(fixtures)} fixtures × {args.passes} passes × {args.rounds} rounds "
        f"= {n:,} events per mode; {args.workers} workers, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {load_before[0]:.2f} {load_before[1]:.2f}"
    )

    webhooks = [json.dumps(build_webhook(f.envelope)) for f in fixtures]
    pools = {engine: Sandbox(workers=args.workers, engine=engine) for engine in dict.fromkeys(e for _, e, _ in MODES)}
    timings = {label: 0.0 for label, _, _ in MODES}
    try:
        for sb in pools.values():
            run_matrix(sb, transforms, fixtures)  # start the workers, build the images
            run_matrix(sb, transforms, fixtures, options=RunOptions(hints=False))
        for _ in range(args.rounds):
            for label, engine, hints in MODES:
                started = time.perf_counter()
                for _ in range(args.passes):
                    run_matrix(pools[engine], transforms, fixtures, options=RunOptions(hints=hints))
                timings[label] += time.perf_counter() - started
        engines = {engine: sb.engine.get("engine", "?") for engine, sb in pools.items()}
    finally:
        for sb in pools.values():
            sb.close()
    load_after = os.getloadavg()

    # One reused context in this process: the engine's own floor, no pool, no isolation.
    ctx = quickjs.Context()
    started = time.perf_counter()
    for _ in range(args.rounds * args.passes):
        for t in transforms:
            ctx.eval(t.source)
            for w in webhooks:
                ctx.set("__in", w)
                ctx.eval("JSON.stringify(handler(JSON.parse(__in)))")
    reused = time.perf_counter() - started

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"sources": [t.source for t in transforms], "webhooks": webhooks, "rounds": args.rounds}, f)
    try:
        out = subprocess.run(
            ["node", "-e", NODE_BASELINE, f.name], capture_output=True, text=True, check=True, timeout=600
        )
        node = json.loads(out.stdout)
    except (OSError, subprocess.CalledProcessError) as exc:
        node = None
        print(f"  (node baseline skipped: {exc})")
    finally:
        os.unlink(f.name)

    baseline = n / timings[MODES[0][0]]
    print(
        f"\nThroughput, alternating rounds (higher is better; × = ratio to the no-isolation pool); "
        f"engines: {', '.join(f'{k} → {v}' for k, v in engines.items())}"
    )
    for label, _, _ in MODES:
        print(line(label, n, timings[label], None if label == MODES[0][0] else baseline))
    print(line("reference: one reused context, in this process", n, reused))
    if node:
        print(line("reference: node vm.runInNewContext per event", node["n"], node["s"]))
    print(f"  load average during the rounds: {load_before[0]:.2f} → {load_after[0]:.2f}")

    print("\nWorker memory (RSS of one worker)")
    for engine in ("auto", "context"):
        three, many, name = memory(engine, transforms, fixtures)
        print(
            f"  {name:<10} after the 3 shipped transforms: {three:6.1f} MiB;  "
            f"after 200 distinct transforms: {many:6.1f} MiB"
        )

    walls = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "runner", "check"], capture_output=True, timeout=120)
        walls.append(time.perf_counter() - started)
    print(
        f"\n`dodo-cio check` (3 × 48, interpreter start included): median {statistics.median(walls):.3f} s, "
        f"best {min(walls):.3f} s over 3 runs"
    )


if __name__ == "__main__":
    main()
