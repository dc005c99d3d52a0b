"""Secrets in the OS keyring, and a plain statement of which backend protects them."""

from __future__ import annotations

from dataclasses import dataclass

from app import messages

SERVICE = "DutyDesk"

messages.register(
    {
        "keyring.secure": ("{name}（系统安全存储）", "{name} (the system's secure store)"),
        "keyring.file": ("{name}（文件，仅受操作系统文件权限保护，不是加密存储）", "{name} (a file protected only by file permissions, not encrypted)"),
        "keyring.none": ("无可用密钥环：密钥无法保存。请安装 keyrings.alt 或启用系统密钥环。", "No keyring available: secrets cannot be stored. Install keyrings.alt or enable the system keyring."),
    }
)


@dataclass(frozen=True)
class KeyringStatus:
    name: str
    secure: bool
    available: bool

    def describe(self) -> str:
        if not self.available:
            return messages.text("keyring.none")
        return messages.text("keyring.secure" if self.secure else "keyring.file", name=self.name)


def status() -> KeyringStatus:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        return KeyringStatus(name, False, False)
    insecure = "keyrings.alt" in type(backend).__module__ or "plaintext" in name.lower() or "null" in name.lower()
    return KeyringStatus(name, not insecure, True)
