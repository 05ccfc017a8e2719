"""Write the bad-input corpus in tests/corpus/ (small files, committed).

    python tools/make_corpus.py

Each file is wrong in exactly one way; tests/corpus/README.md lists them with
the message fragment briefpack must give. The 100 MB file is not written here:
tests/test_corpus.py makes it in a temporary folder.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"

GOOD: dict[str, Any] = {
    "format": "briefpack/pack",
    "version": 1,
    "meta": {"title": "Protective Security Update", "date": "2016-08-01"},
    "threat": {"level": "severe"},
    "sections": [{"kind": "text", "title": "Introduction", "body": "Stay alert."}],
}


def pack(*sections: dict[str, Any], **top: Any) -> bytes:
    data = copy.deepcopy(GOOD)
    if sections:
        data["sections"] = [*data["sections"], *sections]
    data.update(top)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG", optimize=True)
    return out.getvalue()


def image_pack(path: str) -> bytes:
    return pack({"kind": "image", "path": path, "alt": "A picture"})


def text_pack(body: str) -> bytes:
    return pack({"kind": "text", "body": body})


def files() -> dict[str, bytes]:
    good = pack()
    return {
        "empty.bpack": b"",
        "truncated.bpack": good[: len(good) // 2],
        "binary.bpack": bytes(range(256)) * 4,
        "latin1.bpack": pack(meta={"title": "Caf\u00e9 \u00a3 update", "date": "2016-08-01"})
        .decode("utf-8")
        .encode("latin-1"),
        "utf16-bom.bpack": good.decode("utf-8").encode("utf-16"),
        "nan.bpack": good.replace(b'"kind": "text"', b'"kind": "text", "width_mm": NaN'),
        "huge-number.bpack": good.replace(b'"version": 1', b'"version": 1e999'),
        "duplicate-keys.bpack": good.replace(
            b'"title": "Introduction"', b'"title": "Introduction", "title": "Again"'
        ),
        "deep-nesting.bpack": b"[" * 10_000 + b"]" * 10_000,
        "top-level-list.bpack": b"[]\n",
        "not-a-pack.bpack": pack(format="briefpack/library"),
        "future-version.bpack": pack(version=99),
        "wrong-types.bpack": pack({"kind": "statistics", "items": [{"value": 3629, "label": "x"}]}),
        "wrong-date.bpack": pack(meta={"title": "Update", "date": "2016-13-45"}),
        "unknown-kind.bpack": pack({"kind": "video", "path": "film.mp4"}),
        "missing-field.bpack": pack({"kind": "callout", "title": "IF YOU SUSPECT IT"}),
        "unknown-threat-level.bpack": pack(threat={"level": "elevated"}),
        "image-missing.bpack": image_pack("no-such-picture.png"),
        "image-not-image.bpack": image_pack("not-an-image.png"),
        "not-an-image.png": b"This is a text file with a .png name.\n",
        "image-too-wide.bpack": image_pack("too-wide.png"),
        "too-wide.png": png(20_000, 4),
        "image-bomb.bpack": image_pack("bomb.png"),
        "bomb.png": png(15_000, 15_000),
        "placeholder-unknown.bpack": text_pack("Calls today: {{ stats.nothing.value }}"),
        "placeholder-escape.bpack": text_pack("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        "placeholder-syntax.bpack": text_pack("Level: {{ threat.name "),
    }


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (CORPUS / name).write_bytes(data)
        print(f"{name:28} {len(data):7} bytes")


if __name__ == "__main__":
    main()
