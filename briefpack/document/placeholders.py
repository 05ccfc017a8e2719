"""Jinja2 placeholders in text fields, expanded in a locked-down sandbox.

Plain look-ups such as `{{ stats.calls.value }}` — all the built-in templates
use — cannot loop, so they are filled here, in process, without Jinja2 at all.
Anything else (filters, `{% if %}`, loops) runs in the sandbox in a helper
process that is stopped after 3 seconds (see sandbox_worker.py).
"""

from __future__ import annotations

import re
from typing import Any

from briefpack.document.sandbox_worker import (
    FORBIDDEN_NAMES,
    MAX_OUTPUT_CHARS,
    TIMEOUT_SECONDS,
    PlaceholderTimeout,
    shared_worker,
)
from briefpack.model.errors import ComposeError

__all__ = ["MAX_OUTPUT_CHARS", "PlaceholderSecurityError", "expand", "has_placeholders"]


class PlaceholderSecurityError(ComposeError):
    """A placeholder tried something the sandbox does not allow (an escape, a huge result)."""


class PlaceholderTimeoutError(ComposeError):
    """Placeholders ran past the time limit and were stopped."""


_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_PLAIN = re.compile(rf"\{{\{{ *({_NAME}(?:\.{_NAME})*) *\}}\}}")


def has_placeholders(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def expand(text: str, context: dict[str, Any], where: str) -> str:
    """Expand placeholders; any unknown name, bad syntax or escape is an error naming `where`."""
    if not has_placeholders(text):
        return text
    plain = _expand_plain(text, context, where)
    if plain is not None:
        return plain
    try:
        reply = shared_worker().render(text, context)
    except PlaceholderTimeout:
        raise PlaceholderTimeoutError(
            f"placeholders took longer than {TIMEOUT_SECONDS:g} seconds and were stopped; "
            "simplify them",
            where=where,
        ) from None
    return _outcome(reply, context, where)


def _expand_plain(text: str, context: dict[str, Any], where: str) -> str | None:
    """Fill `{{ a.b.c }}` look-ups directly; None when the text needs the real sandbox."""
    if "{%" in text or "{#" in text or "{{" in _PLAIN.sub("", text):
        return None
    values: list[str] = []
    for match in _PLAIN.finditer(text):
        value = _look_up(match.group(1).split("."), context, where)
        if value is None:
            return None
        values.append(value)
    parts = iter(values)
    return _PLAIN.sub(lambda _m: next(parts), text)


def _look_up(path: list[str], context: dict[str, Any], where: str) -> str | None:
    value: Any = context
    for depth, name in enumerate(path):
        if not isinstance(value, dict):
            return None  # e.g. `pack.title.upper`: Jinja's business, in the sandbox
        if name not in value:
            if depth == 0 and name in FORBIDDEN_NAMES:
                return None  # `{{ config }}` and the like: the sandbox reports them
            if depth == 0:
                raise ComposeError(f"unknown placeholder: {name!r}", where=where)
            raise ComposeError(f"unknown placeholder: {_unknown_key(name, context)}", where=where)
        value = value[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _outcome(reply: dict[str, str], context: dict[str, Any], where: str) -> str:
    kind, message = reply["kind"], reply.get("message", "")
    if kind == "ok":
        return reply["text"]
    if kind == "security":
        raise PlaceholderSecurityError(
            f"the placeholder tried something not allowed ({message.rstrip('.')}); "
            "use plain names such as {{ threat.name }}",
            where=where,
        )
    if kind == "undefined":
        raise ComposeError(f"unknown placeholder: {_undefined_name(message, context)}", where=where)
    if kind == "syntax":
        raise ComposeError(f"placeholder syntax error: {message}", where=where)
    raise ComposeError(f"placeholder could not be filled: {message}", where=where)


_NO_ATTRIBUTE = re.compile(r"'dict object' has no (?:attribute|element) '?([^']+)'?")


def _undefined_name(text: str, context: dict[str, Any]) -> str:
    # Jinja says "'stats' is undefined" or "'dict object' has no attribute 'x'".
    match = _NO_ATTRIBUTE.search(text)
    if not match:
        return text.replace(" is undefined", "")
    return _unknown_key(match.group(1), context)


def _unknown_key(name: str, context: dict[str, Any]) -> str:
    stats = ", ".join(sorted(context.get("stats", {}))) or "none"
    return f"{name!r} (statistic ids in this pack: {stats})"
