"""Build hook: compile the snapshot engine's small C library during `pip install`.

The library (`runner/sandbox/_snapshot.c`) has no dependencies beyond libc: it finds the
QuickJS-ng C API at run time in the `_quickjs` module PyPI `quickjs-ng` installs. Without
a C compiler (or off Linux) the install still succeeds as a pure-Python wheel and the
sandbox uses its slower engine, a new `quickjs.Context` per event; `dodo-cio doctor` says so.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "runner/sandbox/_snapshot.c"
TARGET = "runner/sandbox/libdodo_snapshot.so"


class SnapshotLibraryHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        if not sys.platform.startswith("linux"):
            self.app.display_warning("dodo-cio: the fast sandbox engine is built on Linux only; using the portable one")
            return
        compiler = (
            shlex.split(os.environ.get("CC", ""))
            or [shutil.which(c) for c in ("cc", "gcc", "clang") if shutil.which(c)][:1]
        )
        if not compiler:
            self.app.display_warning("dodo-cio: no C compiler found; installing without the fast sandbox engine")
            return
        root = Path(self.root)
        if version == "editable":  # the package is imported from the source tree
            out = root / TARGET
        else:
            out = Path(tempfile.mkdtemp(prefix="dodo-cio-build-")) / Path(TARGET).name
        command = [*compiler, "-O2", "-fPIC", "-shared", "-o", str(out), str(root / SOURCE), "-ldl"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.app.display_warning(
                f"dodo-cio: compiling the fast sandbox engine failed ({exc}); installing without it"
            )
            return
        if done.returncode != 0:
            self.app.display_warning(
                "dodo-cio: compiling the fast sandbox engine failed; installing without it\n" + done.stderr[-2000:]
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][str(out)] = TARGET
