"""Every single-bit flip in a bundle's zip structure: the reader answers with a BundleProblem or reads it.

The import test (test_sync_bundles) flips 30 random bits through the whole import; its bundle differs
per run, so which header fields it hits differs too. Here every bit of every local header, the central
directory and its end record is flipped once, deterministically, and the file read the way the importer
reads it. Anything but a BundleProblem escaping (CI once met zipfile's NotImplementedError for a
"zip file version 8.4") would reach the operator as a crash instead of one message.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import accounts
from app.sync.bundle import BundleProblem, BundleReader
from tests.unit.stations import COUNTY, NANZHAO, connected
from tests.unit.test_sync_support import (
    _key_passphrase,  # noqa: F401  (autouse fixture)
    send,
)


@pytest.fixture
def bundle(tmp_path: Path) -> Iterator[Path]:
    with connected(tmp_path, [("county", COUNTY), ("nanzhao", NANZHAO)]) as stations:
        a, b = stations
        for i in range(3):
            accounts.add_account(a.db, a.admin, f"bits{i}", "operator-pass", ["operator"])
        yield send(a, b, tmp_path / "usb")


def structure(data: bytes) -> list[int]:
    """Offsets of every local header (with its name and extra field), the central directory and its end."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    offsets: list[int] = []
    for info in archive.infolist():
        start = info.header_offset
        name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
        offsets += range(start, start + 30 + name_len + extra_len)
    offsets += range(archive.start_dir, len(data))
    return offsets


def read_as_importer(path: Path) -> None:
    with BundleReader(path) as reader:
        manifest = reader.manifest()
        reader.signature()
        for part in manifest["parts"]:
            reader.part_rows(part)


def test_every_flipped_header_bit_is_a_bundle_problem_or_harmless(bundle: Path, tmp_path: Path) -> None:
    data = bundle.read_bytes()
    read_as_importer(bundle)
    outcomes: Counter[str] = Counter()
    target = tmp_path / "flipped.ddsync"
    for offset in structure(data):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[offset] ^= 1 << bit
            target.write_bytes(bytes(flipped))
            try:
                read_as_importer(target)
            except BundleProblem as problem:
                outcomes[problem.kind] += 1
            except Exception as error:
                pytest.fail(f"byte {offset} bit {bit}: {type(error).__name__}: {error}")
            else:
                outcomes["read"] += 1
    # the flips did reach the checks: each kind of refusal is met
    assert {"bad_file", "damaged", "unsafe", "too_big"} <= set(outcomes), outcomes
