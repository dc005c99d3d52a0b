"""Dock panels, one folder each. A panel folder's `panel.py` defines `SPEC: PanelSpec`.
Panels never import each other; they react to `SessionContext.bus.changes_applied`."""
