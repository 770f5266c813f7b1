"""Bad envelopes, and open-package under a kill or a full disk.

Every hostile or broken package and score file is refused at once with one line naming the file — no
traceback, no scrypt run on an attacker's parameters, nothing written — and the chair's database is
byte for byte unchanged. open-package killed at any moment, or on a full disk, leaves either nothing or
the whole review (forms included), and a retry works.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A chair with one expert who has scored and exported a genuine score file."""
    from reviewer.call import bundled_call
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch
    from reviewer.panel.experts import ExpertEntry, add_experts, assign
    from reviewer.panel.packages import open_package, write_packages
    from reviewer.panel.scorefiles import export_score_file
    from reviewer.review import Review
    from reviewer.rubric import bundled_rubrics

    root = tmp_path_factory.mktemp("envelopes")
    chair_path = root / "chair.sqlite"
    import_batch(DEMO, chair_path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    chair = Review.open(chair_path)
    add_experts(chair, [ExpertEntry("王芳", "北京邮电大学", "", "北京市", (3,), ())])
    assign(chair, bundled_call())
    written, = write_packages(chair, root / "packages", root / "passphrases")
    chair.close()
    (root / "pass").write_text(written.passphrase, encoding="utf-8")
    review = Review.open(open_package(written.path, written.passphrase, root / "expert.sqlite"))
    score = export_score_file(review, root / "good.rvscore", allow_incomplete=True).path
    review.close()
    return {"root": root, "chair": chair_path, "package": written.path, "score": score, "pass": root / "pass"}


def _header(data: bytes) -> dict:
    (length,) = struct.unpack(">I", data[15:19])
    return json.loads(data[19:19 + length])


def _with_header(data: bytes, change: Callable[[dict], object]) -> bytes:
    header = _header(data)
    (length,) = struct.unpack(">I", data[15:19])
    change(header)
    head = json.dumps(header).encode()
    return data[:15] + struct.pack(">I", len(head)) + head + data[19 + length:]


BAD: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda d: b"",
    "garbage": lambda d: os.urandom(4096),
    "wrong magic": lambda d: b"RVWR-ENVELOPX" + d[13:],
    "format 1": lambda d: d[:14] + b"\x01" + d[15:],
    "truncated in the header": lambda d: d[:30],
    "truncated in the body": lambda d: d[:len(d) // 2],
    "header length 4 GB": lambda d: d[:15] + b"\xff\xff\xff\xff" + d[19:],
    "header not JSON": lambda d: d[:15] + struct.pack(">I", 5) + b"{{{{{" + d[19:],
    "header a list": lambda d: d[:15] + struct.pack(">I", 2) + b"[]" + d[19:],
    "huge scrypt n": lambda d: _with_header(d, lambda h: h.update(n=2**30)),
    "huge scrypt r": lambda d: _with_header(d, lambda h: h.update(r=2**20)),
    "scrypt n as text": lambda d: _with_header(d, lambda h: h.update(n="16384")),
    "salt not hex": lambda d: _with_header(d, lambda h: h.update(salt="zz" * 16)),
    "nonce a number": lambda d: _with_header(d, lambda h: h.update(nonce=12)),
    "expert id a bool": lambda d: _with_header(d, lambda h: h.update(expert_id=True)),
    "expert id a list": lambda d: _with_header(d, lambda h: h.update(expert_id=[1])),
    "an extra field (a name)": lambda d: _with_header(d, lambda h: h.update(expert="王芳")),
    "a field missing": lambda d: _with_header(d, lambda h: h.pop("nonce")),
    "another kdf": lambda d: _with_header(d, lambda h: h.update(kdf="argon2")),
}


@pytest.mark.parametrize("fault", list(BAD))
def test_a_bad_score_file_is_refused_in_one_line_and_the_chair_is_unchanged(world: dict[str, Path], tmp_path: Path,
                                                                          fault: str) -> None:
    bad = tmp_path / "bad.rvscore"
    bad.write_bytes(BAD[fault](world["score"].read_bytes()))
    before = hashlib.sha256(world["chair"].read_bytes()).hexdigest()
    started = time.monotonic()
    result = _run("merge", "--db", str(world["chair"]), str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, = result.stdout.splitlines()
    assert str(bad) in line and "已拒绝" in line
    assert hashlib.sha256(world["chair"].read_bytes()).hexdigest() == before
    assert time.monotonic() - started < 60  # no scrypt on the attacker's parameters (a loose bound: no hang)


@pytest.mark.parametrize("fault", ["garbage", "format 1", "huge scrypt n", "another kdf", "truncated in the body",
                                   "an extra field (a name)"])
def test_a_bad_package_is_refused_and_nothing_is_written(world: dict[str, Path], tmp_path: Path, fault: str) -> None:
    bad = tmp_path / "bad.rvpkg"
    bad.write_bytes(BAD[fault](world["package"].read_bytes()))
    home = tmp_path / "home"
    home.mkdir()
    result = _run("open-package", str(bad), "--db", str(home / "me.sqlite"), "--passphrase-file", str(world["pass"]))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(bad) in result.stderr
    assert list(home.iterdir()) == []


def test_the_header_of_a_package_names_no_one(world: dict[str, Path]) -> None:
    header = _header(world["package"].read_bytes())
    assert set(header) == {"format", "kind", "kdf", "n", "r", "p", "salt", "nonce", "package_id"}
    assert "王芳".encode() not in world["package"].read_bytes() and "王芳" not in world["package"].name


def _complete(database: Path) -> bool:
    """A whole review: it opens, holds its declarations and its signing key, and its forms folder is there."""
    import sqlite3

    con = sqlite3.connect(database)
    try:
        declarations = con.execute("SELECT count(*) FROM declaration").fetchone()[0]
        keys = con.execute("SELECT count(*) FROM setting WHERE key='signing_private_key'").fetchone()[0]
    finally:
        con.close()
    files = database.with_name(database.stem + "-files")
    return declarations > 0 and keys == 1 and (files / ".reviewer-package").exists()


def test_open_package_killed_at_any_moment_leaves_nothing_or_everything_and_a_retry_works(
        world: dict[str, Path], tmp_path: Path) -> None:
    outcomes = {"nothing": 0, "whole": 0}
    for i, delay in enumerate((0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.8)):
        home = tmp_path / f"run{i}"
        home.mkdir()
        target = home / "me.sqlite"
        process = subprocess.Popen([sys.executable, "-m", "reviewer", "open-package", str(world["package"]), "--db",
                                    str(target), "--passphrase-file", str(world["pass"])], cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if target.exists():
            assert _complete(target)
            outcomes["whole"] += 1
            continue
        outcomes["nothing"] += 1  # maybe leftovers (staged temporaries, forms without their review): the retry clears them
        retry = _run("open-package", str(world["package"]), "--db", str(target), "--passphrase-file", str(world["pass"]))
        assert retry.returncode == 0, retry.stderr
        assert _complete(target)
        assert sorted(p.name for p in home.iterdir()) == ["me-files", "me.sqlite"]
    assert outcomes["nothing"] >= 1


def test_open_package_on_a_full_disk_leaves_nothing_and_a_retry_works(world: dict[str, Path], tmp_path: Path) -> None:
    """A small tmpfs (CI runs as root); where no tmpfs can be mounted, a file-size limit makes writes fail alike."""
    disk = tmp_path / "stick"
    disk.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)],
                                                   capture_output=True).returncode == 0
    try:
        if mounted:
            (disk / "ballast").write_bytes(b"\0" * 7680 * 1024)
        target = disk / "me.sqlite"
        result = subprocess.run([sys.executable, "-m", "reviewer", "open-package", str(world["package"]), "--db",
                                 str(target), "--passphrase-file", str(world["pass"])], cwd=REPO, capture_output=True,
                                text=True, timeout=120, preexec_fn=None if mounted else _small_files)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and str(target) in result.stderr
        if mounted:
            assert "磁盘已满" in result.stderr
        assert sorted(p.name for p in disk.iterdir()) == (["ballast"] if mounted else [])
        (disk / "ballast").unlink(missing_ok=True)
        retry = _run("open-package", str(world["package"]), "--db", str(target), "--passphrase-file", str(world["pass"]))
        assert retry.returncode == 0, retry.stderr
        assert _complete(target)
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], capture_output=True)


def _small_files() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (150 * 1024, 150 * 1024))
