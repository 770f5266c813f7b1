"""Fetch a pinned build input and check it:  python packaging/fetch.py NAME --dest DIR [--github-env FILE]

Everything the packaging workflow downloads is listed in :data:`DOWNLOADS`: one fixed URL (a
versioned file, never a branch), its SHA-256, and the files taken out of it. A download whose
digest differs, or that is larger than expected, stops the build before anything uses it.

``font``: the CJK font bundled on Windows and macOS, the same WenQuanYi Micro Hei the Linux build
takes from Debian's ``fonts-wqy-microhei`` (Apache-2.0 or GPLv3 with the font exception), from that
very Debian package, with its licence text. Its digest is the one in Debian's signed package index
(``apt-cache show fonts-wqy-microhei``: SHA256). With ``--github-env`` the font's paths are appended
to that file as REVIEWER_CJK_FONT / REVIEWER_CJK_FONT_LICENSE, which ``build.py`` reads.

To move to a new version: change the URL, run this with ``--dest`` on a machine you trust, and put
the digest it reports (or the index's) in :data:`DOWNLOADS`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import lzma
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Download:
    url: str
    sha256: str
    max_bytes: int
    #: Files taken out of a Debian package (member path in data.tar -> file name written), else empty.
    members: dict[str, str]
    #: Environment variables naming the written files (for --github-env), by file name.
    env: dict[str, str]


DOWNLOADS = {
    "font": Download(
        url="https://deb.debian.org/debian/pool/main/f/fonts-wqy-microhei/fonts-wqy-microhei_0.2.0-beta-3.1_all.deb",
        sha256="239163df984eea5c9da3b551aee374936222cdbd67f1a1be3cdcf3d76143ad66",
        max_bytes=4_000_000,
        members={"./usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "wqy-microhei.ttc",
                 "./usr/share/doc/fonts-wqy-microhei/copyright": "LICENSE"},
        env={"wqy-microhei.ttc": "REVIEWER_CJK_FONT", "LICENSE": "REVIEWER_CJK_FONT_LICENSE"},
    ),
}


class FetchError(SystemExit):
    """A download failed its check: the build stops with this one line."""


def fetch(name: str, dest: Path, data: bytes | None = None) -> list[Path]:
    """Download ``name`` (or check the ``data`` given), verify it, write its files into ``dest``."""
    item = DOWNLOADS[name]
    if data is None:
        with urllib.request.urlopen(item.url, timeout=120) as response:
            data = response.read(item.max_bytes + 1)
    if len(data) > item.max_bytes:
        raise FetchError(f"fetch {name}: {item.url} is larger than {item.max_bytes} bytes; refused")
    digest = hashlib.sha256(data).hexdigest()
    if digest != item.sha256:
        raise FetchError(f"fetch {name}: {item.url} has SHA-256 {digest}, expected {item.sha256}; refused")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for member, target in item.members.items():
        path = dest / target
        path.write_bytes(deb_member(data, member))
        written.append(path)
    return written


def deb_member(deb: bytes, member: str) -> bytes:
    """One file of a Debian package's data.tar.xz (a .deb is an ``ar`` archive of three members)."""
    if not deb.startswith(b"!<arch>\n"):
        raise FetchError("not a Debian package (no ar header)")
    offset = 8
    while offset + 60 <= len(deb):
        header = deb[offset:offset + 60]
        name, size = header[:16].decode("ascii").strip().rstrip("/"), int(header[48:58].decode("ascii").strip())
        body = deb[offset + 60:offset + 60 + size]
        if name == "data.tar.xz":
            with tarfile.open(fileobj=io.BytesIO(lzma.decompress(body))) as tar:
                extracted = tar.extractfile(member)
                if extracted is None:
                    raise FetchError(f"{member} is not a file in the package")
                return extracted.read()
        offset += 60 + size + size % 2
    raise FetchError("the package has no data.tar.xz")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(DOWNLOADS))
    parser.add_argument("--dest", type=Path, required=True)
    parser.add_argument("--github-env", type=Path, help="append NAME=path lines for the files written")
    args = parser.parse_args(argv)
    written = fetch(args.name, args.dest)
    env = DOWNLOADS[args.name].env
    for path in written:
        print(f"{path}  ({path.stat().st_size} bytes)")
    if args.github_env is not None:
        with args.github_env.open("a", encoding="utf-8") as file:
            file.writelines(f"{env[path.name]}={path}\n" for path in written if path.name in env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
