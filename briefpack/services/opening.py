"""What the officer gives: a pack file, a template, or a .bpackz bundle; and a bundle to send.

A `.bpackz` is opened with briefpack.model.bundle.open_bundle into a private folder under
briefpack's cache and the pack there is worked on, but every message names the bundle the
officer gave (never the private folder), and output goes beside the bundle.

A picture outside the pack's folder (an absolute path, `../`, or a link in the folder
leading out) is refused unless the officer allows it: a colleague's pack could otherwise
quietly copy any picture the officer can open into its handout. How the officer allows it
(a command-line option, a question in the app) is the front end's to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:  # pydantic's models load when a pack is read, not when the CLI starts
    from briefpack.model.outside import AllowOutside
    from briefpack.model.pack import Pack


@dataclass(frozen=True)
class OpenedPack:
    """A pack as the officer gave it: from a .bpack or template, or from inside a .bpackz."""

    given: Path  # the file the officer named: every message names this one
    pack: Pack
    base_dir: Path  # where its pictures are looked up

    @property
    def from_bundle(self) -> bool:
        from briefpack.model.bundle import is_bundle

        return is_bundle(self.given)


def open_given(path: Path) -> OpenedPack:
    """Load the pack (or template) at `path`; a .bpackz is checked whole and opened into a
    private folder first. BriefpackError names `path`, never the private folder."""
    from briefpack.model.bundle import is_bundle, open_bundle
    from briefpack.model.packfile import load_pack

    if not is_bundle(path):
        return open_pack_file(path)
    pack_file = open_bundle(path)  # refuses a bad bundle before anything is extracted
    try:
        pack = load_pack(pack_file)
    except BriefpackError as exc:  # checked once already; still, never name the cache
        raise exc.with_file(path) from None
    return OpenedPack(path, pack, pack_file.parent)


def open_pack_file(path: Path) -> OpenedPack:
    """A pack or template file (not a bundle), its pictures looked up beside it."""
    from briefpack.model.packfile import load_pack

    return OpenedPack(path, load_pack(path), path.resolve().parent)


def refuse_outside_files(
    opened: OpenedPack, allowed: bool, *, how_to_allow: str, action: str = "read"
) -> None:
    """BriefpackError naming the first picture outside the pack's folder, unless `allowed`.

    `action` says what is not done to it ("read", "put in the bundle"); `how_to_allow` is how
    the officer says yes in this front end ("pass --allow-outside-files")."""
    from briefpack.model.outside import outside_images

    if allowed:
        return
    found = outside_images(opened.pack, opened.base_dir)
    if not found:
        return
    row, written, _file = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    if opened.from_bundle:  # nothing can be moved into a colleague's bundle
        inside, advice = "the bundle", "ask for a bundle that holds it"
    else:
        inside, advice = "the pack's folder", "move the picture beside the pack"
    raise BriefpackError(
        f"the picture {written} is outside {inside}{more}, so it is not {action}; "
        f"{advice}, or {how_to_allow} if you trust it",
        file=opened.given,
        where=f"sections[{row}].path",
    )


def outside_picture_count(opened: OpenedPack) -> int:
    """How many picture files the pack takes from outside its folder."""
    from briefpack.model.outside import outside_images

    return len({file for _row, _path, file in outside_images(opened.pack, opened.base_dir)})


def write_bundle(
    pack: Pack, base_dir: Path, source: str, out: Path, *, allow_outside: AllowOutside = False
) -> Path:
    """Write the .bpackz of `pack` (its pictures read from `base_dir`) at `out`, all or
    nothing, never through a link found at `out`; the file written. `source` names the pack
    in messages."""
    from briefpack.model.bundle import bundle_bytes
    from briefpack.model.storage import atomic_write

    data = bundle_bytes(pack, base_dir, source, allow_outside=allow_outside)
    return atomic_write(out, data, follow_links=False)  # a link may have come in a zip
