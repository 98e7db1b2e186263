"""Which parts of Qt the bundle keeps: the application uses QtCore, QtGui and QtWidgets only.

Used by ``shiraoka-dx.spec`` and by the hooks in ``installer/hooks/``, which replace
PyInstaller's own hooks for those three modules with the same collection minus the
plugins and translations filtered out here.  Filtering in the hooks, before PyInstaller
scans the plugins for the shared libraries they need, keeps those libraries out too (the
GTK platform theme alone would drag in GTK, cairo and pango); the spec applies the same
filter again to the final file list as a safety net.
"""

from __future__ import annotations

import re

__all__ = ["QT_USED", "keep"]

# The PySide6 modules the application imports (the spec checks the package's source against this).
QT_USED = frozenset({"QtCore", "QtGui", "QtWidgets"})

# Plugins kept, by plugin folder; a folder not listed is dropped whole.  None keeps the whole folder.
PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # windows: Windows; xcb: X11 (and XWayland); offscreen and minimal: headless runs and CI.
    "platforms": frozenset({"qwindows", "qxcb", "qoffscreen", "qminimal"}),
    # Linux file dialogs through the desktop portal (no GTK).
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Japanese input on Linux goes through ibus (or compose); Windows IME needs no plugin.
    "platforminputcontexts": frozenset({"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}),
    # PNG is built into QtGui (the window icon is a PNG); ICO for Windows icons.
    "imageformats": frozenset({"qico"}),
    # Windows: qmodernwindowsstyle, the Windows 10/11 look (without it Qt falls back to the Windows 95 style).
    "styles": None,
    # X11 OpenGL glue, loaded by the xcb platform plugin; tiny.
    "xcbglintegrations": None,
}
# Dropped folders, for the record: generic (evdev/TUIO input for eglfs; TUIO needs QtNetwork),
# iconengines (SVG icons, needs QtSvg), egldeviceintegrations, wayland-* (Wayland sessions use
# xcb through XWayland), networkinformation, tls, printsupport, sqldrivers, qmltooling, designer.

# Qt libraries only dropped plugins or unused modules need.
LIBRARIES_DROPPED = re.compile(
    r"Qt6(Svg|Network|Qml|Quick|Wayland|Wl|EglFS|EglFs|VirtualKeyboard|Pdf|Multimedia|OpenGLWidgets|"
    r"PrintSupport|Sql|Test|Designer|Help|UiTools|Lottie|Labs|Charts|Graphs|WebEngine|WebChannel|3D)",
    re.IGNORECASE,
)
# Windows: the software OpenGL renderer (about 20 MB) and the Direct3D shader compiler serve
# OpenGL and Qt Quick; Qt Widgets paint with the raster engine and never load them.
WINDOWS_EXTRAS_DROPPED = frozenset({"opengl32sw.dll"})
_D3DCOMPILER = re.compile(r"d3dcompiler_\d+\.dll", re.IGNORECASE)

# Qt's own translations: Japanese only (qt_ja.qm is a catalogue that loads qtbase_ja.qm).
TRANSLATIONS_KEPT = frozenset({"qt_ja.qm", "qtbase_ja.qm"})


def _plugin_name(filename: str) -> str:
    stem = filename.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest_dir: str, filename: str) -> bool:
    """Whether a file PyInstaller would put in ``dest_dir`` (relative to the bundle) stays."""
    parts = [part for part in dest_dir.replace("\\", "/").split("/") if part and part != "."]
    if not parts or parts[0] != "PySide6":
        return True
    if "plugins" in parts:
        at = parts.index("plugins")
        folder = parts[at + 1] if len(parts) > at + 1 else ""
        if folder not in PLUGINS_KEPT:
            return False
        kept = PLUGINS_KEPT[folder]
        return kept is None or _plugin_name(filename) in kept
    if "translations" in parts or filename.endswith(".qm"):
        return filename in TRANSLATIONS_KEPT
    if filename.lower() in WINDOWS_EXTRAS_DROPPED or _D3DCOMPILER.fullmatch(filename):
        return False
    return not LIBRARIES_DROPPED.search(filename)


def keep_toc_entry(dest_name: str) -> bool:
    """The same test for an entry of the spec's final lists (``dest_name`` is a file path)."""
    dest_name = dest_name.replace("\\", "/")
    folder, _, filename = dest_name.rpartition("/")
    return keep(folder, filename)
