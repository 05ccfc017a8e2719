"""Jinja2 placeholders in text fields, expanded in a locked-down sandbox.

Plain look-ups such as `{{ stats.calls.value }}` — all the built-in templates
use — cannot loop, so they are filled here, in process, without Jinja2 at all.
Anything else (filters, `{% if %}`, loops) runs in the sandbox in a helper
process that is stopped after 3 seconds (see sandbox_worker.py).

Limits per field are not enough: sixty fields of two seconds each, or one huge
statistic looked up two thousand times, stay under every one of them. So a pack
also has a budget (`PlaceholderBudget`), spent by all its fields together: the
characters placeholders add (plain look-ups included, counted before the text is
built) and the seconds the sandbox runs. It travels with the context made by
`placeholder_context`, so every caller that fills a whole pack shares one budget.
The example pack uses 151 characters and no sandbox time of it (plain look-ups only).
"""

from __future__ import annotations

import re
import time
from typing import Any

from briefpack.document.sandbox_worker import (
    FORBIDDEN_NAMES,
    MAX_OUTPUT_CHARS,
    TIMEOUT_SECONDS,
    PlaceholderTimeout,
    shared_worker,
)
from briefpack.model.errors import ComposeError

__all__ = [
    "MAX_OUTPUT_CHARS",
    "MAX_PACK_CHARS",
    "MAX_PACK_SECONDS",
    "PlaceholderBudget",
    "PlaceholderBudgetError",
    "PlaceholderSecurityError",
    "expand",
    "has_placeholders",
]

# A whole pack's placeholders together. A real handout's come to a few thousand
# characters and no sandbox time (the example: 151 characters, 0 s); 200,000 characters
# is some sixty pages of text, and 10 s leaves room for a cold start on a busy machine.
MAX_PACK_CHARS = 200_000
MAX_PACK_SECONDS = 10.0


class PlaceholderSecurityError(ComposeError):
    """A placeholder tried something the sandbox does not allow (an escape, a huge result)."""


class PlaceholderTimeoutError(ComposeError):
    """Placeholders ran past the time limit and were stopped."""


class PlaceholderBudgetError(PlaceholderSecurityError):
    """The pack's placeholders together produced too much text or ran too long."""


class PlaceholderBudget:
    """What all the placeholders of one pack may still produce and spend; see the docstring."""

    def __init__(self, chars: int | None = None, seconds: float | None = None) -> None:
        self.max_chars = MAX_PACK_CHARS if chars is None else chars
        self.max_seconds = MAX_PACK_SECONDS if seconds is None else seconds
        self.chars_used = 0
        self.seconds_used = 0.0

    @property
    def chars_left(self) -> int:
        return self.max_chars - self.chars_used

    @property
    def seconds_left(self) -> float:
        return self.max_seconds - self.seconds_used

    def spend_chars(self, count: int, where: str) -> None:
        self.chars_used += count
        if self.chars_used > self.max_chars:
            raise PlaceholderBudgetError(
                f"the placeholders of this pack fill in more than {self.max_chars:,} "
                "characters in all and were stopped here; use fewer or shorter ones",
                where=where,
            )

    def spend_seconds(self, seconds: float, where: str) -> None:
        self.seconds_used += seconds
        if self.seconds_left <= 0:
            raise self.out_of_time(where)

    def out_of_time(self, where: str) -> PlaceholderBudgetError:
        return PlaceholderBudgetError(
            f"the placeholders of this pack took more than {self.max_seconds:g} seconds in all "
            "and were stopped here; simplify them",
            where=where,
        )


class PlaceholderContext(dict[str, Any]):
    """The names placeholders may use, carrying the budget of the pack they came from."""

    def __init__(self, names: dict[str, Any], budget: PlaceholderBudget | None = None) -> None:
        super().__init__(names)
        self.budget = budget or PlaceholderBudget()


_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_PLAIN = re.compile(rf"\{{\{{ *({_NAME}(?:\.{_NAME})*) *\}}\}}")


def has_placeholders(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def expand(
    text: str, context: dict[str, Any], where: str, budget: PlaceholderBudget | None = None
) -> str:
    """Expand placeholders; any unknown name, bad syntax or escape is an error naming `where`.

    `budget` defaults to the one the context carries (see PlaceholderContext); a plain dict
    context has only the limits per field.
    """
    if not has_placeholders(text):
        return text
    budget = budget or getattr(context, "budget", None) or PlaceholderBudget(MAX_OUTPUT_CHARS)
    plain = _expand_plain(text, context, where, budget)
    if plain is not None:
        return plain
    return _expand_in_sandbox(text, context, where, budget)


def _expand_plain(
    text: str, context: dict[str, Any], where: str, budget: PlaceholderBudget
) -> str | None:
    """Fill `{{ a.b.c }}` look-ups directly; None when the text needs the real sandbox."""
    if "{%" in text or "{#" in text or "{{" in _PLAIN.sub("", text):
        return None
    values: list[str] = []
    for match in _PLAIN.finditer(text):
        value = _look_up(match.group(1).split("."), context, where)
        if value is None:
            return None
        values.append(value)
    # Counted before the text is built: a 1 MB figure looked up 2,000 times is refused here.
    budget.spend_chars(sum(map(len, values)), where)
    parts = iter(values)
    return _PLAIN.sub(lambda _m: next(parts), text)


def _expand_in_sandbox(
    text: str, context: dict[str, Any], where: str, budget: PlaceholderBudget
) -> str:
    if budget.seconds_left <= 0:
        raise budget.out_of_time(where)
    if budget.chars_left <= 0:
        budget.spend_chars(1, where)  # raises, naming this field
    timeout = min(TIMEOUT_SECONDS, budget.seconds_left)
    max_chars = min(MAX_OUTPUT_CHARS, len(text) + budget.chars_left)
    start = time.monotonic()
    try:
        reply = shared_worker().render(text, context, timeout=timeout, max_chars=max_chars)
    except PlaceholderTimeout:
        budget.seconds_used += time.monotonic() - start
        if timeout < TIMEOUT_SECONDS:
            raise budget.out_of_time(where) from None
        raise PlaceholderTimeoutError(
            f"placeholders took longer than {TIMEOUT_SECONDS:g} seconds and were stopped; "
            "simplify them",
            where=where,
        ) from None
    budget.spend_seconds(time.monotonic() - start, where)
    if reply["kind"] == "budget":
        budget.spend_chars(budget.chars_left + 1, where)  # raises, naming this field
    out = _outcome(reply, context, where)
    budget.spend_chars(max(0, len(out) - len(text)), where)
    return out


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
