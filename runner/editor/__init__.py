"""The local transformation editor: the dashboard's edit, sample, Test and Create flow in a browser."""

from .app import create_app

__all__ = ["create_app"]
