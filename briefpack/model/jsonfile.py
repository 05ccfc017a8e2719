"""Reading JSON files strictly, with errors that name the file and the place."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefpack.model.errors import PackFormatError, format_location

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_json(path: str | Path) -> Any:
    """Load a UTF-8 JSON file; refuse NaN, duplicate keys and non-UTF-8 text."""
    raw = read_limited(path)
    if not raw.strip():
        raise PackFormatError(
            "the file is empty; restore it from a backup or open another pack", file=path
        )
    return parse_json(raw, path)


def read_limited(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; refused by its size before reading, and never more than `limit` read."""
    file = Path(path)
    try:
        _refuse_unless_regular(os.stat(file).st_mode, path)  # before open: a device can act
        # Non-blocking, so a FIFO swapped in after the look above cannot hang the read.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            _refuse_unless_regular(info.st_mode, path)
            size = info.st_size
            if size > limit:
                raise _too_large(size, limit, path)
            raw = fh.read(limit + 1)  # a file that grows while read is still capped
    except IsADirectoryError as exc:
        raise PackFormatError("this is a folder, not a briefpack file", file=path) from exc
    except ValueError as exc:  # "embedded null byte": no file can have such a name
        raise PackFormatError(
            "a file name cannot contain a NUL character; check the name", file=path
        ) from exc
    except OSError as exc:
        raise PackFormatError(
            f"cannot read the file ({exc.strerror}); check the name and that you may open it",
            file=path,
        ) from exc
    if len(raw) > limit:
        raise _too_large(len(raw), limit, path)
    return raw


def _refuse_unless_regular(mode: int, path: str | Path) -> None:
    """Packs, brands, templates and libraries are ordinary files: a device or a pipe named
    like one would block the read for ever."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(str(path))
    kind = (
        "a pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    raise PackFormatError(f"this is {kind}, not a briefpack file; choose a file", file=path)


def _too_large(size: int, limit: int, path: str | Path) -> PackFormatError:
    return PackFormatError(
        f"the file is {size / (1024 * 1024):.0f} MB; briefpack files are at most "
        f"{limit // (1024 * 1024)} MB — is this the right file?",
        file=path,
    )


def parse_json(raw: bytes, path: str | Path) -> Any:
    if not raw.strip():
        raise PackFormatError("the file is empty", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackFormatError(
            f"not UTF-8 text (byte {exc.start}); save it as UTF-8 JSON{_encoding_hint(raw)}",
            file=path,
        ) from exc
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise PackFormatError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; the file may "
            "be cut short or mistyped — fix that spot or restore it from a backup",
            file=path,
        ) from exc
    except RecursionError as exc:
        raise PackFormatError(
            "the JSON is nested too deeply to be a briefpack file; is this the right file?",
            file=path,
        ) from exc
    except ValueError as exc:
        raise PackFormatError(str(exc), file=path) from exc
    return _checked_tree(data, path)


# Packs are a handful of levels deep; pydantic's parser gives up near 200 with a bare
# "recursion limit exceeded", so anything deeper is refused here, saying where.
MAX_DEPTH = 64
# A lone surrogate is valid JSON ("\ud800") but no UTF-8 text: it becomes U+FFFD, the
# character that marks "something unreadable was here", and shows as such in print.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _checked_tree(data: Any, path: str | Path) -> Any:
    """`data` with lone surrogates replaced; refused if nested deeper than MAX_DEPTH.

    Walked with an explicit stack, so a deep file costs no Python recursion.
    """
    root = [data]
    stack: list[tuple[Any, Any, tuple[str | int, ...]]] = [(root, 0, ())]
    while stack:
        parent, key, loc = stack.pop()
        value = parent[key]
        if isinstance(value, str):
            if _LONE_SURROGATE.search(value):
                parent[key] = _LONE_SURROGATE.sub(REPLACEMENT, value)
            continue
        if not isinstance(value, dict | list):
            continue
        if len(loc) >= MAX_DEPTH:
            raise PackFormatError(
                f"nested too deeply at {format_location(loc[:8])}…; is this the right file?",
                file=path,
            )
        if isinstance(value, list):
            stack.extend((value, i, (*loc, i)) for i in range(len(value)))
        else:
            _clean_keys(value)
            stack.extend((value, name, (*loc, name)) for name in value)
    return root[0]


def _clean_keys(obj: dict[str, Any]) -> None:
    """Replace lone surrogates in an object's keys too (rare; the order is kept)."""
    if not any(_LONE_SURROGATE.search(name) for name in obj):
        return
    items = list(obj.items())
    obj.clear()
    for name, value in items:
        obj.setdefault(_LONE_SURROGATE.sub(REPLACEMENT, name), value)


def _encoding_hint(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return " (this file is UTF-16, as some editors save 'Unicode' text)"
    return ""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a briefpack file (use a number or text)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text} is too large for a briefpack file; write it as text")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object; keep only one")
        out[key] = value
    return out


def dump_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def validation_error(
    exc: ValidationError, path: str | Path, strip: tuple[str, ...] = ()
) -> PackFormatError:
    """The first pydantic error as one line: 'file: sections[3].items[0].value: field required'."""
    err = exc.errors()[0]
    loc = [p for p in err["loc"] if not (isinstance(p, str) and (p in strip or "[" in p))]
    where = format_location(loc)
    problem = _problem_text(err)
    more = len(exc.errors()) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''})"
    return PackFormatError(problem, file=path, where=where)


def _problem_text(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        tag = ctx.get("tag")
        shown = "nothing" if tag in (None, "None") else repr(tag)
        return f"unknown section kind {shown} (known kinds: {ctx.get('expected_tags')})"
    if kind == "union_tag_not_found":
        return "field required: 'kind' (which kind of section this is)"
    if kind == "literal_error":
        return f"{err['msg'][0].lower()}{err['msg'][1:]}, found {err.get('input')!r}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    msg = msg.replace("valid array", "valid list")  # JSON-mode wording; "list" reads plainer
    return msg[0].lower() + msg[1:]
