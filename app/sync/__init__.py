"""Sync between stations through signed bundle files (docs/sync.md). No Qt here."""
