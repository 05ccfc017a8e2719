"""File ▸ Export lists every output format of render/formats.py, and Edit ▸ Copy as Rich Text
puts the handout on the clipboard as HTML for email and plain text (issue 14, point 4)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from briefpack.render.formats import FORMATS


def _menu(window, title: str):
    bar = window.menuBar()
    return next(a.menu() for a in bar.actions() if a.text().replace("&", "") == title)


def _entries(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_the_export_submenu_offers_every_format(window):
    file_menu = _menu(window, "File")
    export = next(a.menu() for a in file_menu.actions() if a.text().replace("&", "") == "Export")
    assert _entries(export) == [f.menu_text.replace("&", "") for f in FORMATS]
    assert {"Web Page…", "Email Draft…"} <= set(_entries(export))
    assert all(window.menu_actions[f"export_{f.name}"].isEnabled() for f in FORMATS)


def test_each_export_item_writes_its_format(window, tmp_path):
    for output in FORMATS:
        target = tmp_path / f"handout{output.suffix}"
        assert window.output.export_to(target, output.name), output.name
        output.verify(target.read_bytes(), target)


def test_copy_as_rich_text_puts_html_and_plain_text_on_the_clipboard(window, qtbot):
    QGuiApplication.clipboard().clear()
    action = window.menu_actions["copy_rich_text"]
    assert "Copy as Rich Text" in _entries(_menu(window, "Edit"))
    action.trigger()
    data = QGuiApplication.clipboard().mimeData()
    title = window.doc.pack.meta.title
    assert data.hasHtml() and data.hasText()
    assert title in data.html() and "<script" not in data.html().lower()
    assert title in data.text() and "<" not in data.text().split("\n", 1)[0]
    assert 'src="cid:' not in data.html()  # pictures travel inline, not as mail parts
    assert window.statusBar().currentMessage().startswith("Copied the handout")


def _mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), lower-cased."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def _menus(menu):
    yield menu
    for action in menu.actions():
        if action.menu():
            yield from _menus(action.menu())


def test_no_two_items_of_one_menu_share_a_keyboard_letter(window):
    """Alt+F, E, then a letter must reach one item: two items with one letter only cycle."""
    for top in window.menuBar().actions():
        for menu in _menus(top.menu()):
            letters = [_mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
            taken = [x for x in letters if x]
            clashes = {x for x in taken if taken.count(x) > 1}
            assert not clashes, f"{menu.title()}: {sorted(clashes)} used twice"
