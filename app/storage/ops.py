"""An operation (DESIGN.md §3): its fields, its canonical payload and its chained hash.

A leaf module: the log (`app.storage.oplog`), the projections and the authority rules all use
`Op` without depending on one another.
"""

from __future__ import annotations

import hashlib
import json.encoder as json_encoder
from dataclasses import dataclass, field
from typing import Any

from app.clock import Hlc
from app.storage import canonical
from app.storage.ids import uuid7

GENESIS = "0" * 64
HASHED_FIELDS = ("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload", "prev_hash")

@dataclass(frozen=True, slots=True)
class Op:
    """One operation. `payload` is the canonical JSON text (what the hash covers)."""

    op_id: str
    station_id: str
    replica_id: str
    seq: int
    hlc: str
    author: str
    kind: str
    payload: str
    prev_hash: str
    hash: str
    _data: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    _prep: Any = field(default=None, compare=False, repr=False)
    """What `app.storage.prepared` computed ahead from the payload alone (None: not computed)."""

    @property
    def data(self) -> dict[str, Any]:
        """The payload as a dict (parsed once)."""
        if self._data is None:
            object.__setattr__(self, "_data", canonical.loads(self.payload))
        assert self._data is not None
        return self._data

    @property
    def wall_ms(self) -> int:
        return Hlc.decode(self.hlc).wall_ms

    def hashed(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def row(self) -> dict[str, Any]:
        return {**self.hashed(), "hash": self.hash}

    @staticmethod
    def from_row(row: Any) -> Op:
        m = row._mapping if hasattr(row, "_mapping") else row
        return Op(**{name: m[name] for name in (*HASHED_FIELDS, "hash")})


def compute_hash(fields: dict[str, Any]) -> str:
    body = canonical.dumps({name: fields[name] for name in HASHED_FIELDS})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_quote = json_encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for str


def op_hash(op: Op) -> str:
    """`compute_hash(op.hashed())`, without building a dict per operation (same bytes:
    canonical JSON has its keys sorted; tests hold the two equal)."""
    body = (
        f'{{"author":{_quote(op.author)},"hlc":{_quote(op.hlc)},"kind":{_quote(op.kind)},'
        f'"op_id":{_quote(op.op_id)},"payload":{_quote(op.payload)},"prev_hash":{_quote(op.prev_hash)},'
        f'"replica_id":{_quote(op.replica_id)},"seq":{int(op.seq)},"station_id":{_quote(op.station_id)}}}'
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def make_op(
    *,
    station_id: str,
    replica_id: str,
    seq: int,
    hlc: Hlc,
    author: str,
    kind: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> Op:
    fields: dict[str, Any] = {
        "op_id": uuid7(hlc.wall_ms),
        "station_id": station_id,
        "replica_id": replica_id,
        "seq": seq,
        "hlc": hlc.encode(),
        "author": author,
        "kind": kind,
        "payload": canonical.dumps(payload),
        "prev_hash": prev_hash,
    }
    return Op(**fields, hash=compute_hash(fields), _data=payload)
