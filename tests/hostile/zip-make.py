"""Make the hostile pack bundles tests/hostile/zip-*.bpackz (committed; rerun to remake).

    .venv/bin/python tests/hostile/zip-make.py

Each is a .bpackz a colleague's email could bring: what it holds is in tests/hostile/README.md
and the tests are in tests/test_bundle.py and tests/test_cli_outside.py. Fixed timestamps,
so rerunning gives the same bytes.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
STAMP = (2016, 8, 1, 0, 0, 0)
PNG = (  # a whole 1 × 1 PNG (the file gate decodes every picture in full)
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\xdac8!'\x07\x00\x02\xb6\x01\x05\n[\xa6\x06\x00\x00\x00\x00"
    b"IEND\xaeB`\x82"
)


def pack(*sections: dict) -> bytes:
    data = {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Bundle from a colleague", "date": "2016-08-01", "marking": "OFFICIAL"},
        "threat": {"level": "severe", "since": "2014-08-29"},
        "sections": [{"kind": "text", "body": "Hello."}, *sections],
    }
    return json.dumps(data, indent=1).encode()


GOOD_PACK = pack({"kind": "image", "path": "images/01-logo.png", "alt": "A logo"})


def entry(name: str, mode: int = 0o644, kind: int = stat.S_IFREG) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, STAMP)
    info.external_attr = (kind | mode) << 16  # Unix mode in the high 16 bits, as zip keeps it
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_of(*entries: tuple[str | zipfile.ZipInfo, bytes], stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries:
            info = entry(name) if isinstance(name, str) else name
            if stored:
                info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buffer.getvalue()


def with_flag(raw: bytes, flag: int) -> bytes:
    """Set a general-purpose flag bit in every local and central header (zipfile clears it)."""
    out = bytearray(raw)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            out[at + offset] |= flag
            at = out.find(signature, at + 4)
    return bytes(out)


def bad_crc() -> bytes:
    raw = bytearray(zip_of((PACK_NAME, GOOD_PACK), ("images/01-logo.png", PNG), stored=True))
    at = raw.find(b"Hello.")
    raw[at] = ord("J")  # the stored text changes; its CRC in the headers does not
    return bytes(raw)


def bad_utf8_name() -> bytes:
    raw = zip_of((PACK_NAME, GOOD_PACK), ("images/01-caf\u00e9.png", PNG))
    return raw.replace("caf\u00e9".encode(), b"caf\xc3\x28")  # flagged UTF-8, not UTF-8


PACK_NAME = "pack.bpack"
LINK = entry("images/01-logo.png", 0o777, stat.S_IFLNK)
OUTSIDE = pack({"kind": "image", "path": "../../../outside.png", "alt": "Not in the bundle"})
BROKEN = json.dumps({"format": "briefpack/pack", "version": 1, "meta": {}}).encode()

CASES: dict[str, bytes] = {
    "zip-link.bpackz": zip_of((PACK_NAME, GOOD_PACK), (LINK, b"/etc/passwd")),
    "zip-absolute-name.bpackz": zip_of((PACK_NAME, GOOD_PACK), ("/tmp/zip-absolute.txt", b"x")),
    "zip-dotdot-name.bpackz": zip_of((PACK_NAME, GOOD_PACK), ("../zip-dotdot.txt", b"x")),
    "zip-images-dotdot-name.bpackz": zip_of(
        (PACK_NAME, GOOD_PACK), ("images/../../zip-dotdot.png", PNG)
    ),
    "zip-backslash-name.bpackz": zip_of((PACK_NAME, GOOD_PACK), ("..\\zip-backslash.txt", b"x")),
    "zip-unknown-entry.bpackz": zip_of((PACK_NAME, GOOD_PACK), ("run.sh", b"#!/bin/sh\n")),
    "zip-bomb.bpackz": zip_of((PACK_NAME, GOOD_PACK), ("images/01-logo.png", b"\0" * 20_000_000)),
    "zip-many-small-bomb.bpackz": zip_of(
        (PACK_NAME, GOOD_PACK),
        *((f"images/{i:02d}-zero.png", b"\0" * 1_000_000) for i in range(60)),
    ),
    "zip-many-entries.bpackz": zip_of(
        (PACK_NAME, GOOD_PACK), *((f"images/{i:03d}.png", PNG) for i in range(200))
    ),
    "zip-not-a-zip.bpackz": b"This is a letter, not a bundle.\n",
    "zip-no-pack.bpackz": zip_of(("images/01-logo.png", PNG)),
    "zip-encrypted.bpackz": with_flag(zip_of((PACK_NAME, GOOD_PACK)), 0x01),
    "zip-bad-crc.bpackz": bad_crc(),
    "zip-bad-utf8-name.bpackz": bad_utf8_name(),
    "zip-not-a-picture.bpackz": zip_of(
        (PACK_NAME, GOOD_PACK), ("images/01-logo.png", b"#!/bin/sh\nrm -rf ~\n")
    ),
    "zip-broken-pack.bpackz": zip_of((PACK_NAME, BROKEN), ("images/01-logo.png", PNG)),
    "zip-outside-picture.bpackz": zip_of((PACK_NAME, OUTSIDE)),
}


if __name__ == "__main__":
    for name, data in CASES.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
