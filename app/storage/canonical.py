"""Canonical JSON: the one byte form of a payload that hashes and signatures are taken over."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def loads(text: str) -> Any:
    return json.loads(text)
