"""Accessibility checks (document/a11y_checks.py): every rule with cases it flags and cases it
leaves alone, the hint severity, the built-in content, and arbitrary text never crashing."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import EXAMPLE, ROOT, pack_data

from briefpack.document import a11y_checks as a11y
from briefpack.document.checks import check_pack
from briefpack.document.findings import Finding, group_findings, sort_findings
from briefpack.model.brand import Brand, find_brand, list_brands
from briefpack.model.colour import contrast_ratio, hex_rgb
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render.design import palette
from briefpack.render.design.spec import design_for

TODAY = date(2016, 8, 1)
TEMPLATES = sorted((ROOT / "templates").glob("*.bpack"))


def found(*sections, brand: Brand | None = None) -> list[Finding]:
    """The accessibility findings of a pack of `sections` (the default brand passes)."""
    pack = pack_from_data(pack_data(*sections))
    return a11y.a11y_findings(pack, brand or find_brand("default"))


def text(body: str, **fields) -> dict:
    return {"kind": "text", "title": "Advice", "body": body, **fields}


def image(alt: str, path: str = "pictures/station-map.png") -> dict:
    return {"kind": "image", "path": path, "alt": alt}


def messages(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings]


# ---- alt text ------------------------------------------------------------------------------


@pytest.mark.parametrize("alt", ["", "   ", "\n\t"])
def test_missing_alt_text(alt):
    [finding] = found(image(alt))
    assert (finding.section, finding.where, finding.severity) == (0, "sections[0].alt", "warning")
    assert finding.message == "image has no alt text: say what the picture shows"


@pytest.mark.parametrize(
    "alt", ["image", "Image", "PHOTO.", "a picture", "The logo", "graphic!", " Photograph "]
)
def test_alt_text_that_names_only_the_kind_of_thing(alt):
    [finding] = found(image(alt))
    shown = " ".join(alt.split())
    assert finding.message == (
        f'alt text "{shown}" does not say what the picture shows: describe the picture'
    )


@pytest.mark.parametrize(
    ("alt", "path"),
    [
        ("IMG_0042.jpg", "pictures/IMG_0042.jpg"),
        ("scan.PNG", "pictures/other.png"),  # any picture's file name
        ("station-map.png", "pictures/station-map.png"),
        ("station-map", "pictures/station-map.png"),  # its name without the suffix
        ("crest", "pictures\\crest.gif"),  # a path written on Windows
    ],
)
def test_alt_text_that_is_a_file_name(alt, path):
    [finding] = found(image(alt, path))
    assert finding.where == "sections[0].alt"
    assert finding.message == f'alt text "{alt}" is a file name: say what the picture shows'


@pytest.mark.parametrize(
    "alt",
    [
        "Map of the station's evacuation routes",
        "Photo of the new bag-search point at the main gate",
        "The logo of the Counter Terrorism Policing network",
        "{{ pack.title }}",
    ],
)
def test_meaningful_alt_text_passes(alt):
    assert found(image(alt)) == []


def test_alt_findings_fold_into_one_group():
    findings = found(image(""), image("image"), image("IMG_1.jpg", "a/IMG_1.jpg"))
    [group] = group_findings(findings)
    assert group.summary == "3 images have no alt text that says what they show"


def test_check_pack_reports_alt_text_once(tmp_path):
    (tmp_path / "map.png").write_bytes(b"not read by the checks")
    pack = pack_from_data(pack_data(image("map.png", "map.png")))
    findings = [f for f in check_pack(pack, tmp_path, TODAY) if f.where == "sections[0].alt"]
    assert messages(findings) == ['alt text "map.png" is a file name: say what the picture shows']


# ---- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "## Before you go\n\nText.",  # the sub-heading docs/pack-format.md documents
        "# Before you go\n\nText.",
        "## One\n\n### Two\n\n#### Three\n\n## Back up\n\n### Down again",
        "Setext\n------\n\n### Below it",  # "---" underlines a level 2
        "No headings at all.",
    ],
)
def test_headings_going_down_one_level_at_a_time_pass(body):
    assert found(text(body)) == []


def test_a_skipped_level_is_reported_where_it_was_written():
    findings = found(
        text("Fine."),
        text("## Search\n\n#### Bags\n\nLook in them.\n\n## Patrols\n\n### Routes"),
    )
    [finding] = findings
    assert (finding.section, finding.where, finding.severity) == (1, "sections[1].body", "warning")
    assert finding.message == (
        'heading "Bags" jumps from level 2 to level 4: make it a level 3 heading (###) '
        "so that no level is skipped"
    )


def test_a_first_heading_too_deep_for_the_section_heading():
    [finding] = found({"kind": "callout", "title": "Report it", "body": "### Who to call"})
    assert finding.where == "sections[0].body"
    assert finding.message.startswith('heading "Who to call" jumps from level 1 to level 3')


def test_headings_in_lists_quotes_and_threat_notes_count():
    findings = found(
        {"kind": "quote", "body": "# Said\n\n> #### Deeper", "speaker": "A"},
        {"kind": "threat_level", "note": "- item\n\n  ### In a list"},
    )
    assert [f.where for f in findings] == ["sections[0].body", "sections[1].note"]
    assert "from level 1 to level 4" in findings[0].message


def test_each_field_starts_again_from_its_section_heading():
    findings = found(text("## A\n\n### B"), text("## C"))
    assert findings == []


def test_code_that_looks_like_a_heading_is_not_one():
    assert found(text("```\n#### not a heading\n```\n\n    #### nor this")) == []


# ---- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words", ["click here", "Click here!", "here", "read more", "More…", "link", "this link"]
)
def test_vague_link_text(words):
    [finding] = found(text(f"For advice [{words}](https://www.gov.uk/nactso)."))
    assert (finding.where, finding.severity) == ("sections[0].body", "warning")
    shown = " ".join(words.split())
    assert finding.message == (
        f'link text "{shown}" does not say where it goes: name what it opens'
    )


@pytest.mark.parametrize(
    "address",
    [
        "https://www.gov.uk/nactso",
        "http://gov.uk/ACT",
        "www.example.org/search?q=threat+level",
        "www.gov.uk/government/publications/project-griffin-awareness",  # over 40
    ],
)
def test_link_text_that_is_only_a_hard_web_address(address):
    [finding] = found(text(f"See [{address}](https://www.gov.uk/nactso)."))
    assert finding.message == (
        f'link text "{address}" is only a web address: say where it goes (a short address '
        "without https:// may stay beside it for readers on paper)"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Guidance from [NaCTSO](https://www.gov.uk/nactso).",
        # Short readable addresses, as the example prints them for readers on paper.
        "Watch the film at [www.npcc.police.uk/staysafe](https://www.npcc.police.uk/staysafe).",
        "Report it at [gov.uk/ACT](https://www.gov.uk/ACT).",
        "Write to [ct@example.police.uk](mailto:ct@example.police.uk).",
        "Ring [0800 789 321](tel:0800789321).",
        "Here is [the report](https://example.org/report), and more.",  # words beside
        "[click here](javascript:alert(1)) prints as plain text, not a link",
        "Click here: `[here](https://x.org)` is code.",
    ],
)
def test_link_text_that_says_where_it_goes_passes(body):
    assert found(text(body)) == []


def test_a_link_with_no_text():
    [finding] = found(text("Go [](https://www.gov.uk/ACT) now."))
    assert finding.message == "a link has no text: say where it goes"


def test_links_in_quotes_and_threat_notes_are_checked_too():
    findings = found(
        {"kind": "quote", "body": "[Here](https://a.org) I said it.", "speaker": "B"},
        {"kind": "threat_level", "note": "[click here](https://a.org)"},
    )
    assert [f.where for f in findings] == ["sections[0].body", "sections[1].note"]


def test_key_websites_show_addresses_beside_names_on_purpose():
    section = {
        "kind": "links",
        "items": [
            {"label": "NaCTSO protective security advice", "url": "https://www.gov.uk/nactso"},
            {"label": "https://www.gov.uk/ACT", "url": "https://www.gov.uk/ACT"},
            {"label": "Click here", "url": "https://www.gov.uk/prevent"},
        ],
    }
    [finding] = found(section)
    assert finding.where == "sections[0].items[2].label"
    assert (
        finding.message == 'link name "Click here" does not say where it goes: name what it opens'
    )


def test_several_link_problems_fold_into_one_group():
    findings = found(text("[here](https://a.org) and [more](https://b.org)"))
    [group] = group_findings(findings)
    assert group.summary == "2 links do not say where they go"


# ---- long sentences ------------------------------------------------------------------------

LONG = " ".join(["word"] * 26) + "."
JUST_SHORT_ENOUGH = " ".join(["word"] * 25) + "."


def test_a_long_sentence_in_advice_is_a_gentle_hint():
    [finding] = found(text(f"Short one. {LONG} Another short one."))
    assert (finding.section, finding.where, finding.severity) == (0, "sections[0].body", "hint")
    assert finding.message == (
        'the sentence "word word word word word word word word…" has 26 words: sentences of '
        "25 words or fewer are easier to read, so think about splitting it"
    )


def test_twenty_five_words_is_not_too_long():
    assert found(text(JUST_SHORT_ENOUGH)) == []


def test_one_hint_per_sentence_folded_into_one_group():
    body = f"{LONG} {LONG}\n\n- {LONG}\n- short\n\n{LONG}"
    findings = found(text(body), {"kind": "callout", "title": "T", "body": LONG})
    assert [f.severity for f in findings] == ["hint"] * 5
    [group] = group_findings(findings)
    assert group.summary == "5 sentences are longer than 25 words: shorter ones are easier to read"


@pytest.mark.parametrize(
    "body",
    [
        # Sentence ends: . ! ? … and a closing quote or bracket after them.
        " ".join(["word"] * 20) + ". " + " ".join(["word"] * 20) + ".",
        " ".join(["word"] * 20) + "?” " + " ".join(["word"] * 20) + "!",
        # A hard line break (an address, a list of lines) ends a line of its own.
        " ".join(["word"] * 20) + "\\\n" + " ".join(["word"] * 20),
        # Dashes, bullets and Markdown marks are not words.
        " – ".join(["word"] * 25),
        "**" + " ".join(["word"] * 25) + "**",
    ],
)
def test_what_counts_as_a_sentence_and_a_word(body):
    assert found(text(body)) == []


def test_a_placeholder_is_one_word_and_is_quoted_whole():
    sentence = "On {{ pack.date }} " + " ".join(["word"] * 24) + "."
    [finding] = found(text(sentence))
    assert finding.message.startswith('the sentence "On {{ pack.date }} word word word word')
    assert "has 26 words" in finding.message
    assert a11y.word_count("{% if x %}two words{% endif %}") == 2


def test_quotes_are_someone_elses_words_and_not_shortened():
    assert found({"kind": "quote", "body": LONG, "speaker": "Mark Rowley"}) == []


def test_headings_and_link_names_are_not_sentences():
    assert found(text(f"## {LONG[:-1]}\n\nShort.")) == []


# ---- brand colours -------------------------------------------------------------------------


def brand(**colours) -> Brand:
    return Brand(id="pale", name="Pale", **colours)


def test_the_built_in_brands_pass_contrast():
    for built_in in list_brands():
        if built_in.builtin:
            assert list(a11y.contrast_findings(built_in)) == [], built_in.id


def test_pale_body_text_is_named_with_its_field_colours_and_ratio():
    finding, on_panel = a11y.contrast_findings(brand(text="#777777"))
    assert (finding.section, finding.where, finding.severity) == (None, "meta.brand", "warning")
    assert finding.message == (
        "brand 'pale': body text (text colour #777777 on white) has contrast 4.48:1; "
        "WCAG AA needs 4.5:1"
    )
    assert on_panel.message == (
        "brand 'pale': text in the threat panel, tiles and info call-outs (text colour #777777 "
        "on panel colour #EEF2F7) has contrast 3.98:1; WCAG AA needs 4.5:1"
    )


def test_a_ratio_just_under_is_not_rounded_up_to_a_pass():
    # #767676 on white is 4.54:1 (passes); #777777 is 4.478:1 (fails, shown as 4.48).
    assert list(a11y.contrast_findings(brand(text="#767676", panel="#FFFFFF"))) == []
    assert 4.47 < contrast_ratio(hex_rgb("#777777"), hex_rgb("#FFFFFF")) < 4.48
    assert a11y._shown_ratio(4.497) == 4.49  # never "4.50:1; WCAG AA needs 4.5:1"
    assert a11y._shown_ratio(2.849) == 2.85


def test_white_text_on_a_light_accent_and_muted_on_the_panel():
    findings = list(a11y.contrast_findings(brand(accent="#FF8080", muted="#6B7580")))
    assert [f.message.split(" has ")[0] for f in findings] == [
        "brand 'pale': dates, sources and the panel title in shaded boxes "
        "(muted colour #6B7580 on panel colour #EEF2F7)",
        "brand 'pale': alert call-out titles (white on accent colour #FF8080)",
    ]
    [group] = group_findings(findings)
    assert group.summary == "brand 'pale': 2 pairs of its colours have too little contrast for text"


def test_the_pairs_cover_every_colour_the_design_sets_text_in():
    """Drift guard: every brand colour a text style of the design uses is checked as text."""
    distinct = brand(
        primary="#102030", accent="#A01010", text="#202020", muted="#404850", panel="#F0F0F0"
    )
    design = design_for(distinct)
    names = {
        palette.hex_colour(getattr(distinct, field)): field
        for field in ("primary", "accent", "text", "muted", "panel")
    } | {palette.WHITE: "white"}
    used = {
        names[style.colour] for style in design.styles.named().values() if style.colour in names
    }
    checked = {fg for fg, _bg, _what in a11y.CONTRAST_PAIRS}
    assert used <= checked


def test_check_pack_weighs_the_pack_s_own_brand(user_data_dir):
    folder = user_data_dir / "brands" / "pale"
    folder.mkdir(parents=True)
    data = {"format": "briefpack/brand", "version": 1, "id": "pale", "name": "Pale"}
    (folder / "brand.json").write_text(json.dumps({**data, "muted": "#999999"}), "utf-8")
    pack = pack_from_data(pack_data(text("Fine."), brand="pale"))
    findings = [f for f in check_pack(pack, ".", TODAY) if f.where == "meta.brand"]
    assert len(findings) == 2 and all("muted colour #999999" in f.message for f in findings)


def test_an_unknown_brand_is_left_to_compose():
    pack = pack_from_data(pack_data(text("Fine."), brand="nobody"))
    assert a11y.a11y_findings(pack) == []


def test_the_contrast_formula_is_the_design_s():
    assert palette.contrast_ratio is contrast_ratio and palette.hex_rgb is hex_rgb
    assert round(contrast_ratio(hex_rgb("000000"), hex_rgb("#FFFFFF")), 2) == 21.0


# ---- severities ----------------------------------------------------------------------------


def test_hints_sort_after_warnings_and_errors():
    hint = Finding(0, "sections[0].body", "hint", "h")
    warning = Finding(3, "sections[3].alt", "warning", "w")
    error = Finding(5, "sections[5].path", "error", "e")
    assert sort_findings([hint, warning, error]) == [error, warning, hint]
    assert [g.severity for g in group_findings([hint, warning, error])] == [
        "hint",
        "warning",
        "error",
    ]


def test_hints_never_block_an_export(tmp_path):
    from briefpack.services.validate import blocking_findings

    pack = pack_from_data(pack_data(text(f"{LONG} {LONG}"), image("image")))
    severities = {f.severity for f in check_pack(pack, tmp_path, TODAY)}
    assert {"error", "warning", "hint"} <= severities
    blocking = blocking_findings(pack, tmp_path, TODAY)
    assert [f.where for f in blocking] == ["sections[1].path"]  # the missing picture only


# ---- the built-in content ------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLE, *TEMPLATES], ids=lambda p: p.name)
def test_built_in_content_has_no_accessibility_warnings(path: Path):
    pack = load_pack(path)
    findings = a11y.a11y_findings(pack)
    assert [f for f in findings if f.severity != "hint"] == []


# ---- arbitrary text ------------------------------------------------------------------------

# Prose as a list of pieces joined: any characters, and the Markdown and placeholder marks
# the checks look at (headings, links, line breaks, lists, addresses, sentence ends).
MARKS = ["#", "##", "######", "[", "](", ")", "\n", "\n\n", "  \n", "- ", "> ", "https://"]
MARKS += ["www.", "here", ".", "!", "…", "{{", "}}", "{%", "`", "*", " ", "word "]
PIECES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(MARKS)
PROSE = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=PROSE, alt=st.text(max_size=40), path=st.text(max_size=40), label=st.text(max_size=40))
def test_arbitrary_text_never_crashes_the_checks(body, alt, path, label):
    sections = [
        {"kind": "text", "title": "T", "body": body},
        {"kind": "callout", "title": "C", "body": body},
        {"kind": "quote", "body": body, "speaker": "S"},
        {"kind": "threat_level", "note": body},
        {"kind": "image", "path": path, "alt": alt},
        {"kind": "links", "items": [{"label": label, "url": "https://a.org"}]},
    ]
    findings = found(*sections)
    assert all(f.severity in ("warning", "hint") for f in findings)
    assert all(f.message and f.where.startswith("sections[") for f in findings)
    for group in group_findings(findings):
        assert group.summary  # group_text formats whatever the officer typed


# ---- the command line ----------------------------------------------------------------------


def test_validate_prints_accessibility_findings_and_still_succeeds(tmp_path):
    from PIL import Image

    data = pack_data(
        text(f"## Search\n\n#### Bags\n\n[click here](https://www.gov.uk/nactso). {LONG}"),
        image("image", "map.png"),
    )
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "map.png")
    (tmp_path / "a11y.bpack").write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "briefpack", "validate", "a11y.bpack"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr  # warnings and hints do not fail it
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        'a11y.bpack: sections[0].body: warning: heading "Bags" jumps from level 2 to level 4: '
        "make it a level 3 heading (###) so that no level is skipped",
        'a11y.bpack: sections[0].body: warning: link text "click here" does not say where it '
        "goes: name what it opens",
        'a11y.bpack: sections[1].alt: warning: alt text "image" does not say what the picture '
        "shows: describe the picture",
    ]
    # The hint comes after the warnings, then the verdict.
    assert lines[3] == (
        'a11y.bpack: sections[0].body: hint: the sentence "word word word word word word '
        'word word…" has 26 words: sentences of 25 words or fewer are easier to read, so '
        "think about splitting it"
    )
    assert lines[4:] == ["a11y.bpack: ok (2 sections)"]
