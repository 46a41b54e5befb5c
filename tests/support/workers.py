"""Sandbox worker processes seen from outside, through /proc: which are running, and the CPU
time they used (the sandbox's time limit is CPU time, so timing assertions count CPU)."""

from __future__ import annotations

import os
from pathlib import Path

STUB_WORKER = str(Path(__file__).resolve().parent / "stub_worker.py")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str]:
    """/proc/<pid>/stat's fields after the command name (field 3, the state, is index 0)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def worker_pids(parent: int | None = None) -> list[int]:
    """The sandbox workers of `parent` (default: this process), killed but not yet reaped included."""
    parent = os.getpid() if parent is None else parent
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = _stat(entry.name)
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == parent and b"worker.py" in cmd:
            pids.append(int(entry.name))
    return pids


def alive(pid: int) -> bool:
    """Whether a process still runs (an exited one waiting to be reaped does not)."""
    try:
        return _stat(pid)[0] != "Z"
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a process has used so far."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS


def tree_cpu_seconds() -> float:
    """CPU used by this process, its reaped children and its live sandbox workers: the
    difference across a call is what the call cost, whichever worker ran it or was killed."""
    t = os.times()
    live = 0.0
    for pid in worker_pids():
        try:
            live += cpu_seconds(pid)
        except OSError:  # it ended between the listing and the read: counted once reaped
            pass
    return t.user + t.system + t.children_user + t.children_system + live
