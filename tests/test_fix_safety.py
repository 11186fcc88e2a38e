"""``tonecheck fix --write`` never writes through a link, keeps a file's owner, group, mode and extended
attributes, leaves hard-linked files and files edited meanwhile alone. One real CLI run over a folder holding
every case; see docs/robustness.md."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tonecheck.cli.fix import NotWritten, write_atomically

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
HARSH = "Hey.\nYou hurt me by ignoring my calls.\n\nCall me tonight.\n"
VICTIM = "precious, not a draft\n"


def _xattrs_supported(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_text("x")
    try:
        os.setxattr(probe, "user.tonecheck", b"1")
    except (OSError, AttributeError):
        return False
    finally:
        probe.unlink()
    return True


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("fix-safety")
    drafts, outside = root / "drafts", root / "outside"
    drafts.mkdir()
    outside.mkdir()
    for name in ("planted.txt", "owned.txt", "hardlinked.txt", "target.txt"):
        (drafts / name).write_text(HARSH, encoding="utf-8")
    (outside / "victim.txt").write_text(VICTIM, encoding="utf-8")
    (outside / "linked-target.txt").write_text(HARSH, encoding="utf-8")
    os.symlink(outside / "victim.txt", drafts / "planted.txt.bak")  # a planted backup link
    os.symlink(outside / "linked-target.txt", drafts / "link.txt")  # a draft that is a link
    os.link(drafts / "hardlinked.txt", outside / "other-name.txt")
    owned = drafts / "owned.txt"
    os.chmod(owned, 0o640)
    if os.geteuid() == 0:
        os.chown(owned, 1234, 2345)
    if _xattrs_supported(drafts):
        os.setxattr(owned, "user.tonecheck", b"kept")
    result = subprocess.run([TONECHECK, "fix", "--write", str(drafts)], capture_output=True, text=True, timeout=300)
    return drafts, outside, result


def test_a_planted_backup_link_is_replaced_not_written_through(fixed) -> None:  # type: ignore[no-untyped-def]
    drafts, outside, result = fixed
    assert (outside / "victim.txt").read_text(encoding="utf-8") == VICTIM
    backup = drafts / "planted.txt.bak"
    assert not backup.is_symlink() and backup.read_text(encoding="utf-8") == HARSH
    assert (drafts / "planted.txt").read_text(encoding="utf-8") != HARSH, result.stderr


def test_a_draft_that_is_a_link_is_not_written(fixed) -> None:  # type: ignore[no-untyped-def]
    drafts, outside, result = fixed
    assert (drafts / "link.txt").is_symlink()
    assert (outside / "linked-target.txt").read_text(encoding="utf-8") == HARSH
    assert "link.txt: is a symbolic link" in result.stderr
    assert result.returncode == 1


def test_a_hard_linked_file_is_left_whole(fixed) -> None:  # type: ignore[no-untyped-def]
    drafts, outside, result = fixed
    assert (drafts / "hardlinked.txt").stat().st_ino == (outside / "other-name.txt").stat().st_ino
    assert (drafts / "hardlinked.txt").read_text(encoding="utf-8") == HARSH
    assert "hardlinked.txt: has 2 hard links" in result.stderr


def test_owner_group_mode_and_xattrs_are_kept(fixed) -> None:  # type: ignore[no-untyped-def]
    drafts, _, result = fixed
    owned = drafts / "owned.txt"
    assert owned.read_text(encoding="utf-8") != HARSH, result.stderr
    info = owned.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 2345)
        assert (drafts / "owned.txt.bak").stat().st_uid == 1234
    if _xattrs_supported(drafts):
        assert os.getxattr(owned, "user.tonecheck") == b"kept"


def test_a_file_edited_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(HARSH + "a line added while fix ran\n", encoding="utf-8")
    with pytest.raises(NotWritten, match="changed since it was read"):
        write_atomically(draft, "gentler\n", backup=True, original=HARSH.encode())
    assert draft.read_text(encoding="utf-8").endswith("a line added while fix ran\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]  # no backup, no temporary file
