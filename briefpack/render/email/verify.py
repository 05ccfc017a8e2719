"""Check an email draft is whole: parse it back and find every part a client needs.

The draft must parse as a message with a subject and `X-Unsent: 1`, be multipart/
alternative holding a text/plain part and a multipart/related one whose first part is the
text/html, and every picture the HTML names by cid: must be one of the related parts (a
missing one shows as a broken picture in every client). render/formats.py names
`check_eml` as the eml format's verifier.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.errors import MessageError
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from briefpack.model.errors import SaveError

_CID_SOURCE = re.compile(r"""src=["']cid:([^"']+)["']""", re.IGNORECASE)


def check_eml(data: bytes, path: str | Path) -> None:
    """The eml verifier (formats.py): raise SaveError naming `path` unless `data` is a
    complete draft."""
    try:
        message = message_from_bytes(data, policy=default)
        _check_message(message, path)
    except (MessageError, LookupError, ValueError, UnicodeError) as exc:
        raise _broken(path, "it does not parse as an email message") from exc


def _check_message(message: EmailMessage, path: str | Path) -> None:
    if message.defects:
        raise _broken(path, f"the message is damaged ({type(message.defects[0]).__name__})")
    if message.get("X-Unsent", "").strip() != "1" or "Subject" not in message:
        raise _broken(path, "it is not an unsent draft with a subject")
    if message.get_content_type() != "multipart/alternative":
        raise _broken(path, "it has no plain and HTML alternatives")
    parts = list(message.iter_parts())
    types = [part.get_content_type() for part in parts]
    if types != ["text/plain", "multipart/related"]:
        raise _broken(path, f"its parts are {', '.join(types) or 'missing'}")
    plain, related = parts
    plain.get_content()  # a broken encoding raises here
    _check_related(related, path)


def _check_related(related: EmailMessage, path: str | Path) -> None:
    parts = list(related.iter_parts())
    if not parts or parts[0].get_content_type() != "text/html":
        raise _broken(path, "its HTML part is missing")
    html = parts[0].get_content()
    if "</html>" not in html:
        raise _broken(path, "its HTML part is cut short")
    ids = set()
    for part in parts[1:]:
        if part.get_content_maintype() != "image" or not part.get_content():
            raise _broken(path, "a picture part is empty")
        ids.add(part.get("Content-ID", "").strip().strip("<>"))
    missing = set(_CID_SOURCE.findall(html)) - ids
    if missing:
        raise _broken(path, f"the picture {sorted(missing)[0]} is missing")
    if related.defects or any(part.defects for part in parts):
        raise _broken(path, "a part of the message is damaged")


def _broken(path: str | Path, why: str) -> SaveError:
    error = SaveError(f"the exported file is not complete ({why}); export it again", file=path)
    error.reason = why
    return error
