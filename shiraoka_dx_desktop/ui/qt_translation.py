"""Qt's own words in Japanese: the translation Qt ships, and the file dialog's strings it lacks.

Qt's translation is installed at start-up and answers from C++.  The file dialog's
missing strings need a translator written in Python, which Qt then asks for every string
it shows (about 850 calls while the main window is built), so it replaces the shipped one
only when the first file dialog is about to open.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

__all__ = ["complete_file_dialog_strings", "install_japanese_translation"]

_SHIPPED_NAME = "qtbaseJapanese"

# Strings of Qt's own file dialog that the Japanese translation shipped with Qt 6.11 lacks
# (they gained a mnemonic and so a new source text): without these the dialog is half English.
_MISSING_QT_STRINGS = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
    ("QAbstractFileIconProvider", "Folder"): "フォルダー",
    ("QAbstractFileIconProvider", "Drive"): "ドライブ",
    ("QAbstractFileIconProvider", "File"): "ファイル",
    ("QAbstractFileIconProvider", "%1 File"): "%1 ファイル",
}


class _CompletedTranslation(QTranslator):
    """Qt's shipped Japanese translation, with the strings it lacks filled in.

    One translator that answers every string (PySide cannot return "no translation",
    so the source text stands where neither has one, as Qt itself would show it).
    """

    def __init__(self, shipped: QTranslator, parent: QObject) -> None:
        super().__init__(parent)
        self._shipped = shipped

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        missing = _MISSING_QT_STRINGS.get((context, source))
        return missing or self._shipped.translate(context, source, disambiguation, n) or source

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def install_japanese_translation(app: QCoreApplication) -> bool:
    """Qt's own buttons and dialogs (はい／いいえ／キャンセル) in Japanese, from the translations Qt ships."""
    shipped = QTranslator(app)
    shipped.setObjectName(_SHIPPED_NAME)
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not shipped.load(QLocale("ja_JP"), "qtbase", "_", translations):
        return False
    # Dates and numbers in Qt's own dialogs (the file dialog's 更新日) read the Japanese way.
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    return app.installTranslator(shipped)


def complete_file_dialog_strings() -> None:
    """Before a file dialog opens: the shipped translation gives way to one that also has its missing strings."""
    app = QCoreApplication.instance()
    if app is None or app.findChild(_CompletedTranslation) is not None:
        return
    shipped = app.findChild(QTranslator, _SHIPPED_NAME)
    if shipped is None:  # Qt's translations are not installed: nothing to complete
        return
    app.removeTranslator(shipped)
    app.installTranslator(_CompletedTranslation(shipped, app))
