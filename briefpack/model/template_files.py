"""What a template file is: its entry in a list (TemplateInfo), and reading one, from a
file or (the force library's) from bytes, with the checks an imported template goes
through. Below template_store and force_store, which both read templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefpack.model.conflicts import clean_name
from briefpack.model.errors import PackFormatError
from briefpack.model.jsonfile import parse_json
from briefpack.model.pack import Pack, Template
from briefpack.model.packfile import load_pack, pack_from_data

FORCE_TEMPLATE_PREFIX = "force."


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    path: Path
    builtin: bool
    force: bool = False  # from the synced force library: read-only, like a built-in

    @property
    def read_only(self) -> bool:
        """Built-in and force templates are never written over, only copied."""
        return self.builtin or self.force

    @property
    def kind(self) -> str:
        return "force" if self.force else "built-in" if self.builtin else "user"


def template_id(info: TemplateInfo) -> str | None:
    """A force template's id, force.<file name> (as force items have): names one even when
    a built-in or the user's own template has the same name. Others have none."""
    return FORCE_TEMPLATE_PREFIX + info.path.stem if info.force else None


def load_template_file(path: str | Path) -> Template:
    """A template file; a pack file is refused with a message saying so."""
    path = Path(path)
    return _template_only(load_pack(path), path)


def template_from_bytes(raw: bytes, path: str) -> Template:
    """A template file's bytes (a force library's, read from git), checked exactly as an
    imported template file is (import_template): strict JSON, the pack format, a template
    and not a pack, a name written in one alphabet."""
    return named_template(_template_only(pack_from_data(parse_json(raw, path), path), path), path)


def _template_only(loaded: Pack | Template, path: str | Path) -> Template:
    if not isinstance(loaded, Template):
        raise PackFormatError("this is a pack, not a template", file=path, where="format")
    return loaded


def named_template(template: Template, path: str | Path) -> Template:
    """`template` with its name in NFKC form; a name mixing alphabets is refused."""
    name = clean_name(template.name, "template", file=path, where="name")
    return template.model_copy(update={"name": name})
