"""The pre-commit hook, run by pre-commit itself against a throwaway repository of transforms."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOOD = """function handler(webhook) {
  if (webhook.eventType !== "payment.succeeded") return webhook;
  const data = webhook.payload.data;
  webhook.url = "https://track.customer.io/api/v2/entity";
  webhook.payload = {type: "person", identifiers: {id: data.customer.customer_id},
    action: "event", name: "payment_completed"};
  return webhook;
}
"""
BAD = "function handler(webhook) {\n  return webhook.payload.data.nothing.here;\n}\n"

pytestmark = [
    pytest.mark.slow,  # pre-commit builds its own environment with dodo-cio in it
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )


def test_the_hook_checks_changed_transforms_and_blocks_a_broken_one(tmp_path):
    work = tmp_path / "transforms-repo"
    (work / "transforms").mkdir(parents=True)
    (work / "transforms" / "good.js").write_text(GOOD)
    (work / "README.txt").write_text("not a transform\n")
    git("init", "-q", cwd=work)
    git("add", ".", cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        # try-repo runs the hook from this checkout as it is now (uncommitted changes included)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(REPO),
                "dodo-cio-check",
                "--verbose",
                "--files",
                *files,
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )

    ok = try_repo("transforms/good.js", "README.txt")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (
        "dodo-cio check" in ok.stdout
        and "Passed" in ok.stdout
        and "ok: 48 runs (1 transform × 48 fixtures)" in ok.stdout
    )
    (work / "transforms" / "bad.js").write_text(BAD)
    git("add", ".", cwd=work)
    bad = try_repo("transforms/good.js", "transforms/bad.js")
    assert bad.returncode == 1
    assert (
        "Failed" in bad.stdout
        and "bad.js × 48 events" in bad.stdout
        and "cannot read property 'here' of undefined" in bad.stdout
    )
    skipped = try_repo("README.txt")
    assert skipped.returncode == 0 and "(no files to check)Skipped" in skipped.stdout
