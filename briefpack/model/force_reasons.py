"""Why a force library repository could not be read or written, in an officer's words.

dulwich, urllib3 and the OS raise dozens of kinds of error for one of a handful of real
causes (the drive or server cannot be reached, the address is wrong, the sign-in was
refused, the repository is damaged). Officers see the cause and what to do about it, never
a Python class name ("NotGitRepository: …") or a library's message about connection pools.
"""

from __future__ import annotations

import errno
import socket
import ssl
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefpack.model.storage import plain_reason

UNREACHABLE = "try again when the repository is reachable"
WRONG_ADDRESS = "check the folder or URL with whoever looks after the force library"
DAMAGED = "ask whoever looks after the force library to check the repository"
SIGN_IN = "check your user name and password for the server"
ACCESS = "ask whoever looks after the force library for access to it"
RETRY = "try again; if it keeps failing, tell whoever looks after the force library"

# Errors of the network or of a drive that has gone away: worth trying again later.
_NETWORK_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.EHOSTDOWN,
    errno.ENETDOWN,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.ETIMEDOUT,
    errno.ENOTCONN,
    errno.ESTALE,  # a network file system's handle gone stale
}


@dataclass(frozen=True)
class Reason:
    """What went wrong (a few words) and what the officer can do about it."""

    what: str
    advice: str


def is_url(location: str) -> bool:
    """Whether `location` is a URL (or git@host:path) rather than a path on this computer."""
    return "://" in location or location.startswith("git@")


def plain_git_reason(exc: BaseException, location: str) -> Reason:
    """The cause of `exc`, raised reaching the repository at `location`, in plain words."""
    from dulwich import errors as git
    from dulwich.client import HTTPProxyUnauthorized, HTTPUnauthorized

    chain = list(_causes(exc))
    for cause in chain:  # the innermost that says most comes last in a chain: look at all
        if isinstance(cause, HTTPUnauthorized | HTTPProxyUnauthorized):
            who = "the proxy" if isinstance(cause, HTTPProxyUnauthorized) else "the server"
            return Reason(f"{who} refused the sign-in", SIGN_IN)
        if isinstance(cause, git.NotGitRepository):
            return _not_a_repository(location)
    network = next((c for c in reversed(chain) if isinstance(c, OSError)), None)
    if network is not None:
        return _os_reason(network, location)
    first = chain[0]
    if isinstance(first, git.HangupException):
        return _hangup(first)
    if isinstance(first, git.GitProtocolError):
        return _protocol(first)
    if _damage(first):
        return Reason("the repository is damaged", DAMAGED)
    return Reason(_words(first) or "an unexpected problem", RETRY)


def location_state(location: str) -> Reason | None:
    """For a path: why it cannot be a repository now (None when it is a folder)."""
    path = Path(location)
    try:
        if path.is_dir():
            return None
        if path.exists():
            return Reason("a file, not a repository's folder", WRONG_ADDRESS)
        if path.parent.is_dir():
            return Reason("no such folder", WRONG_ADDRESS)
    except OSError as exc:  # a permission refused on the way, or a drive gone away
        return _os_reason(exc, location)
    return Reason("the folder cannot be reached", UNREACHABLE)


def _not_a_repository(location: str) -> Reason:
    if is_url(location):
        return Reason("no git repository at that address", WRONG_ADDRESS)
    return location_state(location) or Reason("no git repository there", WRONG_ADDRESS)


def _os_reason(exc: OSError, location: str) -> Reason:
    """A refused or failed connection, a missing server name, or a file system's error."""
    host = urlsplit(location).hostname if is_url(location) else None
    server = f"the server {host}" if host else "the server"
    if isinstance(exc, socket.gaierror):
        return Reason(f"{server} could not be found on the network", UNREACHABLE)
    if isinstance(exc, ConnectionRefusedError):
        return Reason(f"{server} refused the connection", UNREACHABLE)
    if isinstance(exc, TimeoutError | socket.timeout):
        return Reason(f"{server} did not answer in time", UNREACHABLE)
    if isinstance(exc, ssl.SSLError):
        return Reason(f"{server}'s certificate could not be checked", WRONG_ADDRESS)
    if isinstance(exc, PermissionError):
        return Reason("permission denied", ACCESS)
    if isinstance(exc, FileNotFoundError) and not is_url(location):
        found = location_state(location)
        return found if found is not None else Reason("the repository is damaged", DAMAGED)
    if exc.errno in _NETWORK_ERRNOS or isinstance(exc, ConnectionError):
        return Reason(f"the connection failed ({exc.strerror or 'network error'})", UNREACHABLE)
    return Reason(plain_reason(exc), RETRY)


def _hangup(exc: BaseException) -> Reason:
    """The server (often ssh) hung up; its own first line says why ("Permission denied")."""
    lines = [line.strip() for line in getattr(exc, "stderr_lines", None) or [] if line.strip()]
    said = lines[0] if lines else ""
    if isinstance(said, bytes):
        said = said.decode("utf-8", "replace")
    what = "the server closed the connection" + (f": {said[:160]}" if said else "")
    return Reason(what, UNREACHABLE)


def _protocol(exc: BaseException) -> Reason:
    text = _words(exc)
    if text.startswith("unexpected http resp"):
        status = text.split()[3] if len(text.split()) > 3 else "?"
        return Reason(f"the server answered with an error (HTTP {status})", RETRY)
    return Reason(f"the server said: {text[:160]}" if text else "the server broke off", RETRY)


def _damage(exc: BaseException) -> bool:
    """Errors a damaged repository makes dulwich raise (a checksum, a truncated object…)."""
    from dulwich import errors as git

    kinds = (
        git.ChecksumMismatch,
        git.FileFormatException,
        git.ApplyDeltaError,
        git.WrongObjectException,
        git.ObjectMissing,
        git.MissingCommitError,
        zlib.error,
        struct.error,
        KeyError,  # an object the tree names is not there
        AssertionError,  # dulwich asserts what a well-formed file holds
        ValueError,
        UnicodeError,
    )
    return isinstance(exc, kinds)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what caused it, outermost first (urllib3 keeps its cause in `.reason`)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 20:
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        inner = reason if isinstance(reason, BaseException) else None
        current = current.__cause__ or inner or current.__context__


def _words(exc: BaseException) -> str:
    """The error's own first line, when it has one."""
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else ""
