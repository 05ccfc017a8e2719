"""Edits of a pack, one function per user action, each returning what undoing it needs.

The desktop app's undo commands call these functions and nothing else, so every rule about
what an edit means lives here, testable without Qt: values are validated exactly as loading
validates them, empty optional text means "not set", and copies get fresh ids.

Addresses are plain indexes into ``pack.sections`` (and into a section's ``items``). An undo
stack replays edits in reverse order, so an index recorded when an edit was made is still
right when the edit is undone.

| edit                                  | returns            | undo with                         |
| ------------------------------------- | ------------------ | --------------------------------- |
| insert_section(pack, i, s)            | i                  | remove_section(pack, i)           |
| remove_section(pack, i)               | the section        | insert_section(pack, i, section)  |
| move_section(pack, i, j)              | j                  | move_section(pack, j, i)          |
| duplicate_section(pack, i)            | index of the copy  | remove_section(pack, i + 1)       |
| set_section_field(pack, i, f, v)      | the old value      | set_section_field(pack, i, f, old)|
| set_meta_field / set_threat_field     | the old value      | the same call with the old value  |
| insert_item / remove_item / move_item | as for sections    | as for sections                   |
| set_item_field(pack, i, row, f, v)    | the old value      | set_item_field(..., old)          |
| set_field(pack, target, f, v)         | the old value      | set_field(pack, target, f, old)   |
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from briefpack.model import threat_record
from briefpack.model.errors import BriefpackError
from briefpack.model.jsonfile import validation_error
from briefpack.model.pack import PACK_FORMAT, Meta, Pack, Template, Threat
from briefpack.model.sections import (
    SECTION_KINDS,
    SECTION_TYPES,
    CalloutSection,
    ImageSection,
    LinkItem,
    LinksSection,
    PageBreakSection,
    QuoteSection,
    Section,
    StatisticsSection,
    StatItem,
    TextSection,
    ThreatLevelSection,
)
from briefpack.model.threat_record import ThreatRecord

KIND_LABELS: dict[str, str] = {
    "text": "Text",
    "threat_level": "Threat level",
    "callout": "Call-out",
    "quote": "Quote",
    "statistics": "Statistics",
    "links": "Key websites",
    "image": "Image",
    "page_break": "Page break",
}
assert set(KIND_LABELS) == set(SECTION_KINDS)

DEFAULT_TITLE = "Counter Terrorism Protective Security Update"
SUMMARY_WORDS = 8


class EditError(BriefpackError):
    """An edit the pack cannot take (a value that would not load back); nothing changed."""


# ---- new things ---------------------------------------------------------------------------


def new_section(kind: str) -> Section:
    """An empty section of `kind`, valid as it stands, for the user to fill in."""
    if kind not in SECTION_TYPES:
        raise EditError(f"unknown section kind {kind!r} (known kinds: {', '.join(SECTION_KINDS)})")
    makers: dict[str, Any] = {
        "text": lambda: TextSection(body=""),
        "threat_level": lambda: ThreatLevelSection(),
        "callout": lambda: CalloutSection(title="", body="", style="alert"),
        "quote": lambda: QuoteSection(body="", speaker=""),
        "statistics": lambda: StatisticsSection(items=[new_item("statistics")]),
        "links": lambda: LinksSection(items=[new_item("links")]),
        "image": lambda: ImageSection(path="", alt=""),
        "page_break": lambda: PageBreakSection(),
    }
    return makers[kind]()


def new_item(kind: str) -> StatItem | LinkItem:
    """An empty row for a statistics or links section."""
    if kind == "statistics":
        return StatItem(value="", label="")
    if kind == "links":
        return LinkItem(label="")
    raise EditError(f"a {KIND_LABELS.get(kind, kind)} section has no items")


def current_threat(
    today: date | None = None, record: ThreatRecord | None = None, fallback: Threat | None = None
) -> Threat:
    """The threat block for a pack dated `today`: the national level in force that day with
    its date since, and the Northern Ireland level, from the record of levels.

    `record` defaults to the built-in history merged with the officer's own entries; when
    their file is damaged the built-in history is used (a new pack must still be possible;
    the damaged file is reported where the record is shown). Before the record starts (a
    clock set years back), `fallback`'s values are kept, else the oldest recorded level.
    """
    day = today or date.today()
    if record is None:
        try:
            record = threat_record.record()
        except BriefpackError:
            record = threat_record.builtin_record()
    national = record.level_on(day, "national")
    ireland = record.level_on(day, "northern_ireland")
    if national is not None:
        level, since = national.level, national.since
    elif fallback is not None:
        level, since = fallback.level, fallback.since
    else:
        level, since = record.history("national")[0].level, None
    if ireland is not None:
        northern = ireland.level
    else:
        northern = fallback.northern_ireland if fallback is not None else None
    return Threat(level=level, since=since, northern_ireland=northern)


def new_pack(
    template: Pack | None = None, today: date | None = None, record: ThreatRecord | None = None
) -> Pack:
    """A fresh pack dated `today`: a copy of `template`, or a minimal pack when there is none.

    Its threat level is always the one in force on `today` (current_threat), never the
    template's: a template may be years old, and an older one may still carry the level of
    the day it was written.
    """
    today = today or date.today()
    if template is None:
        return Pack(
            meta=Meta(title=DEFAULT_TITLE, date=today),
            threat=current_threat(today, record),
            sections=[TextSection(title="Introduction", body="")],
        )
    data = template.model_dump(mode="python")
    if isinstance(template, Template):
        data.pop("name", None)
        data.pop("description", None)
    data["format"] = PACK_FORMAT
    data["meta"]["date"] = today
    threat = current_threat(today, record, fallback=template.threat)
    data["threat"] = threat.model_dump(mode="python")
    return Pack.model_validate(data)


# ---- sections -----------------------------------------------------------------------------


def insert_section(pack: Pack, index: int, section: Section) -> int:
    """Insert `section` before `index` (len(sections) appends); return where it went."""
    index = _check_index(index, len(pack.sections) + 1, "sections")
    if not isinstance(section, tuple(SECTION_TYPES.values())):
        raise EditError(f"not a section: {type(section).__name__}", where="sections")
    pack.sections.insert(index, section)
    return index


def remove_section(pack: Pack, index: int) -> Section:
    index = _check_index(index, len(pack.sections), "sections")
    return pack.sections.pop(index)


def move_section(pack: Pack, source: int, dest: int) -> int:
    """Move the section at `source` so that it ends up at index `dest`; return `dest`."""
    return _move(pack.sections, source, dest, "sections")


def copy_section(pack: Pack, index: int) -> Section:
    """A deep copy of a section whose ids (its own, its statistics') are unused in `pack`."""
    index = _check_index(index, len(pack.sections), "sections")
    copy = pack.sections[index].model_copy(deep=True)
    taken = _ids_in(pack)
    if copy.id:
        copy.id = _unique_id(copy.id, taken)
        taken.add(copy.id)
    if isinstance(copy, StatisticsSection):
        for item in copy.items:
            if item.id:
                item.id = _unique_id(item.id, taken)
                taken.add(item.id)
    return copy


def duplicate_section(pack: Pack, index: int) -> int:
    """Put a copy of section `index` right after it; return the copy's index."""
    return insert_section(pack, index + 1, copy_section(pack, index))


def replace_section(pack: Pack, index: int, section: Section) -> Section:
    """Put `section` in place of section `index`; return the one it replaced."""
    index = _check_index(index, len(pack.sections), "sections")
    old = pack.sections[index]
    pack.sections[index] = section
    return old


def set_section_field(pack: Pack, index: int, field: str, value: Any) -> Any:
    """Set one field of section `index` (validated); return the old value."""
    index = _check_index(index, len(pack.sections), "sections")
    if field == "kind":
        raise EditError("a section's kind cannot be changed", where=f"sections[{index}].kind")
    return _assign(pack.sections[index], field, value, f"sections[{index}]")


# ---- meta and threat ----------------------------------------------------------------------


def set_meta_field(pack: Pack, field: str, value: Any) -> Any:
    """Set one field of the pack's meta (title, date, marking, …); return the old value."""
    return _assign(pack.meta, field, value, "meta")


def set_threat_field(pack: Pack, field: str, value: Any) -> Any:
    """Set the threat level, the date since or the Northern Ireland level; return the old value."""
    return _assign(pack.threat, field, value, "threat")


# ---- items of statistics and links sections -----------------------------------------------


def section_items(pack: Pack, index: int) -> list[Any]:
    index = _check_index(index, len(pack.sections), "sections")
    section = pack.sections[index]
    if not isinstance(section, StatisticsSection | LinksSection):
        raise EditError(
            f"a {KIND_LABELS[section.kind]} section has no items", where=f"sections[{index}]"
        )
    return section.items


def insert_item(pack: Pack, index: int, row: int, item: StatItem | LinkItem | None = None) -> int:
    """Insert a row (an empty one if `item` is None) before `row`; return where it went."""
    items = section_items(pack, index)
    kind = pack.sections[index].kind
    item = item if item is not None else new_item(kind)
    expected = StatItem if kind == "statistics" else LinkItem
    if not isinstance(item, expected):
        raise EditError(f"not a {expected.__name__}", where=f"sections[{index}].items")
    row = _check_index(row, len(items) + 1, f"sections[{index}].items")
    items.insert(row, item)
    return row


def remove_item(pack: Pack, index: int, row: int) -> StatItem | LinkItem:
    items = section_items(pack, index)
    row = _check_index(row, len(items), f"sections[{index}].items")
    return items.pop(row)


def move_item(pack: Pack, index: int, source: int, dest: int) -> int:
    return _move(section_items(pack, index), source, dest, f"sections[{index}].items")


def set_item_field(pack: Pack, index: int, row: int, field: str, value: Any) -> Any:
    items = section_items(pack, index)
    row = _check_index(row, len(items), f"sections[{index}].items")
    return _assign(items[row], field, value, f"sections[{index}].items[{row}]")


# ---- edit targets: any field by where it lives --------------------------------------------

# Where a field lives: ("meta",), ("threat",), ("section", row) or ("item", row, item_row).
# Plain tuples, so an undo step can keep one and compare it with the next (typing in one
# field merges into one step).
Target = tuple[Any, ...]
META: Target = ("meta",)
THREAT: Target = ("threat",)


def target_object(pack: Pack, target: Target) -> BaseModel:
    """The object `target` names: the meta, the threat, a section or a row of one."""
    match target:
        case ("meta",):
            return pack.meta
        case ("threat",):
            return pack.threat
        case ("section", row):
            return pack.sections[row]
        case ("item", row, item_row):
            return section_items(pack, row)[item_row]
    raise ValueError(f"bad target {target!r}")


def set_field(pack: Pack, target: Target, field: str, value: Any) -> Any:
    """Set one field of whatever `target` names (validated); return the old value."""
    match target:
        case ("meta",):
            return set_meta_field(pack, field, value)
        case ("threat",):
            return set_threat_field(pack, field, value)
        case ("section", row):
            return set_section_field(pack, row, field, value)
        case ("item", row, item_row):
            return set_item_field(pack, row, item_row, field, value)
    raise ValueError(f"bad target {target!r}")


# ---- describing sections (for outlines and lists) -----------------------------------------


def describe_section(section: Section) -> str:
    """A short line for an outline: the title, else the first words of the text."""
    if isinstance(section, PageBreakSection):
        return "Page break"
    if isinstance(section, ImageSection):
        return section.caption or section.alt or section.path or "(no image chosen)"
    if isinstance(section, QuoteSection):
        words = _first_words(section.body)
        if words and section.speaker:
            return f"“{words}” — {section.speaker}"
        return f"“{words}”" if words else section.speaker or "(empty quote)"
    title = getattr(section, "title", None)
    if title and title.strip():
        return title.strip()
    if isinstance(section, ThreatLevelSection):
        return "Current threat level"
    if isinstance(section, StatisticsSection | LinksSection):
        labels = [i.label for i in section.items if i.label]
        return _first_words(", ".join(labels)) or f"({len(section.items)} items)"
    body = getattr(section, "body", "") or ""
    return _first_words(body) or "(empty)"


def _first_words(markdown: str, count: int = SUMMARY_WORDS) -> str:
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # [text](url) -> text
    plain = re.sub(r"[*_`#>]+", "", plain)
    words = plain.split()
    text = " ".join(words[:count])
    return text + "…" if len(words) > count else text


# ---- helpers ------------------------------------------------------------------------------


def _check_index(index: int, size: int, where: str) -> int:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < size:
        raise EditError(f"no position {index!r} (there are {size} places)", where=where)
    return index


def _move(items: list[Any], source: int, dest: int, where: str) -> int:
    source = _check_index(source, len(items), where)
    dest = _check_index(dest, len(items), where)
    items.insert(dest, items.pop(source))
    return dest


def _assign(obj: BaseModel, field: str, value: Any, where: str) -> Any:
    """Validate `obj` with `field` set to `value`, then set it in place; return the old value.

    In place, so that whoever holds the object (an editor, a view) keeps holding the pack's.
    """
    model = type(obj)
    info = model.model_fields.get(field)
    if info is None:
        raise EditError("no such field", where=f"{where}.{field}")
    if isinstance(value, str) and value == "" and not info.is_required() and info.default is None:
        value = None  # an emptied optional field is "not set", and is left out of the file
    data = obj.model_dump(mode="python")
    data[field] = value
    try:
        checked = model.model_validate(data)
    except ValidationError as exc:
        err = validation_error(exc, "")
        raise EditError(err.problem, where=f"{where}.{err.where or field}") from exc
    old = getattr(obj, field)
    setattr(obj, field, getattr(checked, field))
    return old


def _ids_in(pack: Pack) -> set[str]:
    taken = {s.id for s in pack.sections if s.id}
    for s in pack.sections:
        if isinstance(s, StatisticsSection):
            taken.update(i.id for i in s.items if i.id)
    return taken


def _unique_id(base: str, taken: set[str]) -> str:
    stem = re.sub(r"_\d+$", "", base)
    n = 2
    while f"{stem}_{n}" in taken:
        n += 1
    return f"{stem}_{n}"


def image_path_for(file: str | Path, pack_dir: str | Path | None) -> str:
    """How an image section names `file`: relative to the pack's folder when it is inside
    it (so the pack and its images can be moved together), else absolute, with / always."""
    file = Path(file).resolve()
    if pack_dir is not None:
        try:
            return file.relative_to(Path(pack_dir).resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()


_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def describe_location(pack: Pack, where: str) -> str:
    """'sections[1].items[0].as_of' as a person would say it:
    'section 2 “Key figures” (Statistics), row 1, as of'. Unknown shapes come back as given."""
    steps = [_STEP.fullmatch(part) for part in where.split(".")] if where else []
    if not steps or any(m is None for m in steps):
        return where
    words: list[str] = []
    in_meta = steps[0] is not None and steps[0].group(1) == "meta"
    for m in steps:
        assert m is not None
        name, index = m.group(1), m.group(2)
        if in_meta and name != "meta":
            words.append(name.replace("_", " "))
        elif name == "sections" and index is not None:
            i = int(index)
            if i < len(pack.sections):
                section = pack.sections[i]
                summary = describe_section(section)
                if len(summary) > 40:
                    summary = summary[:39] + "…"
                words.append(f"section {i + 1} “{summary}” ({KIND_LABELS[section.kind]})")
            else:
                words.append(f"section {i + 1}")
        elif name == "items" and index is not None:
            words.append(f"row {int(index) + 1}")
        else:
            words.append(FIELD_WORDS.get(name, name.replace("_", " ")))
            if index is not None:
                words.append(f"item {int(index) + 1}")
    return ", ".join(words)


def error_text(exc: BriefpackError, pack: Pack, source: Path | None) -> str:
    """A problem found while rendering `pack` (read from `source`), with the place named as
    the officer sees it: "Section 2 “Key figures” (Statistics), heading: …"."""
    if not exc.where:
        return exc.message
    text = f"{describe_location(pack, exc.where)}: {exc.problem}"
    if exc.file and (source is None or Path(exc.file) != source):
        text = f"{exc.file}: {text}"  # a problem in another file (a brand, an image)
    return text[:1].upper() + text[1:]


FIELD_WORDS = {
    "title": "heading",
    "body": "text",
    "as_of": "as-of date",
    "alt": "alt text",
    "url": "web address",
    "northern_ireland": "Northern Ireland level",
    "page_size": "page size",
    "width_mm": "width",
    "meta": "pack settings",
    "threat": "threat level",
}
