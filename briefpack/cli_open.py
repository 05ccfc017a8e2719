"""What `render` and `validate` read: a pack file or a bundle, and pictures outside it.

A `.bpackz` is opened with briefpack.model.bundle.open_bundle into a private folder under
briefpack's cache and the pack there is worked on, but every message names the bundle the
officer gave (never the private folder), and output goes beside the bundle.

A picture outside the pack's folder (an absolute path, `../`, or a link in the folder
leading out) is refused unless the officer passes --allow-outside-files: a colleague's
pack could otherwise quietly copy any picture the officer can open into its handout.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack

OUTSIDE_FLAG = "--allow-outside-files"
READ_OUTSIDE_HELP = (
    "also read pictures the pack names outside its own folder (a full path, a path "
    "starting ../, or a link in the folder that leads elsewhere); "
    "without this such a pack is refused, so a pack from someone else cannot pull in "
    "pictures from elsewhere on your computer"
)
BUNDLE_OUTSIDE_HELP = (
    "also copy pictures the pack names outside its own folder into the bundle (a full "
    "path, a path starting ../, or a link leading elsewhere); without this such a pack is "
    "refused, so nothing from elsewhere on your computer is sent without you choosing it"
)


@dataclass(frozen=True)
class OpenedPack:
    """A pack as the command line reads it: from a .bpack, or from inside a .bpackz."""

    given: Path  # the file the officer named: every message names this one
    pack: Pack
    base_dir: Path  # where its pictures are looked up


def add_outside_flag(parser: argparse.ArgumentParser, help_text: str = READ_OUTSIDE_HELP) -> None:
    parser.add_argument(OUTSIDE_FLAG, action="store_true", help=help_text)


def open_pack_argument(path: Path) -> OpenedPack:
    """Load the pack at `path`; a .bpackz is checked and opened into a private folder."""
    from briefpack.model.bundle import is_bundle, open_bundle
    from briefpack.model.packfile import load_pack

    if not is_bundle(path):
        return OpenedPack(path, load_pack(path), path.resolve().parent)
    pack_file = open_bundle(path)  # refuses a bad bundle before anything is extracted
    try:
        pack = load_pack(pack_file)
    except BriefpackError as exc:  # checked once already; still, never name the cache
        raise exc.with_file(path) from None
    return OpenedPack(path, pack, pack_file.parent)


def refuse_outside_files(opened: OpenedPack, allowed: bool, action: str = "read") -> None:
    """One line naming the first picture outside the pack's folder, unless allowed.

    `action` says what is not done to it ("read", "put in the bundle")."""
    from briefpack.model.bundle import is_bundle
    from briefpack.model.outside import outside_images

    if allowed:
        return
    found = outside_images(opened.pack, opened.base_dir)
    if not found:
        return
    row, written, _file = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    if is_bundle(opened.given):  # nothing can be moved into a colleague's bundle
        inside, advice = "the bundle", "ask for a bundle that holds it"
    else:
        inside, advice = "the pack's folder", "move the picture beside the pack"
    raise BriefpackError(
        f"the picture {written} is outside {inside}{more}, so it is not {action}; "
        f"{advice}, or pass {OUTSIDE_FLAG} if you trust it",
        file=opened.given,
        where=f"sections[{row}].path",
    )
