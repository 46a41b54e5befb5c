"""`check`, the CI use: every transform on every fixture, findings, snapshots, one verdict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..fixtures import Fixture
from ..pipeline import RunOptions, run_matrix
from ..result import TransformResult
from ..sandbox import Sandbox
from ..transforms import Transform
from . import snapshots


@dataclass
class SnapshotMismatch:
    transform: str
    fixture: str
    diff: str  # empty when the snapshot has no entry for this fixture


@dataclass
class CheckReport:
    transforms: list[Transform]
    fixtures: list[Fixture]
    results: list[TransformResult]
    mismatches: list[SnapshotMismatch] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    stopped: dict[str, TransformResult] = field(default_factory=dict)  # transform -> the result that stopped it

    @property
    def not_run(self) -> int:
        """Events left out because their transform stopped at a time or memory limit."""
        return len(self.transforms) * len(self.fixtures) - len(self.results)

    @property
    def failed(self) -> list[TransformResult]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.mismatches else 0

    def summary(self) -> dict[str, Any]:
        statuses = Counter(r.status for r in self.results)
        severities = Counter(f.severity for r in self.results for f in r.findings)
        return {
            "transforms": len(self.transforms),
            "fixtures": len(self.fixtures),
            "results": len(self.results),
            "routed": statuses["routed"],
            "unchanged": statuses["unchanged"],
            "cancelled": statuses["cancelled"],
            "errors": statuses["error"],
            "error_findings": severities["error"],
            "warnings": severities["warning"],
            "failed": len(self.failed),
            "not_run": self.not_run,
            "snapshot_mismatches": len(self.mismatches),
            "ok": self.exit_code == 0,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "results": [r.to_json() for r in self.results],
            "snapshots": [{"transform": m.transform, "fixture": m.fixture, "diff": m.diff} for m in self.mismatches],
            "summary": self.summary(),
        }


def run_check(
    sandbox: Sandbox,
    transforms: list[Transform],
    fixtures: list[Fixture],
    *,
    options: RunOptions = RunOptions(),
    update_snapshots: bool = False,
    keep_going: bool = True,
    snapshot_dir: Path | None = None,
    on_result: Callable[[TransformResult | None], None] | None = None,
) -> CheckReport:
    """Run the matrix; compare with (or write) each transform's snapshot.

    A transform with a snapshot runs with the snapshot's frozen clock unless `--now` says
    otherwise, so Date-dependent output compares equal run after run. Without `keep_going`
    a transform stops at its first timeout or out-of-memory (`report.stopped`). Snapshots
    are kept beside each transform, or in `snapshot_dir` (for the shipped transforms, whose
    folder belongs to the package).
    """
    results: list[TransformResult] = []
    report = CheckReport(transforms, fixtures, results)
    for transform in transforms:
        stored = None if update_snapshots else snapshots.read_snapshot(transform, snapshot_dir)
        now = options.now or (stored.now if stored else (snapshots.DEFAULT_NOW if update_snapshots else None))
        batch = run_matrix(
            sandbox,
            [transform],
            fixtures,
            options=replace(options, now=now),
            stop_on_limit=not (keep_going or update_snapshots),
            on_result=on_result,
        )
        results.extend(batch)
        if len(batch) < len(fixtures):
            report.stopped[transform.name] = batch[-1]
        if update_snapshots:
            assert now is not None  # options, the stored snapshot, or the default moment
            report.written.append(snapshots.write_snapshot(transform, now, batch, snapshot_dir))
        elif stored is not None:
            for r in batch:
                assert r.fixture is not None  # check runs named fixtures
                expected = stored.results.get(r.fixture)
                text = snapshots.diff(expected, snapshots.expected_form(r), f"{transform.name} × {r.fixture}")
                if text or expected is None:
                    report.mismatches.append(
                        SnapshotMismatch(transform.name, r.fixture, text if expected is not None else "")
                    )
    return report
