"""Undo commands: each redo/undo is one call into PackDocument, which calls model.editing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from briefpack.model.editing import KIND_LABELS, THREAT, Target, describe_section

if TYPE_CHECKING:
    # Only for type hints: document.py imports this module to push its commands.
    from briefpack.gui.document import PackDocument
    from briefpack.model.library import LibraryItem
    from briefpack.model.pack import Pack, Threat
    from briefpack.model.sections import LinkItem, Section, StatItem

SET_FIELD_ID = 1001

FIELD_LABELS = {
    "as_of": "as-of date",
    "northern_ireland": "Northern Ireland level",
    "page_size": "page size",
    "since": "date since",
    "width_mm": "width",
    "qr": "QR codes",
    "alt": "alt text",
    "level": "threat level",
}


SECTION_FIELD_LABELS = {"title": "heading", "body": "text"}


def _field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " "))


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SetFieldCommand(QUndoCommand):
    """Set one field. Typing in one field merges into one command (mergeWith)."""

    def __init__(
        self,
        doc: PackDocument,
        target: Target,
        field: str,
        old: Any,
        new: Any,
        *,
        merge: bool = False,
    ) -> None:
        super().__init__()
        self.doc, self.target, self.field = doc, target, field
        self.old, self.new, self.merge = old, new, merge
        # PackDocument.edit_field has already set (and so validated) the new value: the
        # push's own redo() need not set it again.
        self._applied = True
        self.setText(self._describe())

    def _describe(self) -> str:
        label = _field_label(self.field)
        match self.target:
            case ("meta",):
                return f"Edit pack {label}"
            case ("threat",):
                return f"Set {label}"
            case ("section", row):
                kind = KIND_LABELS[self.doc.pack.sections[row].kind]
                label = SECTION_FIELD_LABELS.get(self.field, label)
                return f"Edit {label} of section {row + 1} ({kind})"
            case ("item", row, item_row):
                return f"Edit {label} in row {item_row + 1} of section {row + 1}"
        return f"Edit {label}"

    def id(self) -> int:
        return SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetFieldCommand)
            and self.merge
            and other.merge
            and other.target == self.target
            and other.field == self.field
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            self.doc.set_field(self.target, self.field, self.new)
        self._focus()

    def undo(self) -> None:
        self.doc.set_field(self.target, self.field, self.old)
        self._focus()

    def _focus(self) -> None:
        if self.target[0] in ("section", "item"):
            self.doc.focusSection.emit(self.target[1])


class InsertSectionCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, row: int, section: Section, text: str) -> None:
        super().__init__(text)
        self.doc, self.row, self.section = doc, row, section

    def redo(self) -> None:
        self.doc.insert_section(self.row, self.section)
        self.doc.focusSection.emit(self.row)

    def undo(self) -> None:
        self.doc.remove_section(self.row)
        if self.doc.pack.sections:
            self.doc.focusSection.emit(min(self.row, len(self.doc.pack.sections) - 1))


class RemoveSectionCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, row: int) -> None:
        section = doc.pack.sections[row]
        label = KIND_LABELS[section.kind].lower()
        super().__init__(f"Delete {label} “{_short(describe_section(section))}”")
        self.doc, self.row = doc, row
        self.section: Section | None = None

    def redo(self) -> None:
        self.section = self.doc.remove_section(self.row)
        if self.doc.pack.sections:
            self.doc.focusSection.emit(min(self.row, len(self.doc.pack.sections) - 1))

    def undo(self) -> None:
        assert self.section is not None
        self.doc.insert_section(self.row, self.section)
        self.doc.focusSection.emit(self.row)


class MoveSectionCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, source: int, dest: int) -> None:
        where = "up" if dest < source else "down"
        name = _short(describe_section(doc.pack.sections[source]))
        super().__init__(f"Move “{name}” {where}")
        self.doc, self.source, self.dest = doc, source, dest

    def redo(self) -> None:
        self.doc.move_section(self.source, self.dest)
        self.doc.focusSection.emit(self.dest)

    def undo(self) -> None:
        self.doc.move_section(self.dest, self.source)
        self.doc.focusSection.emit(self.source)


class InsertItemCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, row: int, item_row: int, item: StatItem | LinkItem):
        super().__init__(f"Add row {item_row + 1} to section {row + 1}")
        self.doc, self.row, self.item_row, self.item = doc, row, item_row, item

    def redo(self) -> None:
        self.doc.insert_item(self.row, self.item_row, self.item)
        self.doc.focusSection.emit(self.row)

    def undo(self) -> None:
        self.doc.remove_item(self.row, self.item_row)
        self.doc.focusSection.emit(self.row)


class RemoveItemCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, row: int, item_row: int) -> None:
        super().__init__(f"Remove row {item_row + 1} from section {row + 1}")
        self.doc, self.row, self.item_row = doc, row, item_row
        self.item: StatItem | LinkItem | None = None

    def redo(self) -> None:
        self.item = self.doc.remove_item(self.row, self.item_row)
        self.doc.focusSection.emit(self.row)

    def undo(self) -> None:
        assert self.item is not None
        self.doc.insert_item(self.row, self.item_row, self.item)
        self.doc.focusSection.emit(self.row)


class MoveItemCommand(QUndoCommand):
    def __init__(self, doc: PackDocument, row: int, source: int, dest: int) -> None:
        super().__init__(f"Move row {source + 1} to {dest + 1} in section {row + 1}")
        self.doc, self.row, self.source, self.dest = doc, row, source, dest

    def redo(self) -> None:
        self.doc.move_item(self.row, self.source, self.dest)
        self.doc.focusSection.emit(self.row)

    def undo(self) -> None:
        self.doc.move_item(self.row, self.dest, self.source)
        self.doc.focusSection.emit(self.row)


# ---- the content library ------------------------------------------------------------------


def _scratch_pack(doc: PackDocument) -> Pack:
    """A copy of the pack whose section list and threat a model function may change freely
    (the sections themselves are shared, never changed)."""
    pack = doc.pack
    return pack.model_copy(
        update={"sections": list(pack.sections), "threat": pack.threat.model_copy(deep=True)}
    )


class _ThreatSnapshot:
    """The pack's threat before an edit that may set it, put back exactly on undo."""

    def __init__(self) -> None:
        self.before: Threat | None = None

    def apply(self, doc: PackDocument, new: Threat) -> None:
        self.before = doc.pack.threat.model_copy(deep=True)
        self._set(doc, new, THREAT)

    def restore(self, doc: PackDocument) -> None:
        if self.before is not None:
            self._set(doc, self.before, THREAT)

    @staticmethod
    def _set(doc: PackDocument, threat: Threat, target: Target) -> None:
        for name in type(threat).model_fields:
            value = getattr(threat, name)
            if getattr(doc.pack.threat, name) != value:
                doc.set_field(target, name, value)


class InsertLibraryItemCommand(QUndoCommand):
    """Insert a library item as model.library.insert_item places it: a new section at `row`,
    or, for statistics with a statistics section `into`, its figures added to that section
    (ids made unique, its threat applied). Either way one undo step that restores exactly."""

    def __init__(
        self, doc: PackDocument, row: int, item: LibraryItem, into: int | None = None
    ) -> None:
        super().__init__(f"Insert “{_short(item.name)}” from the library")
        from briefpack.model.library import insert_item, takes_figures

        scratch = _scratch_pack(doc)
        self.doc = doc
        self.appends = takes_figures(scratch, into, item)
        self.row = insert_item(scratch, row, item, into)
        self.section = scratch.sections[self.row]
        # Appending puts an extended copy in place of the section; undo puts this one back.
        self.replaced = doc.pack.sections[self.row] if self.appends else None
        self.threat = scratch.threat
        self.snapshot = _ThreatSnapshot()

    def redo(self) -> None:
        if self.replaced is not None:
            self.doc.remove_section(self.row)
        self.doc.insert_section(self.row, self.section)
        self.snapshot.apply(self.doc, self.threat)
        self.doc.focusSection.emit(self.row)

    def undo(self) -> None:
        self.snapshot.restore(self.doc)
        self.doc.remove_section(self.row)
        if self.replaced is not None:
            self.doc.insert_section(self.row, self.replaced)
            self.doc.focusSection.emit(self.row)
        elif self.doc.pack.sections:
            self.doc.focusSection.emit(min(self.row, len(self.doc.pack.sections) - 1))


class RefreshFromOriginCommand(QUndoCommand):
    """Replace section `row` with a fresh copy of the library item it came from."""

    def __init__(self, doc: PackDocument, row: int) -> None:
        from briefpack.model.library import refresh_from_origin

        scratch = _scratch_pack(doc)
        self.old = refresh_from_origin(scratch, row)  # raises LibraryError: nothing pushed
        super().__init__(f"Update section {row + 1} from the library")
        self.doc, self.row = doc, row
        self.fresh = scratch.sections[row]
        self.threat = scratch.threat
        self.snapshot = _ThreatSnapshot()

    def _swap(self, section: Section) -> None:
        self.doc.remove_section(self.row)
        self.doc.insert_section(self.row, section)
        self.doc.focusSection.emit(self.row)

    def redo(self) -> None:
        self._swap(self.fresh)
        self.snapshot.apply(self.doc, self.threat)

    def undo(self) -> None:
        self.snapshot.restore(self.doc)
        self._swap(self.old)
