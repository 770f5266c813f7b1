"""What goes into the frozen app: shared by ``reviewer.spec`` and ``build.py``.

Plain Python (no PyInstaller import), so the build script, the spec and the
tests read the same names, version and font choice.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"

APP_NAME = "reviewer"  # the executable and the one-folder app's name
DISPLAY_NAME = "评审工作台"
BUNDLE_ID = "cn.reviewer.workbench"
#: The expert's work package (the file an organiser hands out and collects).
PACKAGE_EXTENSION = "rvpkg"
PACKAGE_UTI = f"{BUNDLE_ID}.package"


def version() -> str:
    """``__version__`` from ``reviewer/__init__.py`` (the one place it is written), without importing it."""
    tree = ast.parse((REPO / "reviewer" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise RuntimeError("reviewer/__init__.py defines no __version__")


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64``: the archive's suffix."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    return f"{system}-{ {'amd64': 'x86_64', 'aarch64': 'arm64'}.get(machine, machine) }"


# --- the CJK font ------------------------------------------------------------------

#: Fonts that may be bundled, with the licence text shipped beside them (first found wins).
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/doc/fonts-wqy-microhei/copyright"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/doc/fonts-noto-cjk/copyright"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/licenses/google-noto-cjk-fonts/LICENSE"),
)
LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "OFL.txt", "COPYING", "copyright")
FONT_ENV, FONT_LICENSE_ENV = "REVIEWER_CJK_FONT", "REVIEWER_CJK_FONT_LICENSE"


class FontNotFound(SystemExit):
    """No CJK font to bundle, or no licence text for it: the build stops with this message."""


@dataclass(frozen=True)
class Font:
    path: Path
    license: Path

    @property
    def license_name(self) -> str:
        return f"{self.path.stem}-LICENSE.txt"


def find_cjk_font(font: str | None = None, license: str | None = None) -> Font:
    """The font named (argument, else $REVIEWER_CJK_FONT), else the first candidate on this machine."""
    font = font or os.environ.get(FONT_ENV)
    license = license or os.environ.get(FONT_LICENSE_ENV)
    if font:
        path = Path(font)
        if not path.is_file():
            raise FontNotFound(f"CJK font {path} does not exist (from --font or ${FONT_ENV})")
        return Font(path, _license_for(path, license))
    for candidate, candidate_license in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Font(Path(candidate), _license_for(Path(candidate), license or candidate_license))
    raise FontNotFound(
        "No CJK font to bundle. Install one (Debian: apt-get install fonts-wqy-microhei) or name a "
        f".ttf/.otf/.ttc with --font PATH (or ${FONT_ENV}) and its licence with --font-license PATH. "
        f"Looked for: {', '.join(c for c, _ in FONT_CANDIDATES)}")


def _license_for(font: Path, license: str | None) -> Path:
    candidates = [Path(license)] if license else [font.parent / name for name in LICENSE_NAMES]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FontNotFound(f"No licence text for the font {font}: the app must ship it. "
                       f"Name it with --font-license PATH (or ${FONT_LICENSE_ENV}); looked for {[str(c) for c in candidates]}")


# --- what is left out ---------------------------------------------------------------

#: Python modules never needed at run time (PyInstaller's excludes).
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc_data", "lib2to3", "ensurepip", "venv",
    "test", "pytest", "_pytest", "pytestqt", "pluggy", "py", "importlinter", "grimp", "rich", "pygments",
    "IPython", "jupyter_client", "ipykernel", "notebook", "sphinx", "PyInstaller", "setuptools", "pip",
    "numpy.f2py", "numpy.distutils", "matplotlib.tests", "matplotlib.testing", "pandas.tests", "pandas.conftest",
    "PyQt5", "PyQt6", "PySide2", "tornado", "gi", "cairo", "wx", "readline",
    # Parts of the libraries nothing here uses: AVIF and Tk images, lxml's objectify and HTML tools,
    # database servers (the store is SQLite), Python's TLS (no network; hashlib's OpenSSL stays:
    # work packages derive keys with hashlib.scrypt).
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt",
    "lxml.objectify", "lxml.html", "lxml.isoschematron",
    *(f"sqlalchemy.dialects.{d}" for d in ("mysql", "postgresql", "oracle", "mssql")),
    "ssl", "_ssl",
    # Qt modules the app does not use (PyInstaller collects only what is imported; this keeps it so).
    *(f"PySide6.{m}" for m in (
        "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuickTest", "QtQmlFeatures", "QtLabsStyleKit",
        "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras", "QtQuick3D",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets", "QtWebView",
        "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtTextToSpeech", "QtCharts", "QtDataVisualization",
        "QtGraphs", "QtDesigner", "QtHelp", "QtUiTools", "QtTest", "QtSql", "QtXml", "QtConcurrent", "QtBluetooth",
        "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects",
        "QtScxml", "QtStateMachine", "QtHttpServer", "QtNetworkAuth", "QtOpenGLWidgets", "QtAxContainer",
        # Qt's libraries for these stay (QtPdf and QtGui link them); their Python bindings are unused.
        "QtNetwork", "QtDBus",
    )),
]

#: Packages whose modules read data files by a path relative to their own ``__file__``; PyInstaller keeps
#: modules in its archive, so such a folder does not exist and ``..`` cannot resolve from it. python-docx:
#: ``docx/parts/hdrftr.py`` opens ``docx/parts/../templates/default-footer.xml`` (every footer, header,
#: comment), so ``docx.parts`` is also collected as source files, which makes ``docx/parts/`` a folder.
#: openpyxl, pypdf, matplotlib and cryptography find theirs otherwise (the bundle check exercises each).
MODULES_ON_DISK = ("docx.parts",)

#: Qt plugin folders (under PySide6/Qt/plugins) not shipped.
QT_PLUGIN_DIRS_LEFT_OUT = {
    "designer", "qmltooling", "sqldrivers", "tls", "networkinformation", "egldeviceintegrations", "generic",
    "wayland-graphics-integration-server", "vectorimageformats",
}
#: Single Qt plugins not shipped (named without "lib" and suffix, as on every platform): the GTK
#: theme (it would bring GTK's whole stack; the app draws its own Fusion look), embedded-device
#: platforms, the QML virtual keyboard, image formats no application form holds.
QT_PLUGINS_LEFT_OUT = {
    "qgtk3", "qeglfs", "qlinuxfb", "qvnc", "qminimalegl", "qvkkhrdisplay", "qtvirtualkeyboardplugin", "qdirect2d",
    "qtiff", "qwebp", "qtga", "qwbmp", "qicns",
}
#: Qt shared libraries that only the plugins above (or QML) need.
QT_LIBS_LEFT_OUT = ("Qt6Qml", "Qt6Quick", "Qt6EglFS", "Qt6WaylandCompositor", "Qt6VirtualKeyboard", "Qt6Designer",
                    "Qt6LabsStyleKit", "Qt6Lottie", "Qt6Sql", "Qt6Test")
#: Windows files not shipped: Mesa's software OpenGL (opengl32sw.dll, ~20 MB), Qt's fallback where the
#: graphics driver has no OpenGL; the app's widgets and QtPdf draw with Qt's raster engine, not OpenGL.
WINDOWS_LEFT_OUT = {"opengl32sw.dll"}
#: Data not shipped: matplotlib's example data, and its fonts for math typesetting (STIX,
#: Computer Modern), serif and monospace text and PostScript/PDF core fonts. Charts keep
#: DejaVu Sans (and need the bundled CJK font for Chinese labels anyway).
DATA_LEFT_OUT = tuple(f"matplotlib/mpl-data/{pattern}" for pattern in (
    "sample_data/*", "fonts/afm/*", "fonts/pdfcorefonts/*",
    "fonts/ttf/STIX*", "fonts/ttf/cm*", "fonts/ttf/DejaVuSerif*", "fonts/ttf/DejaVuSansMono*",
))
#: Linux libraries taken from the system, as AppImage's exclude list does: every desktop has
#: them, and they must match it (fontconfig reads the system's fonts.conf, D-Bus talks to the
#: session bus, X11 to the server). packaging/debian-packages.txt brings them; docs/platforms.md says so.
LINUX_SYSTEM_LIBRARIES = ("libfontconfig.so", "libfreetype.so", "libX11.so", "libX11-xcb.so", "libdbus-1.so",
                          "libexpat.so")
#: Qt's own translations kept (the app loads qtbase_zh_CN; English needs none, qtbase_en is tiny).
QT_TRANSLATIONS_KEPT = {"qtbase_zh_CN.qm", "qtbase_en.qm"}


def keep(dest: str) -> bool:
    """Whether a file PyInstaller collected (by its path in the bundle) is shipped."""
    parts = Path(dest.replace("\\", "/")).parts
    name, in_qt = parts[-1], parts[0] == "PySide6"
    if any(fnmatch.fnmatch("/".join(parts), pattern) for pattern in DATA_LEFT_OUT):
        return False
    if sys.platform.startswith("linux") and len(parts) == 1 and name.startswith(LINUX_SYSTEM_LIBRARIES):
        return False
    if in_qt and "translations" in parts[:-1] and name.endswith(".qm"):
        return name in QT_TRANSLATIONS_KEPT
    if in_qt and "plugins" in parts[:-2]:
        folder, plugin = parts[parts.index("plugins") + 1], name.split(".")[0].removeprefix("lib")
        return folder not in QT_PLUGIN_DIRS_LEFT_OUT and plugin not in QT_PLUGINS_LEFT_OUT
    if in_qt and name.lower() in WINDOWS_LEFT_OUT:
        return False
    return not (in_qt and any(library in name for library in QT_LIBS_LEFT_OUT))


# --- Linux: libraries nothing kept links to, and symbols out --------------------------------

def linked_from_what_is_kept(binaries: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The binaries a kept extension module or plugin links to, directly or not; and those dropped.

    What PyInstaller found for what was left out goes too: GTK's whole stack for the GTK theme
    plugin, systemd's for D-Bus. Links are read from each file's own DT_NEEDED entries (ldd,
    which PyInstaller uses, would also list what the system's libraries load). A library opened
    by name at run time (dlopen, ctypes) would look unlinked: the build prints what it drops.
    """
    by_name = {Path(dest).name: (dest, source, kind) for dest, source, kind in binaries}
    todo = [entry for entry in binaries if entry[2] == "EXTENSION" or "/plugins/" in entry[0]
            or Path(entry[0]).name.startswith("libpython")]
    reached: set[str] = set()
    while todo:
        dest, source, _ = todo.pop()
        if dest not in reached:
            reached.add(dest)
            todo += [by_name[name] for name in needed_libraries(Path(source)) if name in by_name]
    return [e for e in binaries if e[0] in reached], sorted(e[0] for e in binaries if e[0] not in reached)


def needed_libraries(path: Path) -> list[str]:
    """The DT_NEEDED names of an ELF file (``readelf``, from binutils)."""
    import re
    import subprocess

    dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic)


def strip_symbols(folder: Path) -> tuple[int, list[Path]]:
    """Strip symbol tables and debug info from the bundle's ELF files: (bytes saved, files kept as they were).

    strip can break a library that patchelf rewrote (auditwheel does, for the libraries wheels
    vendor): numpy's OpenBLAS comes out with a load segment whose file offset and address differ
    by no multiple of the page size, which the loader refuses ("ELF load command address/offset
    not page-aligned"); PyInstaller's own strip, which does not look, is off for that reason.
    Each stripped file is checked for this and put back as it was when it fails.
    """
    import shutil
    import subprocess
    import tempfile

    saved, kept = 0, []
    with tempfile.TemporaryDirectory() as scratch:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file() or not _load_segments_aligned(path):
                continue
            sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout
            if ".symtab" not in sections and ".debug_" not in sections:
                continue
            original = Path(scratch) / "original"
            shutil.copy2(path, original)
            subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
            if _load_segments_aligned(path):
                saved += original.stat().st_size - path.stat().st_size
            else:
                shutil.copy2(original, path)
                kept.append(path.relative_to(folder))
    return saved, kept


def _load_segments_aligned(path: Path) -> bool:
    """A 64-bit little-endian ELF file whose PT_LOAD segments the loader accepts (False: not one, or not so)."""
    import struct

    with path.open("rb") as file:
        header = file.read(64)
        if len(header) < 64 or header[:6] != b"\x7fELF\x02\x01":
            return False
        (table,), (entry_size, entries) = struct.unpack_from("<Q", header, 0x20), struct.unpack_from("<HH", header, 0x36)
        file.seek(table)
        program_headers = file.read(entry_size * entries)
    for index in range(entries):
        kind, _, offset, address, _, _, _, align = struct.unpack_from("<IIQQQQQQ", program_headers, index * entry_size)
        if kind == 1 and ((address - offset) % 4096 or (align > 1 and (address - offset) % align)):
            return False
    return True


# --- Windows version resource ------------------------------------------------------

def windows_version_file(target: Path) -> Path:
    """Write PyInstaller's version-resource text for the current version and return its path."""
    numbers = tuple(int(part) for part in version().split(".")[:4] if part.isdigit())
    numbers = numbers + (0,) * (4 - len(numbers))
    strings = {
        "CompanyName": "评审工作台",
        "FileDescription": f"{DISPLAY_NAME} — 新型信息消费示范项目专家评审",
        "FileVersion": version(),
        "InternalName": APP_NAME,
        "LegalCopyright": "Proprietary",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version(),
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"""# -*- coding: utf-8 -*-
# Generated by packaging/bundle.py from reviewer.__version__.
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
""", encoding="utf-8")
    return target


# --- results and their targets ----------------------------------------------------------

MB = 1_000_000
FOLDER_TARGET_MB, ARCHIVE_TARGET_MB = 250, 110
ARCHIVE_SUFFIXES = (".tar.gz", ".tar.xz", ".zip")


def app_folder(dist: Path) -> Path:
    return dist / APP_NAME


def archive_stem() -> str:
    return f"{APP_NAME}-{version()}-{platform_tag()}"


def find_archive(dist: Path) -> Path | None:
    """The archive of the current version and platform in ``dist``, if built."""
    found = [dist / (archive_stem() + suffix) for suffix in ARCHIVE_SUFFIXES]
    existing = [path for path in found if path.is_file()]
    return max(existing, key=lambda path: path.stat().st_mtime) if existing else None


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (symbolic links counted as links, not followed)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink())


def size_line(what: str, size: int, target_mb: int) -> str:
    verdict = "ok" if size <= target_mb * MB else "OVER TARGET"
    return f"{what:<24} {size / MB:7.1f} MB  (target <= {target_mb} MB: {verdict})"
