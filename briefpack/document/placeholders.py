"""Jinja2 placeholders in text fields, expanded in a locked-down sandbox.

Jinja2 is imported on first use only: most fields have no placeholder, and the
import is a noticeable part of a command-line render's start-up.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from briefpack.model.errors import ComposeError

if TYPE_CHECKING:
    from jinja2 import UndefinedError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT_CHARS = 1_000_000


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    # Output is plain text handed to the Markdown parser, never HTML: no autoescape.
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def has_placeholders(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def expand(text: str, context: dict[str, Any], where: str) -> str:
    """Expand placeholders; any unknown name or bad syntax is an error naming `where`."""
    if not has_placeholders(text):
        return text
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    try:
        out = _environment().from_string(text).render(context)
    except UndefinedError as exc:
        name = _undefined_name(exc, context)
        raise ComposeError(f"unknown placeholder: {name}", where=where) from exc
    except TemplateSyntaxError as exc:
        raise ComposeError(f"placeholder syntax error: {exc.message}", where=where) from exc
    except SecurityError as exc:
        raise ComposeError(f"placeholder not allowed: {exc}", where=where) from exc
    except (TemplateError, ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise ComposeError(f"placeholder could not be filled: {exc}", where=where) from exc
    if len(out) > MAX_OUTPUT_CHARS:
        raise ComposeError("placeholders produced more than 1,000,000 characters", where=where)
    return out


_NO_ATTRIBUTE = re.compile(r"'dict object' has no (?:attribute|element) '?([^']+)'?")


def _undefined_name(exc: UndefinedError, context: dict[str, Any]) -> str:
    # Jinja says "'stats' is undefined" or "'dict object' has no attribute 'x'".
    text = exc.message or str(exc)
    match = _NO_ATTRIBUTE.search(text)
    if not match:
        return text.replace(" is undefined", "")
    name = match.group(1)
    stats = ", ".join(sorted(context.get("stats", {}))) or "none"
    return f"{name!r} (statistic ids in this pack: {stats})"
