"""Installs live refresh (app/ui/live_refresh.py) in every main window."""

from __future__ import annotations

from typing import Any

from app.ui import live_refresh


def install(window: Any) -> None:
    live_refresh.attach(window)
