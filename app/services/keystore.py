"""Secrets in the OS keyring, and a plain statement of which backend protects them.

When the machine has no secure keyring (no Windows Credential Locker / macOS Keychain / Secret
Service; or only the keyrings.alt files), secrets that must stay secret — the station's signing
key — are NOT put in the keyring: `app/sync/keys.py` keeps them in a passphrase-encrypted file
instead and says so here, in `dutydesk check` and in the GUI.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from app import messages

SERVICE = "DutyDesk"

messages.register(
    {
        "keyring.secure": ("{name}（系统安全存储）", "{name} (the system's secure store)"),
        "keyring.file": (
            "本机没有安全的系统密钥环（只有 {name}，仅受文件权限保护，不用于保存私钥）。",
            "No secure system keyring on this machine (only {name}, protected by file permissions alone; not used for the private key).",
        ),
        "keyring.none": ("本机没有可用的系统密钥环。", "No system keyring is available on this machine."),
        "keyring.station_key_file": (
            "站点签名私钥因此保存在用口令加密的文件中（scrypt + AES-256-GCM）；口令取自环境变量 DUTYDESK_KEY_PASSPHRASE，或在导出同步包时输入。",
            "The station's signing key is therefore kept in a passphrase-encrypted file (scrypt + AES-256-GCM); the passphrase comes from DUTYDESK_KEY_PASSPHRASE or is asked for when exporting.",
        ),
    }
)


@dataclass(frozen=True)
class KeyringStatus:
    name: str
    secure: bool
    available: bool

    def describe(self) -> str:
        if not self.available:
            return messages.text("keyring.none") + " " + messages.text("keyring.station_key_file")
        text = messages.text("keyring.secure" if self.secure else "keyring.file", name=self.name)
        if not self.secure:
            text += " " + messages.text("keyring.station_key_file")
        return text


def status() -> KeyringStatus:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        return KeyringStatus(name, False, False)
    insecure = "keyrings.alt" in type(backend).__module__ or "plaintext" in name.lower() or "null" in name.lower()
    return KeyringStatus(name, not insecure, True)


def get_secret(name: str) -> str | None:
    """A secret from the secure keyring (None when absent or when there is no secure keyring)."""
    if not status().secure:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, name)
    except KeyringError:
        return None
    return value if isinstance(value, str) else None


def set_secret(name: str, value: str) -> bool:
    """Store a secret in the secure keyring; False when there is no secure keyring."""
    if not status().secure:
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError:
        return False
    return True


def delete_secret(name: str) -> None:
    if not status().secure:
        return
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, name)
