"""Sandbox throughput of two checkouts, measured in alternating rounds in the same run.

    python bench/compare_sandbox.py BEFORE_DIR AFTER_DIR [--rounds 6] [--events-rounds 5]

Each round runs, in a fresh interpreter per checkout (before, after, before, ...), the
shipped transforms × fixtures `--events-rounds` times through a 2-worker pool, with schema
hints off and on, and prints events/s. Alternating spreads the shared machine's noise over
both sides; the medians are compared at the end. For checking a change does not slow the
sandbox (e.g. `git worktree add /tmp/before main`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

ROUND = r"""
import json, sys, time
from runner.fixtures import load_fixtures
from runner.pipeline import RunOptions, run_matrix
from runner.sandbox import Sandbox
from runner.transforms import load_transforms
transforms, fixtures, rounds = load_transforms(), load_fixtures(), int(sys.argv[1])
n = len(transforms) * len(fixtures) * rounds
out = {}
with Sandbox(workers=2) as sb:
    run_matrix(sb, transforms, fixtures)  # start the workers
    for hints in (False, True):
        started = time.perf_counter()
        for _ in range(rounds):
            run_matrix(sb, transforms, fixtures, options=RunOptions(hints=hints))
        out["hints" if hints else "isolated"] = n / (time.perf_counter() - started)
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--events-rounds", type=int, default=5)
    args = ap.parse_args()
    figures: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    for r in range(args.rounds):
        for side in ("before", "after"):
            tree = os.path.abspath(getattr(args, side))
            proc = subprocess.run(
                [sys.executable, "-c", ROUND, str(args.events_rounds)],
                cwd=tree,
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": tree},
            )
            for key, value in json.loads(proc.stdout).items():
                figures[side].setdefault(key, []).append(value)
            print(
                f"round {r + 1} {side:<6} " + "  ".join(f"{k} {v[-1]:>7,.0f}/s" for k, v in figures[side].items()),
                flush=True,
            )
    print(f"\nmedian events/s over {args.rounds} alternating rounds (load average {os.getloadavg()[0]:.1f}):")
    for key in figures["before"]:
        before, after = statistics.median(figures["before"][key]), statistics.median(figures["after"][key])
        print(f"  {key:<9} before {before:>7,.0f}  after {after:>7,.0f}  ({(after / before - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
