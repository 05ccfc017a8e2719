"""Which force library revision is in use: the commit of the last good sync, or "none".

Every export records it (the PDF's XMP, the DOCX's custom properties, the web page's
<meta>, the email's header, and the export log), so an officer can later say which
approved wording a handout was built from. Reading it must cost an export next to nothing,
so this module reads the subscription record's one field itself, with the json module
alone, instead of importing force_store and the git and library code behind it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefpack.model.userdata import user_dir

SUBSCRIPTION_FORMAT = "briefpack/force-subscription"
NO_REVISION = "none"  # no force library followed, none synced yet, or its record unreadable
SHORT_LENGTH = 7  # as git and `briefpack library history` show a commit
_COMMIT_ID = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")  # SHA-1, or SHA-256 repositories
MAX_RECORD_BYTES = 64 * 1024  # the record is a few hundred bytes


def force_dir() -> Path:
    return user_dir() / "force-library"


def subscription_path() -> Path:
    return force_dir() / "subscription.json"


def library_revision() -> str:
    """The full commit id of the synced force library in use, or NO_REVISION.

    A record that cannot be read, or holds anything but a commit id, gives NO_REVISION: the
    force library gives no items then (force_store.force_content), and whatever is recorded
    here goes into file headers, so it must never be text someone typed."""
    try:
        with subscription_path().open("rb") as file:
            data = json.loads(file.read(MAX_RECORD_BYTES + 1))
    except (OSError, ValueError):
        return NO_REVISION
    if not isinstance(data, dict) or data.get("format") != SUBSCRIPTION_FORMAT:
        return NO_REVISION
    commit = data.get("synced_commit")
    return commit if isinstance(commit, str) and _COMMIT_ID.match(commit) else NO_REVISION


def short_revision(revision: str) -> str:
    """A commit id as people read it ("3f2a9c1"); NO_REVISION and anything else as it is."""
    return revision[:SHORT_LENGTH] if _COMMIT_ID.match(revision) else revision
