"""The bundle file format (docs/sync.md): a zip holding operation parts and a signed manifest.

    ops/000001.jsonl   up to OPS_PER_PART operations, one JSON array per line (OP_COLUMNS order)
    ...
    manifest.json      canonical JSON: format, ids, sender, schema, replicas with their signed
                       chain heads, the sender's version vector, part hashes and counts, vouchers
    manifest.sig       the sender's Ed25519 signature over manifest.json (base64)

Reading is defensive: names are checked against the only names a bundle may hold (so absolute
and `..` paths are refused), sizes and compression ratios are bounded, and nothing is ever
extracted to disk — parts are read into memory one at a time, each at most MAX_PART_BYTES.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from app.storage import canonical
from app.storage.ops import HASHED_FIELDS, Op

FORMAT = "dutydesk-sync-bundle"
VERSION = 1
MIN_READER_REVISION = "0004_sync"
"""The oldest schema revision whose program can read bundles of this format."""
SUFFIX = ".ddsync"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PART_RE = re.compile(r"^ops/(\d{6})\.jsonl$")
OP_COLUMNS = (*HASHED_FIELDS, "hash")
OPS_PER_PART = 5000
MAX_BUNDLE_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
MAX_MANIFEST_BYTES = 32 * 1024**2
MAX_ENTRIES = 50_000
MAX_RATIO = 100
RATIO_FLOOR = 256 * 1024
"""Entries smaller than this are not ratio-checked (a tiny manifest may compress very well)."""
ATTESTATION_TYPE = "dutydesk-chain-head"


class BundleProblem(Exception):
    """Why a file cannot be read as a bundle: `kind` is bad_file, damaged, unsafe or too_big."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def attestation_body(replica_id: str, station_id: str, seq: int, hash_: str) -> bytes:
    return canonical.dumps(
        {"type": ATTESTATION_TYPE, "replica_id": replica_id, "station_id": station_id, "seq": seq, "hash": hash_}
    ).encode("utf-8")


def op_line(op: Op) -> bytes:
    values = [getattr(op, name) for name in OP_COLUMNS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _valid(values: Any) -> bool:
    return (
        isinstance(values, list) and len(values) == 10 and type(values[3]) is int
        and type(values[0]) is str and type(values[1]) is str and type(values[2]) is str
        and type(values[4]) is str and type(values[5]) is str and type(values[6]) is str
        and type(values[7]) is str and type(values[8]) is str and type(values[9]) is str
    )


def parse_line(line: bytes) -> Op:
    try:
        values = json.loads(line)
    except ValueError as error:
        raise BundleProblem("damaged", "operation line") from error
    if not _valid(values):
        raise BundleProblem("damaged", "operation fields")
    return Op(*values)


def parse_part(data: bytes, count: int, name: str) -> list[Op]:
    """All operations of one part (one JSON parse for the whole part)."""
    return [Op(*values) for values in part_rows(data, count, name)]


def part_rows(data: bytes, count: int, name: str) -> list[list[Any]]:
    """The operation rows of one part, each checked to be a row of OP_COLUMNS."""
    body = data[:-1] if data.endswith(b"\n") else data
    if not body:
        rows: list[Any] = []
    else:
        try:
            rows = json.loads(b"[" + body.replace(b"\n", b",") + b"]")
        except ValueError as error:
            raise BundleProblem("damaged", f"{name} operation line") from error
    if len(rows) != count:
        raise BundleProblem("damaged", f"{name} count")
    for values in rows:
        if not _valid(values):
            raise BundleProblem("damaged", f"{name} operation fields")
    return rows


class BundleWriter:
    """Streams operations into parts; `finish()` adds the signed manifest."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.parts: list[dict[str, Any]] = []
        self._lines: list[bytes] = []
        self.count = 0

    def add(self, op: Op) -> None:
        self._lines.append(op_line(op))
        self.count += 1
        if len(self._lines) >= OPS_PER_PART:
            self._flush()

    def _flush(self) -> None:
        if not self._lines:
            return
        data = b"".join(self._lines)
        name = f"ops/{len(self.parts) + 1:06d}.jsonl"
        self.zip.writestr(name, data)
        self.parts.append({"name": name, "sha256": hashlib.sha256(data).hexdigest(), "count": len(self._lines),
                           "bytes": len(data)})
        self._lines = []

    def finish(self, manifest: dict[str, Any], signature: str) -> None:
        self.zip.writestr(MANIFEST, manifest_bytes(manifest))
        self.zip.writestr(SIGNATURE, signature.encode("ascii"))
        self.zip.close()

    def close_parts(self) -> list[dict[str, Any]]:
        self._flush()
        return self.parts

    def abort(self) -> None:
        self.zip.close()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return canonical.dumps(manifest).encode("utf-8")


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


class BundleReader:
    """Opens a bundle file defensively; see the module doc for the checks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            size = path.stat().st_size
        except OSError as error:
            raise BundleProblem("bad_file", error.strerror or "unreadable") from error
        if size > MAX_BUNDLE_BYTES:
            raise BundleProblem("too_big", f"{size} bytes")
        try:
            self.zip = zipfile.ZipFile(path, "r")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            # NotImplementedError: a central directory asking for a newer zip version than zipfile reads
            raise BundleProblem("bad_file", "not a bundle (zip) file or truncated") from error
        try:
            self._check_entries()
        except BundleProblem:
            self.zip.close()
            raise

    def _check_entries(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise BundleProblem("too_big", f"{len(infos)} entries")
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if _unsafe_name(name):
                raise BundleProblem("unsafe", f"path {name!r}")
            if name in seen:
                raise BundleProblem("unsafe", f"entry {name!r} twice")
            seen.add(name)
            if name not in (MANIFEST, SIGNATURE) and not PART_RE.match(name):
                raise BundleProblem("unsafe", f"unexpected entry {name!r}")
            if info.flag_bits & 0x41:  # bit 0: encrypted, bit 6: strong encryption
                raise BundleProblem("unsafe", "encrypted entry")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise BundleProblem("bad_file", "compression method")
            limit = MAX_MANIFEST_BYTES if name == MANIFEST else MAX_PART_BYTES
            if info.file_size > limit:
                raise BundleProblem("too_big", f"{name} {info.file_size} bytes")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise BundleProblem("too_big", f"{name} compression ratio {info.file_size // max(1, info.compress_size)}:1")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleProblem("too_big", f"{total} bytes unpacked")
        for required in (MANIFEST, SIGNATURE):
            if required not in seen:
                raise BundleProblem("bad_file", f"{required} missing")

    def read_entry(self, name: str, limit: int) -> bytes:
        try:
            info = self.zip.getinfo(name)
        except KeyError as error:
            raise BundleProblem("damaged", f"{name} missing") from error
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
            # NotImplementedError: a local header whose flags ask for a feature zipfile lacks
            # (strong encryption, bit 6), while the central directory said otherwise
            raise BundleProblem("damaged", f"{name}: {type(error).__name__}") from error
        if len(data) > limit or len(data) != info.file_size:
            raise BundleProblem("too_big" if len(data) > limit else "damaged", name)
        return data

    def manifest_raw(self) -> bytes:
        return self.read_entry(MANIFEST, MAX_MANIFEST_BYTES)

    def manifest(self) -> dict[str, Any]:
        raw = self.manifest_raw()
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise BundleProblem("damaged", "manifest") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BundleProblem("bad_file", "not a DutyDesk bundle")
        return data

    def signature(self) -> str:
        return self.read_entry(SIGNATURE, 512).decode("ascii", errors="replace").strip()

    def iter_part(self, part: dict[str, Any]) -> Iterator[Op]:
        for values in self.part_rows(part):
            yield Op(*values)

    def part_rows(self, part: dict[str, Any]) -> list[list[Any]]:
        """One part's operation rows, its hash and count checked against the manifest's entry."""
        name = part["name"]
        if not isinstance(name, str) or not PART_RE.match(name):
            raise BundleProblem("damaged", "part name")
        data = self.read_entry(name, MAX_PART_BYTES)
        if hashlib.sha256(data).hexdigest() != part["sha256"]:
            raise BundleProblem("damaged", f"{name} hash")
        return part_rows(data, part["count"], name)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
