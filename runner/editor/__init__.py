"""The local transformation editor: the dashboard's edit, sample, Test and Create flow in a browser."""

from .app import create_app
from .server import serve_editor_in_thread

__all__ = ["create_app", "serve_editor_in_thread"]
