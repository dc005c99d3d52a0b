"""Widgets shared by the main window, dialogs and panels (clock, overview)."""
