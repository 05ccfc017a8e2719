"""Small painted icons, one per section kind (no image files to ship or theme)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

KIND_BADGES: dict[str, tuple[str, str]] = {
    "text": ("¶", "#3B6EA8"),
    "threat_level": ("!", "#C8102E"),
    "callout": ("☎", "#B35C00"),
    "quote": ("“", "#6B4FA0"),
    "statistics": ("#", "#1E7A4C"),
    "links": ("@", "#007C91"),
    "image": ("▣", "#5C6B7A"),
    "page_break": ("⤓", "#8A8F96"),
}


@cache
def kind_icon(kind: str) -> QIcon:
    glyph, colour = KIND_BADGES.get(kind, ("?", "#888888"))
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        rect = QRectF(0.5, 0.5, size - 1, size - 1)
        painter.drawRoundedRect(rect, size * 0.22, size * 0.22)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.68))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
