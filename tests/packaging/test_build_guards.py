"""What keeps the build reproducible and inside its targets, checked without building (fast)."""

from __future__ import annotations

import hashlib
import io
import lzma
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
WORKFLOW = REPO / ".github" / "workflows" / "package.yml"


def _locked() -> dict[str, tuple[str, int]]:
    """packaging/requirements-frozen.txt: name -> (pinned version, number of hashes)."""
    locked: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", (PACKAGING / "requirements-frozen.txt").read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9._-]+)==([^ ;\\]+)", block)
        if match:
            name = re.sub(r"[-_.]+", "-", match[1]).lower()
            locked[name] = (match[2], block.count("--hash=sha256:"))
    return locked


def test_the_lock_pins_every_dependency_of_the_frozen_build_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _locked()
    assert all(count >= 1 for _, count in locked.values()), "a pinned package without a hash"
    for line in [*project["dependencies"], *project["optional-dependencies"]["package"]]:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in locked, f"{name} is a dependency but not in packaging/requirements-frozen.txt"
        assert requirement.specifier.contains(locked[name][0]), f"{name}=={locked[name][0]} breaks {line}"
    for build_tool in ("pefile", "pywin32-ctypes", "macholib"):  # Windows and macOS need them to build
        assert build_tool in locked, build_tool


@pytest.mark.parametrize(("megabytes", "code"), [(251, 1), (120, 0)])
def test_build_fails_over_the_size_target(tmp_path: Path, megabytes: int, code: int) -> None:
    folder = tmp_path / "dist" / "reviewer"
    folder.mkdir(parents=True)
    with open(folder / "libbig.so", "wb") as file:  # sparse: the size counts, not the disc it takes
        file.truncate(megabytes * 1_000_000)
    result = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--dist", str(tmp_path / "dist"),
                             "--archive-only", "--archive", "none"], capture_output=True, text=True)
    assert result.returncode == code, result.stdout + result.stderr
    assert ("OVER TARGET" in result.stdout) == (code == 1)
    if code:
        assert "FAILED, over the size target: one-folder app reviewer/ 251.0 MB > 250 MB" in result.stderr


def test_windows_bundle_has_no_software_opengl_and_docx_parts_is_a_folder(packaging: Callable[[str], ModuleType]) -> None:
    bundle = packaging("bundle")
    assert not bundle.keep("PySide6/opengl32sw.dll") and bundle.keep("PySide6/Qt6Gui.dll")
    spec = (PACKAGING / "reviewer.spec").read_text(encoding="utf-8")
    assert "docx.parts" in bundle.MODULES_ON_DISK and "module_collection_mode" in spec


def test_the_workflow_installs_the_lock_and_downloads_only_pinned_checked_files(packaging: Callable[[str], ModuleType]) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "pip install --require-hashes -r packaging/requirements-frozen.txt" in text
    assert not re.search(r"\b(curl|wget|Invoke-WebRequest)\b", text), "a download that fetch.py does not check"
    assert re.search(r"choco install innosetup --version \$env:INNO_SETUP_VERSION", text)
    assert re.search(r'INNO_SETUP_VERSION: "6\.(5|[6-9])\.\d+"', text)
    for name, item in packaging("fetch").DOWNLOADS.items():
        versioned = re.search(r"\d+\.\d+", item.url.rsplit("/", 1)[-1]) or re.search(r"/[0-9a-f]{40}/", item.url)
        assert re.fullmatch(r"[0-9a-f]{64}", item.sha256) and versioned and "latest" not in item.url, name


def _deb(members: dict[str, bytes]) -> bytes:
    """A Debian package as dpkg-deb lays it out: ar of debian-binary, control.tar.xz, data.tar.xz."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    parts = {"debian-binary": b"2.0\n", "control.tar.xz": lzma.compress(b""), "data.tar.xz": lzma.compress(data.getvalue())}
    body = b"!<arch>\n"
    for name, content in parts.items():
        body += f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(content):<10}`\n".encode() + content
        body += b"\n" if len(content) % 2 else b""
    return body


def test_fetch_takes_the_files_out_of_a_package_whose_digest_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     packaging: Callable[[str], ModuleType]) -> None:
    fetch = packaging("fetch")
    deb = _deb({"./usr/share/fonts/x.ttc": b"font bytes", "./usr/share/doc/x/copyright": b"licence"})
    monkeypatch.setitem(fetch.DOWNLOADS, "test", fetch.Download(
        url="https://example.invalid/x_1.0_all.deb", sha256=hashlib.sha256(deb).hexdigest(), max_bytes=10_000,
        members={"./usr/share/fonts/x.ttc": "x.ttc", "./usr/share/doc/x/copyright": "LICENSE"}, env={}))
    written = fetch.fetch("test", tmp_path / "ok", deb)
    assert [p.read_bytes() for p in written] == [b"font bytes", b"licence"]
    with pytest.raises(SystemExit, match="has SHA-256 .* expected"):
        fetch.fetch("test", tmp_path / "bad", deb + b"tampered")
    assert not (tmp_path / "bad").exists()
