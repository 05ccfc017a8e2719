"""The Jinja2 sandbox, run in a helper process that is killed when it takes too long.

A placeholder is user text from a file that may come from anyone. Jinja2's
ImmutableSandboxedEnvironment blocks attribute escapes, but not a template
that loops for hours or builds a gigabyte string, and a thread cannot be
stopped from outside. So everything but plain `{{ a.b.c }}` look-ups (done in
process by placeholders.py) is rendered here, in a long-lived child process:

    parent --(one JSON line: text, context)--> child
    parent <--(one JSON line: ok/error)------- child

The parent waits at most TIMEOUT_SECONDS, then kills the child and starts a
fresh one for the next request. The sandbox itself is locked down further:
no globals (range, lipsum, cycler, joiner, namespace, dict), a short list of
filters, string methods limited to a few harmless ones, `*`, `+`, `**`, `%`
and `~` checked before they run (the size of the result of `*` is checked for
text, lists and tuples on either side), and every call's numbers and result
sizes capped. A request may ask for a lower output limit than MAX_OUTPUT_CHARS
(what is left of the pack's budget); going over it is reported as "budget".

Run as `python -m briefpack.document.sandbox_worker` (the parent does this).
"""

from __future__ import annotations

import functools
import json
import queue
import subprocess
import sys
import threading
from typing import IO, Any

from briefpack import helper_process

TIMEOUT_SECONDS = 3.0
MAX_OUTPUT_CHARS = 1_000_000
MAX_INT_ARGUMENT = 10_000  # widths, counts, lengths passed to a call or filter
MAX_NUMBER_BITS = 256  # integers beyond ~77 digits are no statistic
WORKER_MEMORY_BYTES = 1 << 30

ALLOWED_FILTERS = frozenset(
    [
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "first",
        "float",
        "int",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "max",
        "min",
        "replace",
        "reverse",
        "round",
        "sort",
        "string",
        "sum",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
        "wordcount",
    ]
)
ALLOWED_STR_METHODS = frozenset(
    [
        "capitalize",
        "endswith",
        "isdigit",
        "lower",
        "lstrip",
        "replace",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
    ]
)
ALLOWED_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
# Names SSTI payloads reach for; using one is reported as not allowed, not as a typo.
FORBIDDEN_NAMES = frozenset(
    [
        "cycler",
        "joiner",
        "namespace",
        "lipsum",
        "range",
        "dict",
        "request",
        "config",
        "self",
        "g",
        "session",
        "url_for",
        "get_flashed_messages",
        "os",
        "sys",
        "builtins",
        "__builtins__",
        "import",
    ]
)


class _Forbidden:
    """Stands in for a forbidden global: any use of it is a security error."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        from jinja2.sandbox import SecurityError

        raise SecurityError(f"the name {self._name!r} is not available in placeholders")

    __getattr__ = __call__ = __str__ = __iter__ = __getitem__ = _refuse


def make_environment() -> Any:
    """The locked-down environment; built here so tests can use it in process too."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BriefpackSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "//", "+"})
        code_generator_class = _checked_concat_generator()

        def checked_concat(self, *parts: Any) -> str:
            """`a ~ b ~ c`: every part made text and the total size checked before joining."""
            texts = [_check_result(p if isinstance(p, str) else str(p)) for p in parts]
            if sum(map(len, texts)) > MAX_OUTPUT_CHARS:
                raise _security_error("joining that much text with ~ is not allowed")
            return "".join(texts)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr.startswith("_") or attr in ("format", "format_map", "mro"):
                return False
            if isinstance(obj, str):
                return attr in ALLOWED_STR_METHODS
            if isinstance(obj, dict):
                return attr in ALLOWED_DICT_METHODS
            return False  # numbers, lists, functions: no attributes at all

        def wrap_str_format(self, value: Any) -> Any:
            # Jinja would hand back a sandboxed str.format; briefpack refuses it outright.
            if super().wrap_str_format(value) is not None:
                raise _security_error("text formatting with format() is not allowed")
            return None

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            _check_arguments(args, kwargs)
            return _check_result(super().call(__context, __obj, *args, **kwargs))

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return _check_result(super().call_binop(context, operator, left, right))

    # Output is plain text handed to the Markdown parser, never HTML: no autoescape.
    env = BriefpackSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals.clear()
    env.globals.update({name: _Forbidden(name) for name in FORBIDDEN_NAMES})
    env.filters = {
        name: (_capped(f) if name in ALLOWED_FILTERS else _forbidden_filter(name))
        for name, f in env.filters.items()
    }
    return env


def _security_error(message: str) -> Exception:
    from jinja2.sandbox import SecurityError

    return SecurityError(message)


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_INT_ARGUMENT:
            raise _security_error(f"the number {value} is too large for a placeholder")


def _check_result(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT_CHARS:
        raise _security_error("the result is too long")
    return value


_SEQUENCES = (str, list, tuple)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "%" and isinstance(left, str):
        raise _security_error("text formatting with % is not allowed")
    if operator == "*" and (isinstance(left, _SEQUENCES) or isinstance(right, _SEQUENCES)):
        seq, times = (left, right) if isinstance(left, _SEQUENCES) else (right, left)
        if isinstance(times, int) and len(seq) * max(times, 0) > MAX_OUTPUT_CHARS:
            raise _security_error("repeating text that many times is not allowed")
        return
    if operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        if len(left) + len(right) > MAX_OUTPUT_CHARS:
            raise _security_error("joining that much text is not allowed")
        return
    if isinstance(left, int) and isinstance(right, int):
        bits = abs(left).bit_length(), abs(right).bit_length()
        if operator == "**" and (abs(right) > 64 or bits[0] * abs(right) > MAX_NUMBER_BITS):
            raise _security_error("the number would be too large")
        if sum(bits) > 2 * MAX_NUMBER_BITS:
            raise _security_error("the number would be too large")
    if operator == "**" and isinstance(right, float) and abs(right) > 64:
        raise _security_error("the number would be too large")


def _capped(func: Any) -> Any:
    """A filter with its numeric arguments and its result size checked."""

    @functools.wraps(func)  # keeps jinja_pass_arg, so context/env passing still works
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[1:], kwargs)
        return _check_result(func(*args, **kwargs))

    return checked


def _forbidden_filter(name: str) -> Any:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise _security_error(f"the filter {name!r} is not allowed in placeholders")

    return refuse


# ---- the child: render one request at a time -------------------------------------


def _checked_concat_generator() -> Any:
    """Jinja compiles `a ~ b` to a plain join; this calls env.checked_concat, which checks."""
    from jinja2.compiler import CodeGenerator

    class CheckedConcat(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.checked_concat(")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write(")")

    return CheckedConcat


def render_reply(
    env: Any, text: str, context: dict[str, Any], max_chars: int = MAX_OUTPUT_CHARS
) -> dict[str, str]:
    """Render, and turn every failure into a kind the parent turns into a message."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    try:
        out = env.from_string(text).render(context)
    except SecurityError as exc:
        return {"kind": "security", "message": str(exc)}
    except UndefinedError as exc:
        message = exc.message or str(exc)
        kind = "security" if "unsafe" in message else "undefined"
        return {"kind": kind, "message": message}
    except TemplateSyntaxError as exc:
        return {"kind": "syntax", "message": exc.message or str(exc)}
    except RecursionError:
        return {"kind": "failed", "message": "placeholders call themselves too deeply"}
    except MemoryError:
        return {"kind": "security", "message": "the placeholders used too much memory"}
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        return {"kind": "failed", "message": str(exc)}
    if len(out) > MAX_OUTPUT_CHARS:
        return {"kind": "security", "message": "the result is longer than 1,000,000 characters"}
    if len(out) > max_chars:
        return {"kind": "budget", "message": f"the result is longer than {max_chars:,} characters"}
    return {"kind": "ok", "text": out}


def serve(requests: IO[str], replies: IO[str]) -> None:
    env = make_environment()
    for line in requests:
        request = json.loads(line)
        limit = request.get("max_chars", MAX_OUTPUT_CHARS)
        reply = render_reply(env, request["text"], request["context"], limit)
        replies.write(json.dumps({"id": request["id"], **reply}) + "\n")
        replies.flush()


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform; the time limit still applies


# ---- the parent: one helper process, restarted after a timeout ------------------


class PlaceholderTimeout(Exception):
    """The helper took longer than the time limit and was stopped."""


class SandboxWorker:
    """A long-lived helper process; `render` is thread-safe (one request at a time)."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self.restarts = 0
        self._proc: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._next_id = 0

    def render(
        self,
        text: str,
        context: dict[str, Any],
        *,
        timeout: float | None = None,
        max_chars: int = MAX_OUTPUT_CHARS,
    ) -> dict[str, str]:
        """One request; `timeout` (at most the worker's own) is what is left of a budget."""
        wait = self.timeout if timeout is None else min(timeout, self.timeout)
        with self._lock:
            proc = self._running()
            self._next_id += 1
            request = {"id": self._next_id, "text": text, "context": context}
            request["max_chars"] = max_chars
            try:
                assert proc.stdin is not None
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
                line = self._replies.get(timeout=wait)
            except queue.Empty:
                self.stop()
                raise PlaceholderTimeout from None
            except OSError as exc:  # the helper died (e.g. out of memory)
                self.stop()
                return {"kind": "failed", "message": f"the placeholder helper stopped ({exc})"}
            if line is None:
                self.stop()
                return {"kind": "security", "message": "the placeholders used too much memory"}
            reply: dict[str, str] = json.loads(line)
            return reply

    def _running(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc, self._replies = helper_process.spawn(
                "briefpack.document.sandbox_worker", _read_line, text=True, quiet=True
            )
        return self._proc

    def stop(self) -> None:
        """Kill the helper (if any); the next request starts a fresh one."""
        proc, self._proc = self._proc, None
        if proc is not None and helper_process.stop(proc):
            self.restarts += 1

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None


def _read_line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise EOFError
    return line


# The one helper process of this program, started on first use.
shared_worker = helper_process.one_per_program(SandboxWorker)


if __name__ == "__main__":
    _limit_memory()
    serve(sys.stdin, sys.stdout)
