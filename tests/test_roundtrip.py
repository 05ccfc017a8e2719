"""Every section kind, both formats: the words the pack says are the words read back."""

from __future__ import annotations

from datetime import date

import pytest
from packs import pack_data
from readback import docx_text, pdf_text, squash

from briefpack.document.compose import compose
from briefpack.model import pack_from_data
from briefpack.render import render

CASES = {
    "text": (
        {
            "kind": "text",
            "title": "Stay safe",
            "body": "Run, hide, **tell** — call *999*.\n\n- one\n- two",
        },
        ["Stay safe", "Run, hide, tell — call 999.", "one", "two"],
    ),
    "threat_level": (
        {"kind": "threat_level", "title": "Threat now", "note": "Level set by JTAC."},
        [
            "Threat now",
            "SEVERE",
            "An attack is highly likely",
            "29 August 2014",
            "SUBSTANTIAL",
            "Level set by JTAC.",
        ],
    ),
    "callout": (
        {
            "kind": "callout",
            "title": "If you suspect it, report it",
            "body": "Call **0800 789 321**",
        },
        ["If you suspect it, report it", "Call 0800 789 321"],
    ),
    "quote": (
        {
            "kind": "quote",
            "body": "Communities defeat terrorism.",
            "speaker": "A. Officer",
            "role": "National lead",
        },
        ["Communities defeat terrorism.", "A. Officer", "National lead"],
    ),
    "statistics": (
        {
            "kind": "statistics",
            "title": "Every day",
            "chart": True,
            "items": [
                {
                    "value": "3,629",
                    "label": "contributions from the public",
                    "source": "CTP",
                    "as_of": "2016-08-01",
                },
                {"value": "32", "label": "hotline calls"},
            ],
        },
        [
            "Every day",
            "3,629",
            "contributions from the public",
            "CTP",
            "1 August 2016",
            "32",
            "hotline calls",
        ],
    ),
    "links": (
        {
            "kind": "links",
            "title": "Key websites",
            "qr": True,
            "items": [
                {
                    "label": "Protect your site",
                    "url": "https://www.gov.uk/nactso",
                    "note": "Advice.",
                },
                {"label": "Hotline", "phone": "0800 789 321"},
            ],
        },
        [
            "Key websites",
            "Protect your site",
            "www.gov.uk/nactso",
            "Advice.",
            "Hotline",
            "0800 789 321",
        ],
    ),
    "page_break": ({"kind": "page_break"}, []),
}


def rendered(section: dict, fmt: str) -> bytes:
    pack = pack_from_data(pack_data(section))
    return render(compose(pack, today=date(2016, 8, 1)), fmt, invariant=True)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_section_text_reads_back(kind, fmt):
    section, expected = CASES[kind]
    data = rendered(section, fmt)
    text = pdf_text(data) if fmt == "pdf" else docx_text(data)
    for words in [*expected, "Counter Terrorism Protective Security Update"]:
        assert squash(words) in text, f"{words!r} missing from {fmt}: {text[:400]}"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_image_section_reads_back(tmp_path, fmt):
    from PIL import Image

    Image.new("RGB", (300, 150), "navy").save(tmp_path / "map.png")
    section = {"kind": "image", "path": "map.png", "alt": "Map of the site", "caption": "Site map"}
    pack = pack_from_data(pack_data(section))
    data = render(compose(pack, tmp_path), fmt, invariant=True)
    text = pdf_text(data) if fmt == "pdf" else docx_text(data)
    assert "Site map" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_markup_like_text_prints_literally(fmt):
    body = "R&D <b>not bold</b> a<b & <img src='/etc/passwd'/> <font size=40>x</font>"
    data = rendered({"kind": "text", "body": body}, fmt)
    text = pdf_text(data) if fmt == "pdf" else docx_text(data)
    assert squash(body) in text
