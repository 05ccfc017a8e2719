"""The brand editor: name, logo, colours, font, size, header/footer and marking, with a live
preview rendered off the UI thread (gui/brand_preview.py); saves to the user's brands folder,
imports and exports brand files. What it offers and how it treats built-in brands are model
rules (model/brand_choices.py); the brand store refuses a built-in brand's id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.brand_preview import BrandPreviewRenderer
from briefpack.gui.document import PackDocument
from briefpack.gui.editors import MARKING_CHOICES
from briefpack.gui.library_dialogs import ConflictDialog
from briefpack.gui.preview import load_pdf_bytes
from briefpack.model import filegate
from briefpack.model.brand import Brand, find_brand, list_brands
from briefpack.model.brand_choices import (
    FONT_CHOICES,
    editable_identity,
    font_choice,
    fonts_for_choice,
)
from briefpack.model.brand_store import export_brand, import_brand, save_user_brand
from briefpack.model.conflicts import ConflictError, OnConflict
from briefpack.model.errors import BriefpackError

BRAND_FILTER = "briefpack brands (*.json);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"
COLOURS = {"primary": "Primary", "accent": "Accent", "text": "Text", "muted": "Muted text"}
PREVIEW_DELAY_MS = 400
THUMB = 48


class ColourButton(QPushButton):
    """A button showing its colour; clicking asks for a new one."""

    colourChanged = Signal(str)

    def __init__(self, colour: str, ask: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ask = ask
        self.colour = ""
        self.set_colour(colour)
        self.clicked.connect(self._pick)

    def set_colour(self, colour: str) -> None:
        self.colour = colour.upper()
        text = "#FFFFFF" if QColor(colour).lightnessF() < 0.55 else "#000000"
        self.setText(self.colour)
        # A border makes the style draw a flat button in exactly this colour.
        self.setStyleSheet(
            f"background-color: {self.colour}; color: {text}; border: 1px solid #666;"
            " border-radius: 3px; padding: 4px 10px;"
        )
        self.colourChanged.emit(self.colour)

    def _pick(self) -> None:
        picked = self.ask(self.colour)
        if picked:
            self.set_colour(picked)


class BrandEditor(QDialog):
    """Edit a copy of a brand; Save writes it to the user's folder."""

    brandsChanged = Signal()

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Brands")
        self.setObjectName("brand_editor")
        self.doc = doc
        self.base: Brand = find_brand("default")
        self.logo_source: Path | None = None  # a logo newly picked by the user
        self._logo_removed = False
        self.renders = 0  # previews shown (or failed), for tests
        self.pdf_bytes = b""
        self.preview_error = ""
        self._build()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.render_preview)
        self.renderer = BrandPreviewRenderer(self)
        self.renderer.rendered.connect(self._show_pdf)
        self.renderer.failed.connect(self._show_preview_error)
        self._fill_brands(doc.pack.meta.brand)
        self._fit_to_screen()

    # ---- layout ----------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """1100 × 760 where there is room; on a small screen (1024 × 700) no taller or wider
        than it, so the Save and Close buttons under the fields stay on screen."""
        screen = (self.parentWidget() or self).screen()
        area = screen.availableGeometry()
        self.resize(min(1100, area.width() - 40), min(760, area.height() - 60))

    def _build(self) -> None:
        self.brands = QComboBox()
        self.brands.setObjectName("brand_choice")
        self.brands.currentIndexChanged.connect(lambda _i: self._load_chosen())
        self.id = QLineEdit()
        self.name = QLineEdit()
        self.logo_thumb = QLabel()
        self.logo_thumb.setFixedSize(THUMB * 2, THUMB)
        self.logo_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_thumb.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.logo_name = QLabel()
        choose_logo = QPushButton("Choose…")
        choose_logo.clicked.connect(self.choose_logo)
        no_logo = QPushButton("No logo")
        no_logo.clicked.connect(lambda: self.set_logo(None))
        self.colours = {f: ColourButton("#000000", lambda c: self.ask_colour(c)) for f in COLOURS}
        self.font_family = QComboBox()
        for family in FONT_CHOICES:
            self.font_family.addItem(family, family)
        self.body_size = QDoubleSpinBox()
        self.body_size.setRange(8, 24)
        self.body_size.setSingleStep(0.5)
        self.body_size.setSuffix(" pt")
        self.header = QLineEdit()
        self.footer = QLineEdit()
        self.footer.setPlaceholderText("(blank: each pack's own title)")
        self.marking = QComboBox()
        for value, text in MARKING_CHOICES.items():
            self.marking.addItem(text, value)

        logo_row = QHBoxLayout()
        for widget in (self.logo_thumb, choose_logo, no_logo):
            logo_row.addWidget(widget)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Start from", self.brands)
        form.addRow("Id", self.id)
        form.addRow("Name", self.name)
        form.addRow("Logo", logo_row)
        form.addRow("", self.logo_name)
        for field, label in COLOURS.items():
            form.addRow(f"{label} colour", self.colours[field])
        form.addRow("Font", self.font_family)
        form.addRow("Body size", self.body_size)
        form.addRow("Header text", self.header)
        form.addRow("Footer text", self.footer)
        form.addRow("Default marking", self.marking)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)

        buttons = QHBoxLayout()
        for text, slot in (
            ("Import…", self.import_dialog),
            ("Export…", self.export_dialog),
            ("Save", self.save),
            ("Close", self.accept),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
            button.setAutoDefault(False)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addLayout(buttons)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(440)

        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView()
        self.view.setObjectName("brand_preview")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout = QHBoxLayout(self)
        layout.addWidget(left_box)
        layout.addWidget(self.view, 1)

        for line in (self.id, self.name, self.header, self.footer):
            line.textEdited.connect(lambda _t: self.schedule())
        for combo in (self.font_family, self.marking):
            combo.currentIndexChanged.connect(lambda _i: self.schedule())
        self.body_size.valueChanged.connect(lambda _v: self.schedule())
        for button in self.colours.values():
            button.colourChanged.connect(lambda _c: self.schedule())

    def _fill_brands(self, select: str | None = None) -> None:
        self.brands.blockSignals(True)
        self.brands.clear()
        for brand in list_brands():
            kind = f" ({brand.kind})" if brand.read_only else ""
            self.brands.addItem(f"{brand.name}{kind}", brand.id)
        index = self.brands.findData(select) if select else -1
        self.brands.setCurrentIndex(max(0, index))
        self.brands.blockSignals(False)
        self._load_chosen()

    # ---- brand <-> fields ------------------------------------------------------------------

    def _load_chosen(self) -> None:
        brand_id = self.brands.currentData()
        if brand_id is None:
            return
        try:
            self.load(find_brand(brand_id))
        except BriefpackError as exc:
            self.message.setText(exc.message)

    def load(self, brand: Brand) -> None:
        """Show `brand`; a built-in or force one is edited as a new copy with its own id."""
        self.base, self.logo_source, self._logo_removed = brand, None, False
        brand_id, name = editable_identity(brand, {b.id for b in list_brands()})
        self.id.setText(brand_id)
        self.name.setText(name)
        for field, button in self.colours.items():
            button.blockSignals(True)
            button.set_colour(getattr(brand, field))
            button.blockSignals(False)
        self.font_family.setCurrentIndex(self.font_family.findData(font_choice(brand)))
        self.body_size.setValue(brand.body_size)
        self.header.setText(brand.header_text or "")
        self.footer.setText(brand.footer_text or "")
        self.marking.setCurrentIndex(max(0, self.marking.findData(brand.default_marking)))
        self._show_logo(brand.logo_path if brand.logo else None, brand.logo)
        self.render_preview()

    def brand(self) -> Brand:
        """The brand as the fields say, checked like a brand file (BriefpackError if not)."""
        data = self.base.model_dump(mode="python")
        data.update(
            id=self.id.text().strip(),
            name=self.name.text().strip() or self.id.text().strip(),
            body_size=self.body_size.value(),
            header_text=self.header.text().strip() or None,
            footer_text=self.footer.text().strip() or None,
            default_marking=self.marking.currentData(),
            **{field: button.colour for field, button in self.colours.items()},
        )
        data["fonts"] = fonts_for_choice(
            self.font_family.currentData(), self.base.fonts
        ).model_dump()
        if self.logo_source is not None:
            data["logo"] = self.logo_source.name
        elif self._logo_removed:
            data["logo"] = None
        from pydantic import ValidationError

        from briefpack.model.jsonfile import validation_error

        try:
            brand = Brand.model_validate(data)
        except ValidationError as exc:
            raise validation_error(exc, "brand") from exc
        brand._folder = self.base.folder
        return brand

    # ---- logo ------------------------------------------------------------------------------

    def choose_logo(self) -> None:
        file = self.ask_logo_file()
        if file:
            self.set_logo(Path(file))

    def set_logo(self, path: Path | None) -> None:
        self.logo_source = path
        self._logo_removed = path is None
        self._show_logo(path, path.name if path else None)
        self.schedule()

    def _show_logo(self, path: Path | None, name: str | None) -> None:
        pixmap, problem = _logo_pixmap(path)
        if pixmap.isNull():
            self.logo_thumb.setText("none" if not name else "?")
        else:
            self.logo_thumb.setPixmap(
                pixmap.scaled(
                    THUMB * 2,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.logo_name.setText(name or "")
        self.logo_thumb.setToolTip(problem or name or "No logo")

    # ---- preview ----------------------------------------------------------------------------

    def schedule(self) -> None:
        self.timer.start()

    def render_preview(self) -> bool:
        """Start rendering the current pack with the edited brand (on a worker thread: the
        preview shows it when done). False when the fields do not make a brand."""
        self.timer.stop()
        try:
            brand = self._preview_brand()
        except BriefpackError as exc:
            self._show_preview_error(exc.message)
            return False
        self.renderer.request(self.doc.pack, self.doc.files(), brand)
        return True

    def _preview_brand(self) -> Brand:
        brand = self.brand()
        if self.logo_source is not None:  # the new logo is not beside the brand file yet
            brand._folder = self.logo_source.parent
        return brand

    def _show_pdf(self, pdf: bytes) -> None:
        self._buffer = load_pdf_bytes(self.pdf, pdf, self._buffer, self)
        self.pdf_bytes = pdf
        self.preview_error = ""
        self.message.setText("")
        self.renders += 1

    def _show_preview_error(self, message: str) -> None:
        self.preview_error = message
        self.message.setText(f"Preview: {message}")
        self.renders += 1

    # ---- saving, import, export ------------------------------------------------------------

    def save(self) -> Path | None:
        """Save to the user's brands folder; the pack's brand list then offers it."""
        try:
            brand = self.brand()
            path = save_user_brand(brand, self.logo_source)  # refuses a built-in brand's id
        except BriefpackError as exc:
            self.message.setText(f"Not saved: {exc.message}")
            return None
        self.message.setText(f"Saved {brand.name} ({brand.id}) in your brands")
        self._fill_brands(brand.id)
        self.brandsChanged.emit()
        return path

    def import_dialog(self) -> bool:
        file = self.ask_file("Import brand", save=False)
        return self.import_file(Path(file)) if file else False

    def import_file(self, path: Path) -> bool:
        try:
            try:
                result = import_brand(path)
            except ConflictError as exc:
                choice = self.ask_conflict(exc.conflict)
                if choice is None:
                    return False
                result = import_brand(path, choice)
        except BriefpackError as exc:
            self.message.setText(f"Not imported: {exc.message}")
            return False
        self.message.setText(f"{result.name}: {result.action}")
        self._fill_brands(result.name)
        self.brandsChanged.emit()
        return True

    def export_dialog(self) -> bool:
        file = self.ask_file("Export brand", save=True)
        return self.export_file(Path(file)) if file else False

    def export_file(self, path: Path) -> bool:
        """Export the brand chosen in "Start from" (save your edits first)."""
        try:
            export_brand(str(self.brands.currentData()), path)
        except BriefpackError as exc:
            self.message.setText(f"Not exported: {exc.message}")
            return False
        self.message.setText(f"Exported {path.name}")
        return True

    # ---- questions (tests replace these) ------------------------------------------------------

    def ask_colour(self, current: str) -> str | None:
        colour = QColorDialog.getColor(QColor(current), self, "Choose a colour")
        return colour.name().upper() if colour.isValid() else None

    def ask_logo_file(self) -> str:
        return QFileDialog.getOpenFileName(self, "Choose a logo", str(Path.home()), IMAGE_FILTER)[0]

    def ask_file(self, title: str, *, save: bool) -> str:
        start = str(Path.home() / "brand.json")
        if save:
            return QFileDialog.getSaveFileName(self, title, start, BRAND_FILTER)[0]
        return QFileDialog.getOpenFileName(self, title, str(Path.home()), BRAND_FILTER)[0]

    def ask_conflict(self, message: str) -> OnConflict | None:
        """Keep both, replace or skip, asked as the library import asks; None if cancelled."""
        dialog = ConflictDialog("Import brand", message, self)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def refill_brand_combo(combo: QComboBox, current: str) -> None:
    """List every brand again in the pack settings' brand box, `current` chosen."""
    combo.blockSignals(True)
    combo.clear()
    for brand in list_brands():
        combo.addItem(brand.name, brand.id)
    index = combo.findData(current)
    if index < 0:
        combo.addItem(f"{current} (not installed)", current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


def _logo_pixmap(path: Path | None) -> tuple[QPixmap, str]:
    """The logo for the thumbnail, read through the file gate (Qt never opens the path: a
    FIFO or device named as a logo must not hang the window); a refusal gives its reason."""
    pixmap = QPixmap()
    if path is None:
        return pixmap, ""
    try:
        pixmap.loadFromData(filegate.read_image(path, shown=path.name).data)
    except filegate.FileRefused as exc:
        return QPixmap(), exc.problem
    return pixmap, ""
