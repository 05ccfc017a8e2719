"""What the force library tells an officer when something is wrong: plain words, never a
Python class name; a first sync that fails does not speak of a last synced copy; and a
path that is not a repository is refused at `library subscribe`, while a network drive
that cannot be reached now is followed with a warning."""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from dulwich import errors as git
from force_repos import ALICE, Users, bare, own_item, run

from briefpack.model.force_publish import publish
from briefpack.model.force_reasons import plain_git_reason
from briefpack.model.force_store import subscription

# What must never reach an officer: class names, errno numbers, urllib3's connection pools.
LEAKS = re.compile(
    r"\b\w*(Error|Exception|Repository|Mismatch|Unauthorized)\b|Errno|Pool\(|Traceback|"
    r"NotGit|Hangup"
)


@pytest.fixture
def users(tmp_path, monkeypatch) -> Users:
    return Users(tmp_path, monkeypatch)


def plain(text: str) -> bool:
    return LEAKS.search(text) is None


# ---- a first sync that fails ---------------------------------------------------------------------


def test_a_first_sync_that_fails_says_nothing_is_synced_yet_in_plain_words(tmp_path, users, capsys):
    users.be("bob")
    repo = bare(tmp_path)
    assert run(capsys, "library", "subscribe", str(repo))[0] == 0
    shutil.rmtree(repo)  # taken away before the first sync
    code, out, err = run(capsys, "library", "sync")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"{repo}: could not sync the force library (no such folder)")
    assert "nothing has been synced yet" in err and "still in use" not in err
    assert plain(err), err


def test_a_folder_emptied_of_its_repository_says_so(tmp_path, users, capsys):
    users.be("bob")
    repo = bare(tmp_path)
    run(capsys, "library", "subscribe", str(repo))
    for part in repo.iterdir():  # the folder is there, the repository is not
        shutil.rmtree(part) if part.is_dir() else part.unlink()
    code, _, err = run(capsys, "library", "sync")
    assert code == 2 and "(no git repository there)" in err and "check the folder or URL" in err
    assert plain(err), err


def test_a_server_that_refuses_the_connection_is_named_in_plain_words(users, capsys):
    users.be("bob")
    with socket.socket() as unused:  # a port with nothing listening
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"https://127.0.0.1:{port}/force-library.git"
    assert run(capsys, "library", "subscribe", url)[0] == 0  # a URL is not checked
    code, _, err = run(capsys, "library", "sync")
    assert code == 2 and "(the server 127.0.0.1 refused the connection)" in err
    assert "try again when the repository is reachable" in err and plain(err), err


class _Answer(BaseHTTPRequestHandler):
    status = 404

    def do_GET(self) -> None:
        self.send_response(self.status)
        if self.status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="force"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "(no git repository at that address)"),
        (401, "(the server refused the sign-in)"),
        (500, "(the server answered with an error (HTTP 500))"),
    ],
)
def test_a_web_server_s_answer_is_said_in_plain_words(users, capsys, status, words):
    users.be("bob")
    handler = type("Answer", (_Answer,), {"status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/force-library.git"
        run(capsys, "library", "subscribe", url)
        code, _, err = run(capsys, "library", "sync")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 2 and words in err and plain(err), err


def test_publishing_where_there_is_no_repository_says_nothing_was_published(
    tmp_path, users, capsys
):
    users.be("alice")
    own_item("Report it", "Call")
    (tmp_path / "plain").mkdir()
    code, _, err = run(capsys, "library", "publish", str(tmp_path / "plain"), "--author", ALICE)
    assert code == 2 and "(no git repository there)" in err and "nothing was published" in err
    assert plain(err), err


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (git.ChecksumMismatch(b"a" * 40, b"b" * 40), "the repository is damaged"),
        (zlib.error("Error -3 while decompressing"), "the repository is damaged"),
        (KeyError(b"0" * 40), "the repository is damaged"),
        (AssertionError(), "the repository is damaged"),
        (git.HangupException([b"Permission denied (publickey)."]), "Permission denied"),
        (git.GitProtocolError("ERR access denied"), "the server said: ERR access denied"),
        (PermissionError(13, "Permission denied"), "permission denied"),
        (socket.gaierror(-2, "Name or service not known"), "could not be found"),
        (TimeoutError("timed out"), "did not answer in time"),
        (ssl.SSLCertVerificationError("certificate verify failed"), "certificate"),
        (RuntimeError("the disk said no"), "the disk said no"),
        (RuntimeError(), "an unexpected problem"),
    ],
)
def test_every_kind_of_failure_has_plain_words(error, words):
    reason = plain_git_reason(error, "https://git.example.police.uk/force.git")
    assert words in reason.what and plain(reason.what) and reason.advice


def test_a_wrapped_connection_error_is_found_under_urllib3(users):
    inner = ConnectionRefusedError(111, "Connection refused")
    middle = RuntimeError("HTTPSConnectionPool(host='x'): Max retries exceeded")
    middle.__cause__ = inner
    outer = git.GitProtocolError(str(middle))
    outer.__cause__ = middle
    reason = plain_git_reason(outer, "https://x/force.git")
    assert reason.what == "the server x refused the connection"


# ---- subscribe checks a path ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: tmp / "typo.git", "(no such folder)"),
        (lambda tmp: (tmp / "plain").mkdir() or tmp / "plain", "(not a git repository)"),
        (lambda tmp: (tmp / "a.txt").write_text("x") and tmp / "a.txt", "(a file, not"),
    ],
)
def test_subscribe_refuses_a_path_that_is_not_a_repository(tmp_path, users, capsys, make, words):
    users.be("bob")
    path = make(tmp_path)
    code, out, err = run(capsys, "library", "subscribe", str(path))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"{path}: cannot subscribe {words}") and "nothing was changed" in err
    assert subscription() is None and plain(err)


def test_subscribe_refuses_without_dropping_the_library_already_followed(tmp_path, users, capsys):
    users.be("bob")
    repo = bare(tmp_path)
    run(capsys, "library", "subscribe", str(repo))
    assert run(capsys, "library", "subscribe", str(tmp_path / "typo.git"))[0] == 2
    assert subscription().location == str(repo)


def test_subscribe_to_a_drive_that_cannot_be_reached_warns_and_follows_it(tmp_path, users, capsys):
    users.be("bob")
    away = tmp_path / "unmounted-share" / "ct" / "force-library.git"
    code, out, err = run(capsys, "library", "subscribe", str(away))
    assert code == 0 and out.startswith(f"subscribed to the force library at {away}")
    assert err.startswith(f"warning: {away}: could not be checked (the folder cannot be reached)")
    assert "sync once it can be reached" in err and plain(err)
    assert subscription().location == str(away)


def test_subscribe_to_a_real_repository_says_nothing_more(tmp_path, users, capsys):
    users.be("bob")
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    publish(str(repo), ALICE, "First")
    users.be("bob")
    assert run(capsys, "library", "subscribe", str(repo)) == (
        0,
        f"subscribed to the force library at {repo}\nrun `briefpack library sync` to fetch it\n",
        "",
    )
    code, out, err = run(capsys, "library", "subscribe", str(repo) + "/")
    assert (code, err) == (0, "") and out.startswith("already subscribed")


def test_the_last_synced_copy_is_named_only_when_there_is_one(tmp_path, users, capsys):
    users.be("alice")
    repo = bare(tmp_path)
    own_item("Report it", "Call")
    publish(str(repo), ALICE, "First")
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    assert run(capsys, "library", "sync")[0] == 0
    moved = Path(shutil.move(repo, tmp_path / "elsewhere.git"))
    code, _, err = run(capsys, "library", "sync")
    assert code == 2 and "your last synced copy is still in use" in err and plain(err)
    assert moved.is_dir()
