"""The main window's actions and menus, as a Word user expects to find them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from briefpack.gui.icons import kind_icon
from briefpack.gui.richtext import MarkdownField
from briefpack.model import editing
from briefpack.model.sections import SECTION_KINDS

if TYPE_CHECKING:
    from briefpack.gui.mainwindow import MainWindow

STD = QKeySequence.StandardKey


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(w: MainWindow) -> None:
    w.new_action = make_action(w, "&New", w.new_pack, STD.New)
    w.open_action = make_action(w, "&Open…", w.open_dialog, STD.Open)
    w.save_action = make_action(w, "&Save", w.save, STD.Save)
    w.save_as_action = make_action(w, "Save &As…", w.save_as, STD.SaveAs)
    w.close_action = make_action(w, "&Close", w.close_pack, "Ctrl+W")
    w.export_pdf_action = make_action(w, "Export &PDF…", lambda: w.export_dialog("pdf"), "Ctrl+E")
    w.export_docx_action = make_action(
        w, "Export &DOCX…", lambda: w.export_dialog("docx"), "Ctrl+Shift+E"
    )
    w.print_action = make_action(w, "&Print…", w.print_dialog, STD.Print)
    w.new_from_template_action = make_action(
        w, "New from &Template…", w.new_from_template_dialog, "Ctrl+Shift+N"
    )
    w.save_as_template_action = make_action(w, "Save as Te&mplate…", w.save_as_template_dialog)
    w.save_bundle_action = make_action(
        w,
        "Save as &Bundle…",
        w.save_bundle_dialog,
        tip="Save the pack and its pictures in one .bpackz file to send to a colleague",
    )
    w.quit_action = make_action(w, "&Quit", w.quit_app, STD.Quit)
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    # Actions that start a job or replace the pack wait while a job runs.
    w.job_actions = [
        w.new_action,
        w.open_action,
        w.save_action,
        w.save_as_action,
        w.close_action,
        w.export_pdf_action,
        w.export_docx_action,
        w.print_action,
        w.new_from_template_action,
        w.save_as_template_action,
        w.save_bundle_action,
    ]
    _build_edit_actions(w)
    _build_section_actions(w)
    w.about_action = make_action(w, "&About briefpack", w.about)


def _text_call(method: str) -> Callable[[], None]:
    """Call `method` (cut, copy, paste, selectAll) on the focused text widget, if it has it."""

    def call() -> None:
        widget = QApplication.focusWidget()
        function = getattr(widget, method, None)
        if callable(function):
            function()

    return call


def _build_edit_actions(w: MainWindow) -> None:
    w.undo_action = w.stack.createUndoAction(w, "&Undo")
    w.undo_action.setShortcut(QKeySequence(STD.Undo))
    w.redo_action = w.stack.createRedoAction(w, "&Redo")
    w.redo_action.setShortcuts([QKeySequence(STD.Redo), QKeySequence("Ctrl+Y")])
    w.addAction(w.undo_action)
    w.addAction(w.redo_action)
    # Text widgets take these keys themselves; the menu items do the same for the mouse.
    w.cut_action = _menu_only(w, "Cu&t", "cut", STD.Cut)
    w.copy_action = _menu_only(w, "&Copy", "copy", STD.Copy)
    w.paste_action = _menu_only(w, "&Paste", "paste", STD.Paste)
    w.select_all_action = _menu_only(w, "Select &All", "selectAll", STD.SelectAll)


def _menu_only(w: MainWindow, text: str, method: str, key: QKeySequence.StandardKey) -> QAction:
    """An Edit menu item showing its standard key without claiming it (no ambiguity with the
    text field that has focus, which handles the key itself)."""
    shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    action = QAction(f"{text}\t{shown}", w)
    action.triggered.connect(_text_call(method))
    return action


def _build_section_actions(w: MainWindow) -> None:
    w.insert_actions = {}
    for n, kind in enumerate(SECTION_KINDS, start=1):
        label = editing.KIND_LABELS[kind]
        action = make_action(
            w,
            label,
            lambda _c=False, k=kind: w.insert_section(k),
            f"Ctrl+{n}",
            f"Add a {label.lower()} section after the selected one",
        )
        action.setIcon(kind_icon(kind))
        action.setObjectName(f"insert_{kind}")
        w.insert_actions[kind] = action
    w.duplicate_action = make_action(w, "D&uplicate Section", w.duplicate_section, "Ctrl+D")
    w.delete_action = make_action(w, "&Delete Section", w.delete_section, STD.Delete)
    # Delete means "delete the section" only in the outline; in a text field it deletes text.
    w.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    w.removeAction(w.delete_action)
    w.outline.addAction(w.delete_action)
    w.move_up_action = make_action(
        w, "Move Section &Up", lambda: w.move_section(-1), "Ctrl+Shift+Up"
    )
    w.move_down_action = make_action(
        w, "Move Section Do&wn", lambda: w.move_section(+1), "Ctrl+Shift+Down"
    )
    w.edit_section_action = QAction("&Edit Section", w)
    w.edit_section_action.setShortcuts([QKeySequence("F2")])
    w.edit_section_action.setStatusTip("Go to the selected section's first field (Enter or F2)")
    w.edit_section_action.triggered.connect(lambda: w.focus_editor())
    w.addAction(w.edit_section_action)
    for action, icon_text in (
        (w.move_up_action, "▲"),
        (w.move_down_action, "▼"),
        (w.duplicate_action, "Duplicate"),
        (w.delete_action, "Delete"),
    ):
        w.outline_toolbar.addAction(action)
        action.setIconText(icon_text)


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    _add(file_menu, w.new_action, w.new_from_template_action, w.open_action)
    w.recent_menu = QMenu("Open &Recent", w)
    w.recent_menu.aboutToShow.connect(w._fill_recent_menu)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    _add(
        file_menu,
        w.save_action,
        w.save_as_action,
        w.save_as_template_action,
        w.save_bundle_action,
    )
    file_menu.addSeparator()
    _add(file_menu, w.export_pdf_action, w.export_docx_action, w.print_action)
    file_menu.addSeparator()
    _add(file_menu, w.close_action, w.quit_action)

    w.edit_menu = bar.addMenu("&Edit")
    _add(w.edit_menu, w.undo_action, w.redo_action)
    w.edit_menu.addSeparator()
    _add(w.edit_menu, w.cut_action, w.copy_action, w.paste_action, w.select_all_action)
    w.edit_menu.addSeparator()
    bar_ = w.find_bar
    _add(w.edit_menu, bar_.find_action, bar_.find_next_action, bar_.find_previous_action)

    w.insert_menu = bar.addMenu("&Insert")
    _add(w.insert_menu, *w.insert_actions.values())

    section_menu = bar.addMenu("&Section")
    _add(section_menu, w.edit_section_action)
    section_menu.addSeparator()
    _add(section_menu, w.move_up_action, w.move_down_action, w.duplicate_action)
    section_menu.addSeparator()
    _add(section_menu, w.delete_action)

    add_menu = QMenu("Add", w)
    _add(add_menu, *w.insert_actions.values())
    add = add_menu.menuAction()
    add.setText("Add ▾")
    w.outline_toolbar.insertAction(w.move_up_action, add)
    w.outline_toolbar.insertSeparator(w.move_up_action)

    _build_format_menu(w, bar.addMenu("F&ormat"))
    _build_view_menu(w, bar.addMenu("&View"))
    help_menu = bar.addMenu("&Help")
    _add(help_menu, w.about_action)


def _build_view_menu(w: MainWindow, view_menu: QMenu) -> None:
    for dock in (
        w.outline_dock,
        w.settings_dock,
        w.history_dock,
        w.checks_dock,
        w.library_dock,
        w.preview_dock,
    ):
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    _build_go_to_menu(w, view_menu.addMenu("&Go To"))
    view_menu.addSeparator()
    preview = w.preview
    _add(
        view_menu,
        preview.zoom_in_action,
        preview.zoom_out_action,
        preview.fit_width_action,
        preview.fit_page_action,
    )
    preview.zoom_in_action.setShortcut(QKeySequence(STD.ZoomIn))
    preview.zoom_out_action.setShortcut(QKeySequence(STD.ZoomOut))


# The text toolbar's buttons, also in the Format menu so that a button the toolbar had to
# fold away (a narrow window) is still a key press away: (menu text, key shown, action name).
FORMAT_ITEMS = (
    ("&Bold", "Ctrl+B", "bold_action"),
    ("&Italic", "Ctrl+I", "italic_action"),
    ("&Bulleted List", "", "bullets_action"),
    ("&Numbered List", "", "numbers_action"),
    ("&Link…", "Ctrl+K", "link_action"),
)


def markdown_field_in_use(w: MainWindow) -> MarkdownField | None:
    """The rich text field with the keyboard, else the selected section's first one."""
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, MarkdownField):
        widget = widget.parentWidget()
    if widget is not None:
        return widget
    editor = w.editor.current_editor
    return editor.markdown_fields[0] if editor is not None and editor.markdown_fields else None


def _format_call(w: MainWindow, name: str) -> Callable[[], None]:
    def call() -> None:
        field = markdown_field_in_use(w)
        if field is None:
            w.statusBar().showMessage("This section has no text to format", 4000)
            return
        getattr(field, name).trigger()

    return call


def _build_format_menu(w: MainWindow, menu: QMenu) -> None:
    for text, key, name in FORMAT_ITEMS:
        # The key is shown, not claimed: the text field handles it itself.
        action = menu.addAction(f"{text}\t{key}" if key else text)
        action.triggered.connect(_format_call(w, name))
    menu.addSeparator()
    w.plain_markdown_action = make_action(
        w, "&Plain Markdown", _format_call(w, "plain_action"), "Ctrl+Shift+M"
    )
    menu.addAction(w.plain_markdown_action)


def _build_go_to_menu(w: MainWindow, menu: QMenu) -> None:
    """Bring a pane to the front and put the keyboard in it (F6 / Shift+F6 cycle them)."""
    panes = (
        ("&Outline", w.outline_dock, w.outline),
        ("Section &Editor", None, None),
        ("&Pack Settings", w.settings_dock, None),
        ("&History", w.history_dock, w.history),
        ("Chec&ks", w.checks_dock, None),
        ("&Library", w.library_dock, None),
        ("Pre&view", w.preview_dock, w.preview.view),
    )
    w.go_to_actions = {}
    for text, dock, widget in panes:
        action = menu.addAction(text)
        action.triggered.connect(lambda _c=False, d=dock, f=widget: w.go_to_pane(d, f))
        w.go_to_actions[text.replace("&", "")] = action
    menu.addSeparator()
    next_pane = make_action(w, "Next Pane", lambda: w.cycle_panes(True), "F6")
    previous_pane = make_action(w, "Previous Pane", lambda: w.cycle_panes(False), "Shift+F6")
    _add(menu, next_pane, previous_pane)


def _add(menu: QMenu | QWidget, *actions: QAction) -> None:
    for action in actions:
        menu.addAction(action)
