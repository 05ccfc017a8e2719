"""The email draft (.eml) and the clipboard's rich text, from one HTML and one plain text.

The draft is an unsent message (`X-Unsent: 1`) with no sender or recipients, so it opens
ready to address: Outlook opens such a file as a new message to send; Thunderbird and
Apple Mail show it as a message, and their "Edit as New Message" and "Send Again" make it
one (docs/email-draft.md). Its structure is the one mail clients expect of a message with
pictures in its text:

    multipart/alternative
      text/plain                       the marking first, links spelled out
      multipart/related
        text/html                      pictures as <img src="cid:…">
        image/png, image/jpeg …        one part per picture, by Content-ID

Text parts are always quoted-printable and pictures base64, so no line of the pack's text
can ever look like a boundary or run longer than mail allows. Nothing here sends mail.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from briefpack.document import nodes as n
from briefpack.model.force_revision import NO_REVISION
from briefpack.render.email.html_writer import mail_html
from briefpack.render.email.pictures import CID_DOMAIN, Pictures
from briefpack.render.email.plain import plain_text

# CRLF line ends; a header stored as already encoded is written as it is (see _set_subject).
POLICY = SMTP.clone(refold_source="none")
SUBJECT_MAX = 255  # characters: the most Outlook keeps of a subject
# Fixed boundaries for byte-identical output. "=_" cannot occur in quoted-printable or
# base64 text, so no part's content can ever contain one.
BOUNDARIES = {"alternative": "=_briefpack_alternative", "related": "=_briefpack_related"}
REVISION_HEADER = "X-Briefpack-Library-Revision"


def subject(furniture: n.Furniture) -> str:
    """The pack title on one line, the marking before it when set: "OFFICIAL: Title"."""
    title = " ".join(furniture.title.split())
    marking = " ".join(furniture.marking.split())
    line = f"{marking}: {title}" if marking else title
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1].rstrip() + "…"


def render_eml(doc: n.Document, *, invariant: bool = False) -> bytes:
    """The document as an unsent email draft, the bytes of a .eml file (CRLF line ends).

    `invariant` gives the same bytes for the same document: fixed boundaries, Content-IDs
    named by the pictures' contents, and no Date or Message-ID (a client adds both when
    the message is sent)."""
    pictures = Pictures(inline=False)
    html = mail_html(doc, pictures)
    message = EmailMessage(policy=POLICY)
    _set_subject(message, subject(doc.furniture))
    message["X-Unsent"] = "1"
    # The force library commit the export was made with (model/force_revision.py): a
    # commit id or "none", one word, so the header can never be folded or injected into.
    message[REVISION_HEADER] = "".join(doc.furniture.library_revision.split()) or NO_REVISION
    if not invariant:
        message["Date"] = format_datetime(_now())
        message["Message-ID"] = make_msgid(domain=CID_DOMAIN)
    language = doc.furniture.language or "en-GB"
    message["Content-Language"] = " ".join(language.split()) or "en-GB"
    message.set_content(plain_text(doc), subtype="plain", cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    for picture in pictures.parts:
        html_part.add_related(
            picture.data,
            maintype="image",
            subtype=picture.subtype,
            cid=f"<{picture.cid}>",
            disposition="inline",  # no file name: clients would list it as an attachment
        )
    if invariant:
        _fix_boundaries(message)
    return message.as_bytes(policy=POLICY)


def clipboard_parts(doc: n.Document) -> tuple[str, str]:
    """(HTML, plain text) for Edit ▸ Copy as Rich Text: the draft's two texts, its pictures
    carried inside the HTML as data: URIs (a pasted message has no parts to point at)."""
    return mail_html(doc, Pictures(inline=True)), plain_text(doc)


def _set_subject(message: EmailMessage, line: str) -> None:
    """Plain ASCII as it is; anything else as encoded words made here. The standard policy's
    folding drops a space where it splits encoded words ("𐀀 ¡" came back "𐀀¡"), and a
    title that holds "=?utf-8?q?…?=" must not be decoded by the reader."""
    if line.isascii() and "=?" not in line:
        message["Subject"] = line
    else:
        header = Header(line, "utf-8", header_name="Subject")
        message.set_raw("Subject", header.encode(linesep="\r\n", maxlinelen=76))


def _fix_boundaries(message: EmailMessage) -> None:
    message.set_boundary(BOUNDARIES["alternative"])
    html_part = message.get_payload()[1]
    if html_part.is_multipart():
        html_part.set_boundary(BOUNDARIES["related"])


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
