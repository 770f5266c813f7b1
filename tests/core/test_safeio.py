"""The shared writer and text rules: all or nothing, no stale temporaries, clean text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import WriteError
from reviewer.safeio import clean_text, temporary_for, write_atomic, write_bytes_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "汇总表.docx"
    target.write_bytes(b"old")

    def fail(temporary: Path) -> None:
        temporary.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(WriteError) as caught:
        write_atomic(target, fail)
    assert caught.value.code == "write_disk_full"
    assert "汇总表.docx" in caught.value.message("zh") and "磁盘已满" in caught.value.message("zh")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总表.docx"]


def test_temporaries_of_a_killed_run_are_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "scores.rvscore"
    stale = temporary_for(target)
    stale.write_bytes(b"left by SIGKILL")
    other = tmp_path / ".~other.1234abcd.rvscore"
    other.write_bytes(b"not ours")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert not stale.exists() and other.exists()


def test_a_parent_that_is_a_file_or_missing_is_named(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(WriteError) as caught:
        write_bytes_atomic(tmp_path / "plain" / "out.xlsx", b"x")
    assert caught.value.code == "write_parent_not_folder"
    with pytest.raises(WriteError) as caught:
        write_bytes_atomic(tmp_path / "missing" / "out.xlsx", b"x")
    assert caught.value.code == "write_no_folder" and not (tmp_path / "missing").exists()
    assert write_bytes_atomic(tmp_path / "made" / "out.xlsx", b"x", create_parent=True).read_bytes() == b"x"


def test_clean_text_removes_what_xml_cannot_hold_and_counts_it() -> None:
    assert clean_text("专家意见\x0b很好\x00。\t换行\n") == ("专家意见很好。\t换行\n", 2)
    assert clean_text("正常文字") == ("正常文字", 0)


def test_a_temporary_another_running_program_writes_is_left_alone_until_that_program_is_gone(tmp_path: Path) -> None:
    import subprocess
    import sys

    from reviewer.safeio import remove_stale_temporaries

    target = tmp_path / "chair.sqlite"
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".~chair.{writer.pid}-0123abcd.sqlite"
        busy.write_bytes(b"being written")
        Path(f"{busy}-wal").write_bytes(b"log")
        assert remove_stale_temporaries(target) == [] and busy.exists()
    finally:
        writer.kill()
        writer.wait()
    removed = remove_stale_temporaries(target)      # its writer is gone: a leftover, with its log
    assert sorted(p.name for p in removed) == [busy.name, f"{busy.name}-wal"]
    assert list(tmp_path.iterdir()) == []


def test_publish_never_replaces_a_file_another_program_put_there_first(tmp_path: Path) -> None:
    from reviewer.safeio import publish

    target = tmp_path / "chair.sqlite"
    ours = temporary_for(target)
    ours.write_bytes(b"ours")
    target.write_bytes(b"theirs")
    assert publish(ours, target) is False and target.read_bytes() == b"theirs"
    target.unlink()
    assert publish(ours, target) is True and target.read_bytes() == b"ours"
