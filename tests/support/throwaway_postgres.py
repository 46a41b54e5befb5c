"""A throwaway PostgreSQL cluster in a temporary folder, for the tests and the benchmark.

The tests run against a real server, never a mock: `initdb` a fresh cluster, start it with
`pg_ctl` on a free loopback port, and delete it afterwards. The server binaries come from
`$DODO_CIO_PG_BINDIR`, the PATH, or Debian's `/usr/lib/postgresql/<version>/bin` (the
`postgresql` package puts them there, off the PATH). PostgreSQL refuses to run as root, so
under root (CI) the cluster belongs to the `postgres` user the package creates and every
server command runs through `runuser`.

Connections use a password over TCP (scram-sha-256), as a real deployment does, so the tests
also show that the password never leaks.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "postgres"  # the OS user that owns the cluster when we run as root
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here (install Debian's `postgresql` package)."""


def find_bindir() -> Path:
    """Where initdb and pg_ctl live; the newest Debian install when there are several."""
    env = os.environ.get("DODO_CIO_PG_BINDIR")
    candidates = [env] if env else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(os.path.realpath(on_path)).parent))
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
    )
    candidates.extend(reversed(debian))
    for c in candidates:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) found: install the `postgresql` package "
        "(apt-get install postgresql), set DODO_CIO_PG_BINDIR, or point DODO_CIO_TEST_DATABASE_URL at a server"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ThrowawayPostgres:
    """One cluster: `start()`, `url()`, `stop()` (also for a restart), `destroy()`."""

    bindir: Path = field(default_factory=find_bindir)
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: "pw-" + secrets.token_hex(12))
    settings: dict[str, str] = field(default_factory=dict)  # extra `-c name=value` server settings
    root: Path | None = None

    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        return subprocess.run(
            cmd, capture_output=True, text=True, check=False, timeout=START_TIMEOUT_S + 30, cwd=self.root
        )

    def _checked(self, *args: str) -> None:
        done = self._run(*args)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stdout}{done.stderr}{self.server_log()}")

    def server_log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-4000:] if self.root else ""
        except OSError:
            return ""

    def init(self) -> ThrowawayPostgres:
        self.root = Path(tempfile.mkdtemp(prefix="dodo-cio-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root needs the `{SERVER_USER}` user (the postgresql package creates it)"
                ) from None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        self._checked(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            SERVER_USER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        pwfile.unlink()
        return self

    def start(self) -> ThrowawayPostgres:
        if self.root is None:
            self.init()
        opts = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.root),
            "max_connections": "200",
            "fsync": "on",
            **self.settings,
        }
        self._checked(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            " ".join(f"-c {k}={v}" for k, v in opts.items()),
            "start",
        )
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash: no checkpoint, recovery on the next start)."""
        if self.root is not None and (self.datadir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        self.stop("immediate")
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.destroy()
