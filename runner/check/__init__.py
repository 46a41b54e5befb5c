"""The check feature: every transform on every fixture, snapshots, JUnit, the terminal report, doctor.

`run_check` returns the `CheckReport` that `dodo-cio check` prints (`format_check`, or
`format_github` for GitHub Actions annotations) and `write_junit` saves; `run_doctor` returns
the `DoctorReport` of `dodo-cio doctor`; `format_result` is one result as `dodo-cio run`
shows it. Names are imported on first use.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "run_check": "run",
    "CheckReport": "run",
    "format_check": "report",
    "format_github": "report",
    "write_junit": "junit",
    "format_result": "render",
    "run_doctor": "doctor",
    "DoctorReport": "doctor",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
