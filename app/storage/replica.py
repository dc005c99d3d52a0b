"""Replica identity, guarded by an instance record kept outside the database.

A database file knows its replica id and an instance nonce. The same nonce, the database's path
and the highest seq written are also kept in the machine's state dir. If the file is copied
elsewhere, or an older backup is restored over it, the outside record no longer matches; the
database then gets a new replica id, so no (replica, seq) pair is ever used twice.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from app import paths


@dataclass
class InstanceRecord:
    replica_id: str
    nonce: str
    db_path: str
    seq: int


def _record_path(replica_id: str) -> Path:
    return paths.state_dir() / "replicas" / f"{replica_id}.json"


def new_nonce() -> str:
    return secrets.token_hex(16)


def read_record(replica_id: str) -> InstanceRecord | None:
    try:
        data = json.loads(_record_path(replica_id).read_text(encoding="utf-8"))
        return InstanceRecord(replica_id, str(data["nonce"]), str(data["db_path"]), int(data["seq"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_record(record: InstanceRecord) -> None:
    path = _record_path(record.replica_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # several programs may share one database
    tmp.write_text(
        json.dumps({"nonce": record.nonce, "db_path": record.db_path, "seq": record.seq}), encoding="utf-8"
    )
    os.replace(tmp, path)


def needs_new_replica(replica_id: str, nonce: str, db_path: str, db_seq: int) -> str | None:
    """Why this database must not go on writing as `replica_id`, or None when it may."""
    record = read_record(replica_id)
    if record is None:
        return "unknown"  # copied from another machine, or the state dir was lost
    if record.nonce != nonce:
        return "nonce"
    if os.path.normcase(record.db_path) != os.path.normcase(db_path):
        return "copied"
    if db_seq < record.seq:
        return "restored"
    return None
