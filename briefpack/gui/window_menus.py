"""The main window's actions, menus and outline toolbar, as a Word user expects to find them.

Everything is a table (gui/action_table.py): `action_rows` lists each action with its text,
keys and handler and when it is enabled, `menus` and `OUTLINE_TOOLBAR` say where each one
shows, and `build_window_actions` makes them all for one window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMessageBox, QWidget

from briefpack import __version__
from briefpack.gui.action_table import (
    MENU_ONLY,
    SEPARATOR,
    ActionRow,
    ActionTable,
    Key,
    Menu,
    fill_menu_bar,
    fill_toolbar,
)
from briefpack.gui.icons import kind_icon
from briefpack.gui.richtext import MarkdownField
from briefpack.model import editing
from briefpack.model.sections import SECTION_KINDS
from briefpack.render.formats import FORMATS

if TYPE_CHECKING:
    from briefpack.gui.find_bar import FindBar
    from briefpack.gui.jobs import JobRunner
    from briefpack.gui.window_files import FileLifecycle
    from briefpack.gui.window_navigation import Navigation
    from briefpack.gui.window_output import OutputFeature
    from briefpack.gui.window_panes import Panes
    from briefpack.gui.window_sections import SectionFeature
    from briefpack.gui.window_templates import TemplateFeature

STD = QKeySequence.StandardKey
ONLY_HERE = Qt.ShortcutContext.WidgetWithChildrenShortcut
INSERTS = tuple(f"insert_{kind}" for kind in SECTION_KINDS)
# Every format in the table gets an item in File ▸ Export; these have keys of their own.
EXPORT_KEYS = {"pdf": ("Ctrl+E",), "docx": ("Ctrl+Shift+E",)}
# The text toolbar's buttons, also in the Format menu so that a button the toolbar had to
# fold away (a narrow window) is still a key press away: (name, menu text, key shown, the
# rich text field's action).
FORMAT_ITEMS = (
    ("format_bold", "&Bold", "Ctrl+B", "bold_action"),
    ("format_italic", "&Italic", "Ctrl+I", "italic_action"),
    ("format_bullets", "B&ulleted List", "", "bullets_action"),
    ("format_numbers", "&Numbered List", "", "numbers_action"),
    ("format_link", "&Link…", "Ctrl+K", "link_action"),
)
# View ▸ Go To: (name, text, the pane's dock and the widget to type in, from the panes; no
# dock: the section editor; no widget: the dock's first stop).
PaneChoice = Callable[["Panes"], tuple[QDockWidget | None, QWidget | None]]
GO_TO: tuple[tuple[str, str, PaneChoice], ...] = (
    ("go_to_outline", "&Outline", lambda p: (p.outline_dock, p.outline)),
    ("go_to_editor", "Section &Editor", lambda p: (None, None)),
    ("go_to_settings", "&Pack Settings", lambda p: (p.settings_dock, None)),
    ("go_to_history", "&History", lambda p: (p.history_dock, p.history)),
    ("go_to_checks", "Chec&ks", lambda p: (p.checks_dock, None)),
    ("go_to_library", "&Library", lambda p: (p.library_dock, None)),
    ("go_to_preview", "Pre&view", lambda p: (p.preview_dock, p.preview.view)),
)
OUTLINE_TOOLBAR = (Menu("Add ▾", INSERTS), SEPARATOR, "move_up", "move_down", "duplicate", "delete")


@dataclass(frozen=True)
class WindowTargets:
    """What the window's actions act on."""

    window: QMainWindow
    stack: QUndoStack
    jobs: JobRunner
    panes: Panes
    files: FileLifecycle
    output: OutputFeature
    templates: TemplateFeature
    sections: SectionFeature
    navigation: Navigation
    find_bar: FindBar


def build_window_actions(t: WindowTargets) -> ActionTable:
    """Every action of the window, in its menus and the outline's toolbar."""
    table = ActionTable(t.window, lambda: t.jobs.busy)
    hosts = {"window": t.window, "outline": t.panes.outline, "editor": t.panes.editor}
    table.add_rows(action_rows(t), hosts)
    _adopt_others(table, t)
    fill_menu_bar(t.window.menuBar(), menus(t), table)
    fill_toolbar(t.panes.outline_toolbar, OUTLINE_TOOLBAR, table)
    return table


def action_rows(t: WindowTargets) -> list[ActionRow]:
    return [*_file_rows(t), *_edit_rows(), *_section_rows(t), *_view_rows(t), *_help_rows(t)]


def menus(t: WindowTargets) -> tuple[Menu, ...]:
    """The menu bar: action names in order, "-" a separator."""
    recent = Menu("Open &Recent", name="recent", on_show=t.files.fill_recent_menu)
    go_to = Menu("&Go To", (*(row[0] for row in GO_TO), *_names("- next_pane previous_pane")))
    docks = tuple(f"show_{dock.objectName()}" for dock in t.panes.docks())
    zoom = _names("zoom_in zoom_out fit_width fit_page")
    formats = tuple(row[0] for row in FORMAT_ITEMS)
    return (
        Menu(
            "&File",
            (
                *_names("new new_from_template open"),
                recent,
                *_names("- save save_as save_as_template save_bundle -"),
                Menu("&Export", tuple(f"export_{output.name}" for output in FORMATS)),
                *_names("print - close quit"),
            ),
        ),
        Menu(
            "&Edit",
            (
                *_names("undo redo - cut copy paste select_all - copy_rich_text -"),
                *_names("find find_next find_previous"),
            ),
        ),
        Menu("&Insert", INSERTS),
        Menu("&Section", _names("edit_section - move_up move_down duplicate - delete")),
        Menu("F&ormat", (*formats, *_names("- plain_markdown"))),
        Menu("&View", (*docks, SEPARATOR, go_to, SEPARATOR, *zoom)),
        Menu("&Help", ("about",)),
    )


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---- the rows ---------------------------------------------------------------------------


def _file_rows(t: WindowTargets) -> list[ActionRow]:
    files, output, templates = t.files, t.output, t.templates

    def job(
        name: str, text: str, handler: Callable[[], object], *keys: Key, tip: str = ""
    ) -> ActionRow:
        # Actions that start a job or replace the pack wait while a job runs.
        return ActionRow(name, text, handler, keys, tip=tip, waits_for_jobs=True)

    return [
        job("new", "&New", files.new_pack, STD.New),
        job("open", "&Open…", files.open_dialog, STD.Open),
        job("save", "&Save", files.save, STD.Save),
        job("save_as", "Save &As…", files.save_as, STD.SaveAs),
        job("close", "&Close", files.close_pack, "Ctrl+W"),
        *(
            job(
                f"export_{fmt.name}",
                fmt.menu_text,
                partial(output.export_dialog, fmt.name),
                *EXPORT_KEYS.get(fmt.name, ()),
            )
            for fmt in FORMATS
        ),
        job("print", "&Print…", output.print_dialog, STD.Print),
        job(
            "copy_rich_text",
            "Cop&y as Rich Text",
            output.copy_rich_text,
            tip="Copy the whole handout, formatted, to paste into an email",
        ),
        job(
            "new_from_template",
            "New from &Template…",
            templates.new_from_template_dialog,
            "Ctrl+Shift+N",
        ),
        job("save_as_template", "Save as Te&mplate…", templates.save_as_template_dialog),
        job(
            "save_bundle",
            "Save as &Bundle…",
            files.save_bundle_dialog,
            tip="Save the pack and its pictures in one .bpackz file to send to a colleague",
        ),
        ActionRow(
            "quit",
            "&Quit",
            QApplication.closeAllWindows,  # each window asks about its unsaved changes
            (STD.Quit,),
            role=QAction.MenuRole.QuitRole,
        ),
    ]


def _edit_rows() -> list[ActionRow]:
    """Cut, copy, paste and select all: text widgets take these keys themselves; the menu
    items do the same for the mouse (their keys shown, not claimed)."""
    return [
        ActionRow(name, text, _text_call(method), (key,), host=MENU_ONLY)
        for name, text, method, key in (
            ("cut", "Cu&t", "cut", STD.Cut),
            ("copy", "&Copy", "copy", STD.Copy),
            ("paste", "&Paste", "paste", STD.Paste),
            ("select_all", "Select &All", "selectAll", STD.SelectAll),
        )
    ]


def _section_rows(t: WindowTargets) -> list[ActionRow]:
    sections, nav = t.sections, t.navigation
    rows = [
        ActionRow(
            f"insert_{kind}",
            label,
            lambda k=kind: sections.insert_section(k),
            (f"Ctrl+{n}",),
            tip=f"Add a {label.lower()} section after the selected one",
            icon=kind_icon(kind),
            object_name=f"insert_{kind}",
        )
        for n, (kind, label) in enumerate(
            ((k, editing.KIND_LABELS[k]) for k in SECTION_KINDS), start=1
        )
    ]
    return [
        *rows,
        ActionRow(
            "duplicate",
            "Du&plicate Section",
            sections.duplicate_section,
            ("Ctrl+D",),
            enabled_when=sections.has_selection,
            icon_text="Duplicate",
        ),
        # Delete means "delete the section" only in the outline; in a text field it deletes text.
        ActionRow(
            "delete",
            "&Delete Section",
            sections.delete_section,
            (STD.Delete,),
            enabled_when=sections.has_selection,
            host="outline",
            context=ONLY_HERE,
            icon_text="Delete",
        ),
        ActionRow(
            "move_up",
            "Move Section &Up",
            lambda: sections.move_section(-1),
            ("Ctrl+Shift+Up",),
            enabled_when=sections.can_move_up,
            icon_text="▲",
        ),
        ActionRow(
            "move_down",
            "Move Section Do&wn",
            lambda: sections.move_section(+1),
            ("Ctrl+Shift+Down",),
            enabled_when=sections.can_move_down,
            icon_text="▼",
        ),
        ActionRow(
            "edit_section",
            "&Edit Section",
            lambda: nav.focus_editor(),
            ("F2",),
            tip="Go to the selected section's first field (Enter or F2)",
        ),
        ActionRow(
            "back_to_outline",
            "Back to the Outline",
            nav.focus_outline,
            (QKeySequence(Qt.Key.Key_Escape),),
            host="editor",
            context=ONLY_HERE,
        ),
    ]


def _view_rows(t: WindowTargets) -> list[ActionRow]:
    nav, panes = t.navigation, t.panes

    def go_to(pick: PaneChoice) -> Callable[[], None]:
        dock, widget = pick(panes)
        return lambda: nav.go_to_pane(dock, widget)

    rows = [ActionRow(name, text, go_to(pick), host=MENU_ONLY) for name, text, pick in GO_TO]
    format_rows = [
        ActionRow(name, text, _format_call(t, field), (key,) if key else (), host=MENU_ONLY)
        for name, text, key, field in FORMAT_ITEMS
    ]
    return [
        *rows,
        ActionRow("next_pane", "Next Pane", lambda: nav.cycle_panes(True), ("F6",)),
        ActionRow("previous_pane", "Previous Pane", lambda: nav.cycle_panes(False), ("Shift+F6",)),
        *format_rows,
        ActionRow(
            "plain_markdown", "&Plain Markdown", _format_call(t, "plain_action"), ("Ctrl+Shift+M",)
        ),
    ]


def _help_rows(t: WindowTargets) -> list[ActionRow]:
    return [ActionRow("about", "&About briefpack", lambda: show_about(t.window))]


def _adopt_others(table: ActionTable, t: WindowTargets) -> None:
    """Actions made by the undo stack, the find bar, the preview and the docks."""
    undo = t.stack.createUndoAction(t.window, "&Undo")
    undo.setShortcut(QKeySequence(STD.Undo))
    redo = t.stack.createRedoAction(t.window, "&Redo")
    redo.setShortcuts([QKeySequence(STD.Redo), QKeySequence("Ctrl+Y")])
    for name, action in (("undo", undo), ("redo", redo)):
        t.window.addAction(action)
        table.adopt(name, action)
    bar = t.find_bar
    table.adopt("find", bar.find_action)
    table.adopt("find_next", bar.find_next_action)
    table.adopt("find_previous", bar.find_previous_action)
    preview = t.panes.preview
    preview.zoom_in_action.setShortcut(QKeySequence(STD.ZoomIn))
    preview.zoom_out_action.setShortcut(QKeySequence(STD.ZoomOut))
    table.adopt("zoom_in", preview.zoom_in_action)
    table.adopt("zoom_out", preview.zoom_out_action)
    table.adopt("fit_width", preview.fit_width_action)
    table.adopt("fit_page", preview.fit_page_action)
    for dock in t.panes.docks():
        table.adopt(f"show_{dock.objectName()}", dock.toggleViewAction())


# ---- handlers ---------------------------------------------------------------------------


def show_about(window: QMainWindow) -> None:
    QMessageBox.about(
        window,
        "About briefpack",
        f"<b>briefpack {__version__}</b><p>Assemble, preview and print branded "
        "Protective Security Update handouts.</p>",
    )


def _text_call(method: str) -> Callable[[], None]:
    """Call `method` (cut, copy, paste, selectAll) on the focused text widget, if it has it."""

    def call() -> None:
        widget = QApplication.focusWidget()
        function = getattr(widget, method, None)
        if callable(function):
            function()

    return call


def markdown_field_in_use(panes: Panes) -> MarkdownField | None:
    """The rich text field with the keyboard, else the selected section's first one."""
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, MarkdownField):
        widget = widget.parentWidget()
    if widget is not None:
        return widget
    editor = panes.editor.current_editor
    return editor.markdown_fields[0] if editor is not None and editor.markdown_fields else None


def _format_call(t: WindowTargets, name: str) -> Callable[[], None]:
    def call() -> None:
        field = markdown_field_in_use(t.panes)
        if field is None:
            t.window.statusBar().showMessage("This section has no text to format", 4000)
            return
        getattr(field, name).trigger()

    return call
