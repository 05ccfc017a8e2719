"""Long-text benchmark: one 1 MB paragraph versus the same text as 2 KB paragraphs.

    python bench/longtext.py [--runs N] [--size BYTES]

Prints the median of N runs (compose + render, after a warm-up) for PDF and
DOCX, and the page count, and checks the text read back from each output
equals the input (whitespace aside). Medians, not pass/fail: this machine is shared.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import time
from datetime import date

import docx
from pypdf import PdfReader

from briefpack.document.compose import compose
from briefpack.model.packfile import pack_from_data
from briefpack.render import render

WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "R&D", "a<b")
FURNITURE = re.compile(r"^.*? Page \d+ of \d+ ?")


def prose(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS) + (". " if rng.random() < 0.08 else " ")
        out.append(word)
        size += len(word)
    return "".join(out).strip()


def as_paragraphs(text: str, size: int = 2000) -> str:
    """The same words in blank-line separated paragraphs of about `size` characters."""
    out, start = [], 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end == -1 else end
        out.append(text[start:end].strip())
        start = end
    return "\n\n".join(out)


def pack_of(body: str):
    return pack_from_data(
        {
            "format": "briefpack/pack",
            "version": 1,
            "meta": {"title": "Long text", "date": "2016-08-01", "marking": "OFFICIAL"},
            "threat": {"level": "severe"},
            "sections": [{"kind": "text", "title": "Long", "body": body}],
        }
    )


def median_s(fn, runs: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def read_back(data: bytes, fmt: str) -> tuple[str, int]:
    if fmt == "pdf":
        pages = PdfReader(io.BytesIO(data)).pages
        text = " ".join(FURNITURE.sub("", " ".join(p.extract_text().split())) for p in pages)
        return text, len(pages)
    word = docx.Document(io.BytesIO(data))
    return " ".join(p.text for p in word.paragraphs), 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    text = prose(args.size)
    for label, body in (("one paragraph", text), ("2 KB paragraphs", as_paragraphs(text))):
        pack = pack_of(body)
        for fmt in ("pdf", "docx"):

            def run(pack=pack, fmt=fmt) -> bytes:
                return render(compose(pack, ".", today=date(2016, 8, 1)), fmt, invariant=True)

            seconds, data = median_s(run, args.runs)
            shown, pages = read_back(data, fmt)
            same = "".join(text.split()) in "".join(shown.split())
            print(
                f"{len(text) / 1e6:.1f} MB {label:16} {fmt:4} median {seconds:6.2f} s "
                f"({args.runs} runs)  {len(data) / 1e3:7.0f} kB  "
                f"{f'{pages} pages  ' if pages else ''}text read back intact: {same}"
            )


if __name__ == "__main__":
    main()
