"""The one exception type for bad input a user can fix.

Every layer raises `UserError` with what went wrong, where, and how to fix it; the CLI, the
relay and the editor turn it into a message, never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input: a missing file, an unknown event type, malformed JSON, a bad option."""

    def __init__(self, message: str, *, where: str = "", fix: str = "", exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.fix = fix
        self.exit_code = exit_code

    @classmethod
    def from_value_error(cls, exc: ValueError, *, where: str, prefix: str = "", fix: str = "") -> UserError:
        """A `units` reader's ValueError ("what; how to write it") as the message and its fix, said
        once; `prefix` says what was being read, `fix` replaces the reader's own hint."""
        what, _, how = str(exc).partition("; ")
        return cls(prefix + what, where=where, fix=fix or how)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text}\n  fix: {self.fix}" if self.fix else text
