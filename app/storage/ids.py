"""Identifiers: UUIDv7 (time-ordered) for operations and replicas."""

from __future__ import annotations

import os
import uuid


def uuid7(ms: int) -> str:
    """A version-7 UUID whose first 48 bits are `ms` (Unix milliseconds)."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFFFFFFFFFF) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
