"""JUnit XML for CI systems: one test suite per transform, one test case per fixture."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import UserError
from .run import CheckReport, SnapshotMismatch


def write_junit(report: CheckReport, path: Path) -> None:
    root = ET.Element("testsuites", name="dodo-cio check")
    mismatches: dict[tuple[str, str | None], SnapshotMismatch] = {
        (m.transform, m.fixture): m for m in report.mismatches
    }
    for transform in report.transforms:
        results = [r for r in report.results if r.transform == transform.name]
        suite = ET.SubElement(root, "testsuite", name=transform.name, tests=str(len(results)))
        failures = 0
        for r in results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=transform.name,
                name=r.fixture or r.event_type,
                time=f"{r.duration_ms / 1000:.6f}",
            )
            problems = []
            if r.error:
                problems.append(
                    f"{r.error.kind}: {r.error.message}" + (f" (line {r.error.line})" if r.error.line else "")
                )
            problems += [
                f"{f.code} at {f.path}: {f.message}" + (f" (fix: {f.fix})" if f.fix else "")
                for f in r.findings
                if f.severity == "error"
            ]
            m = mismatches.get((transform.name, r.fixture))
            if m:
                problems.append(
                    "snapshot differs:\n" + m.diff if m.diff else "no snapshot entry; run check --update-snapshots"
                )
            if problems:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", message=problems[0].splitlines()[0], type=r.error.kind if r.error else "finding"
                )
                failure.text = "\n".join(problems)
            if r.console:
                ET.SubElement(case, "system-out").text = "\n".join(f"[{c.level}] {c.text}" for c in r.console)
        suite.set("failures", str(failures))
    ET.indent(root)
    try:
        path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    except OSError as exc:
        raise UserError(
            f"cannot write the JUnit report: {exc.strerror}",
            where=str(path),
            fix="name a file in a folder that exists and is writable",
        ) from None
