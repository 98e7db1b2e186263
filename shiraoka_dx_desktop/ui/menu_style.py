"""Menus whose items are as wide as their text is drawn with the bundled font.

The style is set on the menus once the window is shown, not on the application:
QProxyStyle costs start-up time to load, and every other widget would pay a Python call
each time Qt measures it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QMenu, QProxyStyle, QStyle, QStyleOption, QStyleOptionMenuItem, QWidget

__all__ = ["MenuTextStyle", "widen_menu"]

_NAME = "menuTextStyle"


class MenuTextStyle(QProxyStyle):
    """Menu items as wide as their text is drawn.

    QMenu sizes an item by the text's layout rectangle, but the style elides it against
    the text's advance, which for BIZ UDPGothic is a pixel or two wider (the final
    「…」 and bracket glyphs): without this, 「バックアップから復元(R)…」 reads
    「バックアップ…元(R)…」.
    """

    def sizeFromContents(  # noqa: N802
        self, kind: QStyle.ContentsType, option: QStyleOption, size: QSize, widget: QWidget | None = None
    ) -> QSize:
        result = super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]  # Qt accepts no widget
        if kind == QStyle.ContentsType.CT_MenuItem and isinstance(option, QStyleOptionMenuItem):
            label = option.text.split("\t", 1)[0]
            metrics = QFontMetrics(option.font)
            flags = Qt.TextFlag.TextSingleLine | Qt.TextFlag.TextShowMnemonic
            measured = metrics.boundingRect(QRect(), flags, label).width()
            drawn = metrics.horizontalAdvance(label.replace("&&", "\0").replace("&", "").replace("\0", "&"))
            # and one full-width character more: Fusion's eliding also counts the mnemonic's underline and margins
            result.setWidth(result.width() + max(0, drawn - measured) + metrics.horizontalAdvance("漢"))
        return result


def widen_menu(menu: QMenu, owner: QObject) -> None:
    """Give ``menu`` the widening style (one style object per ``owner``)."""
    if isinstance(menu.style(), MenuTextStyle):
        return
    style = owner.findChild(QProxyStyle, _NAME)
    if style is None:
        application = QApplication.instance()
        style = MenuTextStyle(application.style().name() if isinstance(application, QApplication) else "fusion")
        style.setObjectName(_NAME)
        style.setParent(owner)
    menu.setStyle(style)
