"""DutyDesk 应急值守台 — the duty room program of a county Emergency Management Bureau."""

__version__ = "0.1.0"
