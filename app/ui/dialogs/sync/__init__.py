"""The exchange dialogs: export, import, trust, conflicts."""
