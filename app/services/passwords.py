"""Password hashing with scrypt (memory-hard, per-account salt). Never stores or logs a password."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# 2**15 * 8 * 128 bytes = 32 MiB of memory per hash; about 0.1 s on this class of machine.
N, R, P = 2**15, 8, 1
MAXMEM = 64 * 1024 * 1024
MIN_LENGTH = 8


def hash_password(password: str, *, n: int = N) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=R, p=P, maxmem=MAXMEM, dklen=32)
    return f"scrypt${n}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), maxmem=MAXMEM, dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def fast_for_tests() -> None:
    """Tests create many accounts; a smaller work factor keeps them quick (never in the app)."""
    global N
    N = 2**10
