"""A pack's placeholders share one budget (characters they add, sandbox seconds), `*` and
`~` are checked before they run, and meta.subtitle and meta.author are filled in too."""

from __future__ import annotations

from datetime import date

import pytest
from packs import EXAMPLE, pack_data

from briefpack.document import placeholders, sandbox_worker
from briefpack.document.compose import compose
from briefpack.document.context import placeholder_context
from briefpack.document.placeholders import (
    MAX_PACK_CHARS,
    PlaceholderBudget,
    PlaceholderBudgetError,
    PlaceholderSecurityError,
    expand,
)
from briefpack.model.errors import ComposeError
from briefpack.model.packfile import load_pack, pack_from_data

TODAY = date(2016, 8, 1)


def pack_of(*sections, **meta):
    return pack_from_data(pack_data(*sections, **meta))


def test_example_is_far_inside_the_budget(monkeypatch) -> None:
    made = []
    real = placeholder_context

    def spy(*args):
        made.append(real(*args))
        return made[-1]

    monkeypatch.setattr("briefpack.document.compose.placeholder_context", spy)
    compose(load_pack(EXAMPLE), EXAMPLE.parent, today=TODAY)
    budget = made[-1].budget
    assert 0 < budget.chars_used < MAX_PACK_CHARS / 1000  # 151 characters, measured
    assert budget.seconds_used == 0  # plain look-ups only: no sandbox


def test_plain_look_ups_count_and_are_refused_before_the_text_is_built() -> None:
    big = "9" * 100_000
    pack = pack_of(
        {"kind": "statistics", "items": [{"id": "big", "value": big, "label": "a figure"}]},
        {"kind": "text", "body": "ok {{ stats.big.value }}"},
        {"kind": "text", "body": "{{ stats.big.value }}" * 2000},
    )
    with pytest.raises(PlaceholderBudgetError) as info:
        compose(pack, ".", today=TODAY)
    assert info.value.where == "sections[2].body"
    assert "more than 200,000 characters in all" in info.value.message


def test_many_fields_under_the_field_limit_run_out_together() -> None:
    pack = pack_of(*[{"kind": "text", "body": "{{ 'x' * 90000 }}"} for _ in range(5)])
    with pytest.raises(PlaceholderBudgetError) as info:
        compose(pack, ".", today=TODAY)
    assert info.value.where == "sections[2].body"  # 3 × 90,000 > 200,000


def test_the_sandbox_is_told_what_is_left(monkeypatch) -> None:
    context = placeholder_context(pack_of(), TODAY)
    context.budget = PlaceholderBudget(chars=50)
    assert expand("{{ 'x' * 40 }}", context, "a") == "x" * 40
    with pytest.raises(PlaceholderBudgetError, match="more than 50 characters") as info:
        expand("{{ 'y' * 40 }}", context, "sections[4].title")
    assert info.value.where == "sections[4].title"


def test_sandbox_time_is_shared_by_all_fields(monkeypatch) -> None:
    """Each field well under the 3 s of a field; together over the pack's budget."""
    monkeypatch.setattr(placeholders, "MAX_PACK_SECONDS", 1.0)
    slow = "{% set s = 'x' * 1500 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}ok"
    pack = pack_of(*[{"kind": "text", "body": slow} for _ in range(40)])
    with pytest.raises(PlaceholderBudgetError) as info:
        compose(pack, ".", today=TODAY)
    assert "took more than 1 seconds in all" in info.value.message
    assert info.value.where.startswith("sections[") and info.value.where != "sections[39].body"


def test_a_field_that_outruns_the_rest_of_the_budget_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(placeholders, "MAX_PACK_SECONDS", 0.5)
    endless = (
        "{% set s = 'x' * 2000 %}"
        "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
    )
    context = placeholder_context(pack_of(), TODAY)
    # The pack's budget, not the 3 s limit of a field, is what stopped it.
    with pytest.raises(PlaceholderBudgetError, match=r"took more than 0\.5 seconds in all"):
        expand(endless, context, "sections[0].body")
    with pytest.raises(PlaceholderBudgetError):  # and nothing more runs
        expand("{{ threat.name | lower }}", context, "sections[1].body")


@pytest.mark.parametrize(
    "text",
    [
        "{{ 10**9 * (1,) }}",  # int * tuple: not checked before
        "{{ (1,) * 10**9 }}",
        "{{ 10**9 * 'x' }}",
        "{{ 10**9 * [1] }}",
    ],
)
def test_repeating_any_sequence_is_checked_before_it_runs(text: str) -> None:
    with pytest.raises(PlaceholderSecurityError, match="repeating text that many times"):
        expand(text, placeholder_context(pack_of(), TODAY), "x")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{% set s = 'x' * 900000 %}{{ s ~ s ~ s }}", "joining that much text with ~"),
        ("{% set s = 'x' * 900000 %}{{ s + s }}", "joining that much text"),
        ("{% set s = (1,) * 900000 %}{{ (s + s) | length }}", "joining that much text"),
    ],
)
def test_joining_is_checked_before_it_runs(text: str, why: str) -> None:
    with pytest.raises(PlaceholderSecurityError, match=why):
        expand(text, placeholder_context(pack_of(), TODAY), "x")


def test_small_joins_and_repeats_still_work() -> None:
    context = placeholder_context(pack_of(), TODAY)
    assert expand("{{ threat.name ~ '!' ~ 2 }}", context, "x") == "SEVERE!2"
    assert expand("{{ (3 * (1, 2)) | length }} {{ '-' * 3 }}", context, "x") == "6 ---"
    env = sandbox_worker.make_environment()
    assert env.from_string("{{ [1] + [2] }}").render() == "[1, 2]"


def test_subtitle_and_author_are_filled_in() -> None:
    pack = pack_of(
        {"kind": "statistics", "items": [{"id": "calls", "value": "32", "label": "calls"}]},
        {"kind": "text", "body": "By {{ pack.author }}: {{ pack.subtitle }}"},
        subtitle="{{ threat.name }} since {{ threat.since }}",
        author="Team of {{ stats.calls.value }}",
    )
    doc = compose(pack, ".", today=TODAY)
    title = doc.blocks[0]
    assert title.subtitle == "SEVERE since 29 August 2014"
    assert title.byline.startswith("Team of 32 · ")
    assert doc.furniture.author == "Team of 32"
    assert doc.furniture.subject == "SEVERE since 29 August 2014"
    assert "{{" not in repr(doc)
    body = repr(doc.blocks[-1])
    assert "Team of 32" in body and "SEVERE since 29 August 2014" in body


def test_a_bad_placeholder_in_the_subtitle_names_the_field() -> None:
    pack = pack_of(subtitle="{{ stats.nothing.value }}")
    with pytest.raises(ComposeError) as info:
        compose(pack, ".", today=TODAY, source="p.bpack")
    assert info.value.message.startswith("p.bpack: meta.subtitle: unknown placeholder")


def test_a_blank_subtitle_and_author_stay_blank() -> None:
    doc = compose(pack_of(subtitle=None, author=None), ".", today=TODAY)
    assert doc.blocks[0].subtitle == "" and doc.furniture.author == ""


def test_validate_fills_the_placeholders_once(monkeypatch, capsys) -> None:
    """compose fills every field within the pack's budget; the checks that follow do not
    fill them a second time (which would give a hostile pack two budgets)."""
    from briefpack import cli
    from briefpack.document import checks

    def second_fill(*_args, **_kwargs):
        raise AssertionError("the placeholders were filled a second time")

    monkeypatch.setattr(checks, "expand", second_fill)
    assert cli.main(["validate", str(EXAMPLE)]) == 0
    assert "ok" in capsys.readouterr().out
