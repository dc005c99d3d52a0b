"""Station signing keys (Ed25519): creation, storage, signing, verification, fingerprints.

The private key lives in the OS keyring when the machine has a secure one. Otherwise it is kept
in a file in the state dir, encrypted with AES-256-GCM under a key derived by scrypt from a
passphrase the admin chooses (DUTYDESK_KEY_PASSPHRASE, a terminal prompt, or the GUI asks):
never a plaintext file. The public key is also stored in the database (`sync_identity`), so
verifying, station cards and trust never need the private key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Connection

from app import environment, paths
from app.errors import UserError, os_reason
from app.services import keystore
from app.storage import sync_store
from app.storage.engine import Database
from app.sync import texts

texts.register()

PASSPHRASE_ENV = "DUTYDESK_KEY_PASSPHRASE"
MIN_PASSPHRASE = 8
SCRYPT_N = 2**15
KEYRING = "keyring"
FILE = "file"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def fingerprint(public_raw: bytes) -> str:
    """16 hex digits in four groups (e.g. 3F2A-91BC-07DE-55A1): short enough to read out on the phone."""
    digest = hashlib.sha256(b"dutydesk-station-key:" + public_raw).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def normalise_fingerprint(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))


def verify(public_b64: str, data: bytes, signature_b64: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(unb64(public_b64)).verify(unb64(signature_b64), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def public_raw(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class StationKey:
    station_id: str
    private: Ed25519PrivateKey

    @property
    def public_b64(self) -> str:
        return b64(public_raw(self.private))

    @property
    def key_id(self) -> str:
        return key_id(public_raw(self.private))

    def sign(self, data: bytes) -> str:
        return b64(self.private.sign(data))


def storage_mode() -> str:
    return KEYRING if keystore.status().secure else FILE


def _secret_name(station_id: str) -> str:
    return f"station-key:{station_id}"


def key_file(station_id: str) -> Path:
    return paths.state_dir() / "keys" / f"{station_id}.key"


def passphrase_from_env() -> str | None:
    return environment.variable(PASSPHRASE_ENV) or None


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode("utf-8"))


def _write_key_file(station_id: str, private: Ed25519PrivateKey, passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError("sync.passphrase_short", min=MIN_PASSPHRASE)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    kid = key_id(public_raw(private))
    sealed = AESGCM(_derive(passphrase, salt)).encrypt(nonce, raw, f"{station_id}:{kid}".encode())
    body = {"format": "dutydesk-station-key", "version": 1, "station_id": station_id, "key_id": kid,
            "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1, "salt": b64(salt)},
            "cipher": "AES-256-GCM", "nonce": b64(nonce), "ciphertext": b64(sealed)}
    path = key_file(station_id)
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:  # nothing half-written stays behind; the key is not recorded
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError("file.cannot_write", path=str(path), detail=os_reason(error)) from error


def _read_key_file(station_id: str, passphrase: str) -> Ed25519PrivateKey | None:
    path = key_file(station_id)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        kdf = body["kdf"]
        key = Scrypt(salt=unb64(kdf["salt"]), length=32, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])).derive(
            passphrase.encode("utf-8")
        )
        raw = AESGCM(key).decrypt(unb64(body["nonce"]), unb64(body["ciphertext"]),
                                  f"{station_id}:{body['key_id']}".encode())
    except FileNotFoundError:
        return None
    except InvalidTag as error:
        raise UserError("sync.passphrase_wrong") from error
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UserError("sync.key_file_damaged", path=str(path)) from error
    return Ed25519PrivateKey.from_private_bytes(raw)


def _store_private(station_id: str, private: Ed25519PrivateKey, passphrase: str | None) -> str:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    if storage_mode() == KEYRING and keystore.set_secret(_secret_name(station_id), b64(raw)):
        return KEYRING
    if not passphrase:
        raise UserError("sync.passphrase_needed")
    _write_key_file(station_id, private, passphrase)
    return FILE


def public_identity(db: Database) -> dict[str, str] | None:
    """This station's public key as stored in the database (None before the first key exists)."""
    db.require_station()
    with db.read() as conn:
        row = sync_store.get_identity(conn, db.station_id)
    if row is None:
        return None
    return {"key_id": row["key_id"], "public_key": row["public_key"], "storage": row["storage"],
            "fingerprint": fingerprint(unb64(row["public_key"]))}


def create_key(db: Database, passphrase: str | None = None) -> StationKey:
    """Make a new key pair for this station (first use, or after the old key was lost)."""
    db.require_station()
    private = Ed25519PrivateKey.generate()
    storage = _store_private(db.station_id, private, passphrase or passphrase_from_env())
    key = StationKey(db.station_id, private)
    with db.transaction() as conn:
        sync_store.put_identity(conn, station_id=db.station_id, key_id=key.key_id, public_key=key.public_b64,
                                storage=storage, created_ms=db.wall())
    remember(key)
    return key


def ensure_public(db: Database, passphrase: str | None = None) -> dict[str, str]:
    """The station's public identity, creating the key pair on first use."""
    found = public_identity(db)
    if found is None:
        create_key(db, passphrase)
        found = public_identity(db)
        assert found is not None
    return found


def signing_key(db: Database, passphrase: str | None = None) -> StationKey:
    """The station's private key (created on first use). Raises a clear UserError when the key
    is in the encrypted file and no (or a wrong) passphrase is given, or when it is missing."""
    ident = public_identity(db)
    if ident is None:
        return create_key(db, passphrase)
    private: Ed25519PrivateKey | None = None
    if ident["storage"] == KEYRING:
        secret = keystore.get_secret(_secret_name(db.station_id))
        if secret:
            private = Ed25519PrivateKey.from_private_bytes(unb64(secret))
    else:
        phrase = passphrase or passphrase_from_env()
        if not key_file(db.station_id).exists():
            raise UserError("sync.key_missing")
        if not phrase:
            raise UserError("sync.passphrase_needed")
        private = _read_key_file(db.station_id, phrase)
    if private is None:
        raise UserError("sync.key_missing")
    key = StationKey(db.station_id, private)
    if key.key_id != ident["key_id"]:
        raise UserError("sync.key_mismatch")
    remember(key)
    return key


_UNLOCKED: dict[str, StationKey] = {}
"""Keys unlocked in this process (by a passphrase someone gave, or quietly): seals made during
ordinary writes use them. The private key stays in this process's memory only."""


_FAILED: set[tuple[str, str, str | None]] = set()


def remember(key: StationKey) -> None:
    _UNLOCKED[key.station_id] = key


def forget_unlocked() -> None:
    _UNLOCKED.clear()
    _FAILED.clear()


def unlock_quietly(conn: Connection, station_id: str) -> StationKey | None:
    """The station's private key when it can be had without asking anyone (unlocked before in
    this process, OS keyring, or the key file with DUTYDESK_KEY_PASSPHRASE set); None otherwise,
    never an error."""
    ident = sync_store.get_identity(conn, station_id)
    if ident is None:
        return None
    held = _UNLOCKED.get(station_id)
    if held is not None and held.key_id == ident["key_id"]:
        return held
    if (station_id, ident["key_id"], passphrase_from_env()) in _FAILED:
        return None
    try:
        private: Ed25519PrivateKey | None = None
        if ident["storage"] == KEYRING:
            secret = keystore.get_secret(_secret_name(station_id))
            private = Ed25519PrivateKey.from_private_bytes(unb64(secret)) if secret else None
        elif passphrase_from_env() and key_file(station_id).exists():
            private = _read_key_file(station_id, passphrase_from_env() or "")
    except (UserError, ValueError, TypeError):
        private = None
    if private is None:
        _FAILED.add((station_id, ident["key_id"], passphrase_from_env()))
        return None
    key = StationKey(station_id, private)
    if key.key_id != ident["key_id"]:
        return None
    remember(key)
    return key


def needs_passphrase(db: Database) -> bool:
    """True when exporting will need the key-file passphrase (no secure keyring here)."""
    ident = public_identity(db)
    mode = ident["storage"] if ident else storage_mode()
    return mode == FILE and not passphrase_from_env()
