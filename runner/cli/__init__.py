"""The `dodo-cio` command line.

Each command lives in its own module and is imported only when it is invoked, so
`dodo-cio run` does not pay for the relay's or the editor's imports. Commands are thin:
they parse options and call the library API that the tests call directly.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import envvars
from ..errors import UserError
from ..terminal import printable, printable_lines

__all__ = ["cli", "main"]

# name -> (module under runner.cli, attribute, one-line help shown by --help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("run", "run", "Run one transform on one event and show the result."),
    "check": ("check", "check", "Run every transform on every fixture (the CI check)."),
    "fixtures": ("fixtures", "fixtures", "List and show the sample Dodo events."),
    "send": ("send", "send", "Run a transform and send its result to Customer.io."),
    "doctor": ("doctor", "doctor", "Check credentials, region and transforms against Customer.io."),
    "emulator": ("emulator", "emulator", "Serve a local Customer.io Track API emulator."),
    "relay": ("relay", "relay", "Receive signed Dodo webhooks and deliver them durably."),
    "trigger": ("trigger", "trigger", "Sign and send sample Dodo events to a relay."),
    "outbox": ("outbox", "outbox", "Inspect, retry, replay and purge the relay's outbox."),
    "editor": ("editor", "editor", "Open the local transformation editor in a browser."),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, _, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dodo-cio")
def cli() -> None:
    """Run Dodo Payments' Customer.io webhook transformations locally, like the dashboard."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every error into a message and an exit code, never a traceback."""
    for stream in (sys.stdout, sys.stderr):  # half an emoji in a result prints as \udXXX
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        rc = cli.main(args=argv, prog_name="dodo-cio", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(printable_lines(f"error: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        if os.environ.get(envvars.DEBUG):
            raise
        click.echo(printable(f"internal error: {type(exc).__name__}: {exc}"), err=True)
        click.echo(f"  fix: rerun with {envvars.DEBUG}=1 for the traceback and report it", err=True)
        sys.exit(70)
    else:
        sys.exit(rc if isinstance(rc, int) else 0)
