"""Issue 17, F2, F6a and F8: paths the operating system refuses (a name too long, no
permission) are user errors naming the path, never internal errors; a huge file is refused
by its size before it is read; and under `--sandbox` nothing outside the sandbox is looked
at, so the errors for `../` imports say the same whether or not a file is there and never
print the sandbox's absolute path."""

import errno
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from spi_lang.load.paths import MAX_SOURCE_BYTES
from spi_lang.ui.cli import main

LONG = "x" * 300 + ".spi"  # one path component past the usual 255-byte name limit
GAME = 'import "games/scheduling.spi"\n'


@pytest.fixture
def box(tmp_path, monkeypatch):
    """A sandbox two folders below tmp_path, with a file outside it; cwd is the sandbox."""
    (tmp_path / "outside.spi").write_text(GAME + "program Out { play Slot1 }\n")
    inner = tmp_path / "a" / "box"
    inner.mkdir(parents=True)
    (inner / "ok.spi").write_text(GAME + "program Ok { play Slot1 }\n")
    monkeypatch.chdir(inner)
    return inner


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


# ------------------------------------------------------------------ F2: names too long

@pytest.mark.parametrize("sandbox", [[], ["--sandbox", "."]])
@pytest.mark.parametrize("command", [["check", LONG], ["play", LONG, "ok.spi"], ["game", LONG]])
def test_a_command_line_name_too_long_is_a_user_error(box, capsys, command, sandbox):
    code, err = run(capsys, *command, *sandbox)
    assert code == 1
    assert err == f"{LONG}: error: cannot look at {LONG!r}: File name too long\n"


@pytest.mark.parametrize("sandbox", [[], ["--sandbox", "."]])
def test_an_import_name_too_long_is_a_positioned_error(box, capsys, sandbox):
    (box / "bad.spi").write_text(f'import "{LONG}"\n')
    code, err = run(capsys, "check", "bad.spi", *sandbox)
    assert code == 1
    # The caret spans the whole import: 9 characters of `import ""` plus the 304 of the name.
    assert err == (f"bad.spi:1:1: error: cannot look at {LONG!r}: File name too long\n"
                   f'1 | import "{LONG}"\n'
                   f"  | {'^' * 313}\n")


# ------------------------------------------------------------------ F2: no permission

def _refuse_under(monkeypatch, folder: Path):
    """Make every stat of a path under `folder` fail as an unreadable folder would for a
    user without permission (the tests run as root, where a real chmod does not stop
    anything, so PermissionError is raised by hand)."""
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if Path(os.path.abspath(self)).is_relative_to(folder):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)
    monkeypatch.setattr(Path, "stat", stat)


def test_an_unreadable_command_line_path_is_a_user_error(box, capsys, monkeypatch):
    (box / "locked").mkdir()
    _refuse_under(monkeypatch, box / "locked")
    code, err = run(capsys, "check", "locked/x.spi")
    assert (code, err) == (1, "locked/x.spi: error: cannot look at 'locked/x.spi': Permission denied\n")


def test_an_unreadable_import_is_a_positioned_error(box, capsys, monkeypatch):
    (box / "locked").mkdir()
    (box / "bad.spi").write_text('import "locked/x.spi"\n')
    _refuse_under(monkeypatch, box / "locked")
    code, err = run(capsys, "check", "bad.spi")
    assert code == 1
    assert err.startswith("bad.spi:1:1: error: cannot look at 'locked/x.spi': Permission denied\n")


def test_under_the_sandbox_the_sandbox_is_checked_before_anything_is_looked_at(box, capsys, monkeypatch):
    # Everything outside the sandbox and the stdlib raises PermissionError if looked at.
    monkeypatch.setattr(Path, "stat", _only_inside(box))
    code, err = run(capsys, "check", "--sandbox", ".", "../../outside.spi")
    assert (code, err) == (1, "../../outside.spi: error: outside the sandbox .\n")
    (box / "bad.spi").write_text('import "../../outside.spi"\n')
    code, err = run(capsys, "check", "--sandbox", ".", "bad.spi")
    assert code == 1 and err.startswith("bad.spi:1:1: error: this import leaves the sandbox\n")


def _only_inside(box: Path):
    """A stat that lets the sandbox and the stdlib be looked at, and refuses the rest."""
    from spi_lang.syntax.resources import stdlib_dir
    allowed = (box, stdlib_dir().resolve(), Path(os.path.abspath(stdlib_dir())))

    def stat(self, *args, **kwargs):
        where = Path(os.path.abspath(self))
        if any(where.is_relative_to(root) for root in allowed):
            return os.stat(self, *args, **kwargs)
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    return stat


def test_a_real_unreadable_file_is_a_user_error():
    # Root reads files whatever their mode, so as root the check runs in a forked child that
    # has become `nobody` (uid 65534), in a folder everyone may enter; everything it needs is
    # imported before the fork.
    tmp_path = Path(tempfile.mkdtemp(prefix="spilang-unreadable-"))
    tmp_path.chmod(0o755)
    (tmp_path / "secret.spi").write_text(GAME)
    (tmp_path / "readable.spi").write_text(GAME)
    assert main(["check", str(tmp_path / "readable.spi")]) == 0  # imports what check needs
    (tmp_path / "secret.spi").chmod(0)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child's report is the pipe)
        sys.stderr = os.fdopen(write, "w")
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        code = main(["check", str(tmp_path / "secret.spi")])
        sys.stderr.flush()
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        err = pipe.read()
    _, status = os.waitpid(child, 0)
    shutil.rmtree(tmp_path)
    assert (os.waitstatus_to_exitcode(status), err) == (
        1, f"{tmp_path / 'secret.spi'}: error: cannot read file: Permission denied\n")


# ------------------------------------------------------------------ F8: the sandbox tells nothing

def test_a_sandbox_import_error_does_not_tell_whether_the_file_exists(box, capsys):
    (box / "there.spi").write_text('import "../../outside.spi"\n')
    (box / "absent.spi").write_text('import "../../missing.spi"\n')
    _, there = run(capsys, "check", "--sandbox", ".", "there.spi")
    _, absent = run(capsys, "check", "--sandbox", ".", "absent.spi")
    assert there == ('there.spi:1:1: error: this import leaves the sandbox\n'
                     '1 | import "../../outside.spi"\n'
                     '  | ^^^^^^^^^^^^^^^^^^^^^^^^^^\n')
    assert absent == there.replace("there.spi", "absent.spi").replace("outside", "missing")


def test_sandbox_errors_do_not_print_its_absolute_path(box, capsys):
    (box / "bad.spi").write_text('import "../../outside.spi"\n')
    for argv in (["check", "--sandbox", ".", "bad.spi"], ["check", "--sandbox", ".", "../../outside.spi"]):
        code, err = run(capsys, *argv)
        assert code == 1 and str(box) not in err and str(box.parents[1]) not in err


# ------------------------------------------------------------------ F6a: size before reading

def test_a_huge_sparse_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.spi"
    with open(huge, "wb") as out:
        out.truncate(3 * 10**9)  # 3 GB of holes: no disk used, but 3 GB if read
    # With the address space capped at 2 GB (the deep stack reserves 512 MB of it), reading
    # the file would fail with MemoryError; checking its size first never reads it.
    limit = 2 * 1024**3
    done = subprocess.run([sys.executable, "-m", "spi_lang", "check", "huge.spi"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert (done.returncode, done.stderr) == (1, f"huge.spi: error: file is larger than {MAX_SOURCE_BYTES} bytes\n")
