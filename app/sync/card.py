"""Station cards: the public half of a station's identity, exchanged once and checked by phone.

A card is a small JSON file: station id, name, code, public key, key id and the fingerprint an
admin reads out on the phone. It carries nothing secret; trust comes from the admin who checks
the fingerprint with the other station before `trust add`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import messages, paths
from app.errors import UserError, os_reason
from app.services import station
from app.storage.engine import Database
from app.sync import keys, texts

texts.register()
messages.register({"card.no_file_name": ("站点名片需要一个文件名：{path}", "The station card needs a file name: {path}")})

CARD_FORMAT = "dutydesk-station-card"
CARD_VERSION = 1
MAX_CARD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Card:
    station_id: str
    name: str
    code: str
    public_key: str
    key_id: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(keys.unb64(self.public_key))

    def to_json(self) -> dict[str, Any]:
        return {"format": CARD_FORMAT, "version": CARD_VERSION, "station_id": self.station_id, "name": self.name,
                "code": self.code, "public_key": self.public_key, "key_id": self.key_id,
                "fingerprint": self.fingerprint}


def own_card(db: Database, passphrase: str | None = None) -> Card:
    ident = keys.ensure_public(db, passphrase)
    info = station.info(db)
    return Card(db.station_id, info.name, info.code, ident["public_key"], ident["key_id"])


def write_card(db: Database, path: Path, passphrase: str | None = None) -> Card:
    """Write the card to `path` (atomically). The folder is tried first, so a card that cannot
    be written does not make the station key on the way (nothing changes)."""
    if not path.name or path.name in (".", ".."):
        raise UserError("card.no_file_name", path=str(path))
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        paths.probe_writable(path.parent)
    except OSError as error:
        raise UserError("file.cannot_write", path=str(path), detail=os_reason(error)) from error
    card = own_card(db, passphrase)
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(card.to_json(), handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError("file.cannot_write", path=str(path), detail=os_reason(error)) from error
    return card


def parse_card(data: Any, source: str = "") -> Card:
    def bad(detail: str) -> UserError:
        return UserError("sync.card_unreadable", path=source, detail=detail)

    if not isinstance(data, dict) or data.get("format") != CARD_FORMAT:
        raise bad("format")
    if data.get("version") != CARD_VERSION:
        raise bad("version")
    values: dict[str, str] = {}
    for name, limit in (("station_id", 36), ("name", 120), ("code", 16), ("public_key", 64), ("key_id", 32)):
        value = data.get(name)
        if not isinstance(value, str) or not value or len(value) > limit:
            raise bad(name)
        values[name] = value
    try:
        raw = keys.unb64(values["public_key"])
    except ValueError as error:
        raise bad("public_key") from error
    if len(raw) != 32 or keys.key_id(raw) != values["key_id"]:
        raise bad("key_id")
    card = Card(**values)
    printed = data.get("fingerprint")
    if printed is not None and keys.normalise_fingerprint(str(printed)) != card.fingerprint:
        raise bad("fingerprint")
    return card


def read_card(path: Path) -> Card:
    try:
        if path.stat().st_size > MAX_CARD_BYTES:
            raise UserError("sync.card_unreadable", path=str(path), detail="size")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise UserError("file.cannot_read", path=str(path), detail=error.strerror or "") from error
    except (OSError, ValueError) as error:
        raise UserError("sync.card_unreadable", path=str(path), detail=type(error).__name__) from error
    return parse_card(data, str(path))
