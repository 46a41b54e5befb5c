"""A local Customer.io Track API: real HTTP on loopback, workspace state, injectable faults.

`serve_in_thread(EmulatorConfig(...))` is the API for tests and other components; see its
docstring. `dodo-cio emulator` runs the same server in the foreground.
"""

from .config import DEMO_API_KEY, DEMO_SITE_ID, EmulatorConfig
from .faults import Fault, FaultPlan, parse_fault
from .server import EmulatorHandle, serve_in_thread
from .state import Workspace

__all__ = [
    "DEMO_API_KEY",
    "DEMO_SITE_ID",
    "EmulatorConfig",
    "EmulatorHandle",
    "Fault",
    "FaultPlan",
    "Workspace",
    "parse_fault",
    "serve_in_thread",
]
