"""Sandbox throughput: isolated events/s across the worker pool, beside two baselines.

    python bench/bench_sandbox.py [--rounds 20] [--workers 2]

Runs the three shipped transforms on all shipped fixtures. Baselines, measured in the same
run: one reused QuickJS context with no isolation (the floor of the engine's cost), and
node's `vm.runInNewContext` per event (a fresh V8 context, what a Node relay would do).
Also times `dodo-cio check` end to end, interpreter start included.
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
from runner.transforms import load_transforms
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


def line(label: str, n: int, seconds: float) -> str:
    return f"  {label:<44} {n / seconds:>9,.0f} events/s  {seconds / n * 1e6:>8.1f} µs/event"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    transforms = load_transforms()
    fixtures = load_fixtures()
    per_round = len(transforms) * len(fixtures)
    n = per_round * args.rounds
    print(f"{len(transforms)} transforms × {len(fixtures)} fixtures × {args.rounds} rounds = {n:,} events; "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

    webhooks = [json.dumps(build_webhook(f.envelope)) for f in fixtures]

    # Baseline 1: one reused context, no isolation, no limits on conversion.
    ctx = quickjs.Context()
    results = {}
    started = time.perf_counter()
    for _ in range(args.rounds):
        for t in transforms:
            ctx.eval(t.source)
            for i, w in enumerate(webhooks):
                ctx.set("__in", w)
                results[(t.name, i)] = ctx.eval("JSON.stringify(handler(JSON.parse(__in)))")
    reused = time.perf_counter() - started

    # Baseline 2: node, a fresh V8 context per event.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"sources": [t.source for t in transforms], "webhooks": webhooks, "rounds": args.rounds}, f)
    try:
        out = subprocess.run(["node", "-e", NODE_BASELINE, f.name], capture_output=True, text=True, check=True, timeout=600)
        node = json.loads(out.stdout)
    except (OSError, subprocess.CalledProcessError) as exc:
        node = None
        print(f"  (node baseline skipped: {exc})")
    finally:
        os.unlink(f.name)

    # dodo-cio: isolated, fresh context per event, across the worker pool.
    timings = {}
    with Sandbox(workers=args.workers) as sb:
        run_matrix(sb, transforms, fixtures)  # start the workers
        for hints in (False, True):
            started = time.perf_counter()
            for _ in range(args.rounds):
                run_matrix(sb, transforms, fixtures, options=RunOptions(hints=hints))
            timings[hints] = time.perf_counter() - started

    print("\nThroughput (higher is better)")
    print(line(f"dodo-cio, isolated, {args.workers} workers", n, timings[False]))
    print(line(f"dodo-cio, isolated, {args.workers} workers, schema hints", n, timings[True]))
    print(line("baseline: reused QuickJS context, in-process", n, reused))
    if node:
        print(line("baseline: node vm.runInNewContext per event", node["n"], node["s"]))

    walls = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "runner", "check"], capture_output=True, timeout=120)
        walls.append(time.perf_counter() - started)
    print(f"\n`dodo-cio check` (3 × 48, interpreter start included): median {statistics.median(walls):.3f} s, "
          f"best {min(walls):.3f} s over 5 runs")


if __name__ == "__main__":
    main()
