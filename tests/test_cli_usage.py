"""Usage errors of the server commands: a message and exit 2, never an internal error."""

from __future__ import annotations

import pytest
from test_check_cli import cli


@pytest.mark.parametrize("command", ["emulator", "relay", "editor"])
def test_a_port_out_of_range_is_a_usage_error(command):
    p = cli(command, "--port", "99999")
    assert p.returncode == 2 and "Traceback" not in p.stderr and "internal error" not in p.stderr
    assert "99999" in p.stderr
