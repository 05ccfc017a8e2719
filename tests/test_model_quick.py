"""model/quick.py makes a pack or a brand exactly as pydantic would, or leaves it to pydantic
(issue 16, point 1: a validated load that does not build pydantic's validators).

For every input: quick_validate either says "not sure" (None), or pydantic accepts the same
input and makes an equal object of the same types, with the same fields set and the same
unknown fields kept. Checked on the shipped packs, templates and brands, and on hypothesis'
mutations of them (wrong types, missing and unknown fields, bad dates, broken constraints).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import EXAMPLE, ROOT
from pydantic import BaseModel, ValidationError

from briefpack.model.brand import Brand
from briefpack.model.pack import Pack, Template
from briefpack.model.quick import quick_validate

PACKS = sorted(ROOT.glob("examples/*.bpack")) + sorted(ROOT.glob("templates/*.bpack"))
BRANDS = sorted(ROOT.glob("assets/brands/*.json"))


def strict_json(model: type[BaseModel], data: Any) -> BaseModel | None:
    """What packfile.pack_from_data asks of pydantic; None when pydantic refuses."""
    try:
        return model.model_validate_json(json.dumps(data), strict=True)
    except (ValidationError, TypeError, ValueError):
        return None


def lax(model: type[BaseModel], data: Any) -> BaseModel | None:
    """What brand.load_brand_file asks of pydantic."""
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def assert_same(quick: Any, slow: Any) -> None:
    """Equal values of the same types all the way down, models with the same fields set and
    the same unknown fields."""
    assert type(quick) is type(slow), (quick, slow)
    if isinstance(quick, BaseModel):
        assert quick.model_fields_set == slow.model_fields_set
        assert quick.__pydantic_extra__ == slow.__pydantic_extra__
        assert list(vars(quick)) == list(vars(slow))
        for name in vars(quick):
            assert_same(getattr(quick, name), getattr(slow, name))
    elif isinstance(quick, list):
        assert len(quick) == len(slow)
        for a, b in zip(quick, slow, strict=True):
            assert_same(a, b)
    else:
        assert quick == slow


def check(model: type[BaseModel], data: Any, ask_pydantic=strict_json) -> BaseModel | None:
    quick = quick_validate(model, copy.deepcopy(data))
    if quick is not None:
        slow = ask_pydantic(model, copy.deepcopy(data))
        assert slow is not None, "quick accepted what pydantic refuses"
        assert_same(quick, slow)
        assert quick.model_dump(mode="json") == slow.model_dump(mode="json")
    return quick


def model_for(data: Any) -> type[BaseModel]:
    is_template = isinstance(data, dict) and data.get("format") == "briefpack/template"
    return Template if is_template else Pack


def test_the_shipped_packs_templates_and_brands_are_made_quickly_and_alike():
    for path in PACKS:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert check(model_for(data), data) is not None, path
    for path in BRANDS:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert check(Brand, data, lax) is not None, path
        assert check(Brand, data, strict_json) is not None, path


# ---- mutations -------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "severe",
            "LOW",
            "2016-08-01",
            "2016-02-30",
            "2016-8-1",
            "0000-01-01",
            "2016-08-01T00:00:00",
            "text",
            "image",
            "links",
            "#17375E",
            "#17375e\n",
            "#FFF",
            "https://www.gov.uk",
            "javascript:alert(1)",
            "www.gov.uk/ACT",
            "a:b",
            " x ",
            "OFFICIAL",
            "A4",
            "Letter",
            "briefpack/pack",
            "default",
            "../x",
            "\ud800",
            "é",
        ]
    ),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["kind", "body", "x"]), st.text(max_size=3), max_size=2),
)


def paths_in(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in the JSON tree: dict keys and list indexes."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += paths_in(value, (*prefix, i))
    return found


def mutate(data: Any, place: tuple, how: str, value: Any, key: str) -> Any:
    """`data` changed at `place` (a path of the unchanged data: gone after an earlier
    change, it changes nothing)."""
    try:
        return _mutated(copy.deepcopy(data), place, how, value, key)
    except (KeyError, IndexError, TypeError):
        return data


def _mutated(data: Any, place: tuple, how: str, value: Any, key: str) -> Any:
    if not place:
        return value if how == "set" else data
    *parents, last = place
    holder = data
    for step in parents:
        holder = holder[step]
    if how == "set":
        holder[last] = value
    elif how == "drop" and isinstance(holder, dict):
        del holder[last]
    elif how == "add" and isinstance(holder[last], dict):
        holder[last][key] = value
    elif how == "drop" and isinstance(holder, list):
        holder.pop(last)
    return data


def mutations(base: Any) -> st.SearchStrategy:
    return st.tuples(
        st.sampled_from(paths_in(base)),
        st.sampled_from(["set", "drop", "add"]),
        ODD_VALUES,
        st.sampled_from(["note", "_folder", "_fields_set", "kind", "meta", "x-new"]),
    )


EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))
BRAND_DATA = json.loads((ROOT / "assets/brands/default.json").read_text(encoding="utf-8"))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(mutations(EXAMPLE_DATA), min_size=1, max_size=3))
def test_a_mutated_pack_is_made_as_pydantic_makes_it_or_left_to_pydantic(changes):
    data = EXAMPLE_DATA
    for change in changes:
        data = mutate(data, *change)
    check(model_for(data), data)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(mutations(BRAND_DATA), min_size=1, max_size=3))
def test_a_mutated_brand_is_made_as_pydantic_makes_it_or_left_to_pydantic(changes):
    data = BRAND_DATA
    for change in changes:
        data = mutate(data, *change)
    check(Brand, data, lax)
    check(Brand, data, strict_json)


def test_what_only_pydantic_can_word_is_left_to_it():
    bad = copy.deepcopy(EXAMPLE_DATA)
    bad["meta"]["date"] = "1 August 2016"
    assert quick_validate(Pack, bad) is None  # pydantic then names meta.date
    bad = copy.deepcopy(EXAMPLE_DATA)
    bad["meta"]["brand"] = "../elsewhere"  # the brand-id validator objects
    assert quick_validate(Pack, bad) is None
    bad = copy.deepcopy(EXAMPLE_DATA)
    bad["sections"][0]["kind"] = "poem"
    assert quick_validate(Pack, bad) is None


def test_a_newer_writers_field_is_kept():
    data = copy.deepcopy(EXAMPLE_DATA)
    data["meta"]["reviewer"] = "A. N. Other"
    data["sections"][0]["colour"] = None
    pack = check(Pack, data)
    assert pack is not None
    assert pack.meta.__pydantic_extra__ == {"reviewer": "A. N. Other"}
    assert "colour" in pack.sections[0].model_fields_set
