"""Output files and exit statuses (issue 14, items 5 and 8).

Every ``-o`` of the command and every library writer replaces its file whole or not at all:
a missing folder, a full disk, no permission or an interruption leaves the old file as it was
and no fragment or temporary file; a file the command read is never written over. Every way a
command can end has its own exit status — 1 only for ``fyp check``'s findings, 70 for a bug
(with the traceback saved to a file, never on standard output), 73 for an output that cannot be
written, 130 for Ctrl-C, 141 for a closed pipe — as the table in docs/cli.rst says.

Full disks are simulated: a writer that writes half its data then fails with ``ENOSPC`` (as a
full disk does), and ``/dev/full``, a device that refuses every write with ``ENOSPC``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import fyp_planning as fp
from fyp_planning import files
from fyp_planning.cli import EXIT_CODES, main

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "data" / "good"  # dongkou-14th.toml and its predecessor, dongkou-13th
OBSERVATIONS = ROOT / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
INTERNAL, OUTPUT, INTERRUPTED, PIPE, TERMINATED = 70, 73, 130, 141, 143


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """A folder with Dongkou's 14th plan file and its predecessor file."""
    folder = tmp_path / "county"
    shutil.copytree(GOOD, folder)
    return folder


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tracebacks are saved under the test's own folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def one_error_line(result: Result) -> str:
    """The command's one line on standard error, checked to be one line and no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -- the ONE writer of every -o ----------------------------------------------------------------

#: Each command with an -o, and its arguments for a file named ``{out}`` (with its extension).
COMMANDS = {
    "export": (["export", "dongkou", "--format", "json", "-o"], ".json"),
    "draft": (["draft", "dongkou", "--rate", "industrial_output=8%", "-o"], ".toml"),
    "report": (["report", "dongkou", "-o"], ".html"),
    "batch": (["batch", "dongkou", "-o"], ".csv"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_folder_is_one_clear_line_and_exit_73(command: str, tmp_path: Path) -> None:
    args, ext = COMMANDS[command]
    out = tmp_path / "no-such-folder" / f"out{ext}"
    result = run(*args, str(out))
    assert result.exit_code == OUTPUT
    line = one_error_line(result)
    assert line == (
        f"错误 error: 无法写入 {out}：文件夹 {out.parent} 不存在 "
        f"(cannot write {out}: the folder {out.parent} does not exist)"
    )
    assert result.stdout == "" and not out.parent.exists()


class Disk:
    """Files opened for writing by :mod:`fyp_planning.files` that fail like a full disk (or an
    interruption) after ``keep`` bytes: a fragment is on disk when the error comes."""

    def __init__(self, error: BaseException, keep: int = 4096) -> None:
        self.error = error
        self.keep = keep
        self.fragments: list[Path] = []

    def open(self, path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        real = open(path, mode, *args, **kwargs)  # noqa: SIM115  (closed by the caller)
        if "w" not in mode:
            return real
        disk = self
        self.fragments.append(Path(path))

        class Failing:
            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                real.close()

            def write(self, data: bytes) -> int:
                real.write(data[: disk.keep])
                real.flush()
                assert Path(path).stat().st_size > 0  # a fragment is on disk
                raise disk.error

        return Failing()


def full_disk() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", ["export", "draft", "report"])
@pytest.mark.parametrize("error", ["full disk", "Ctrl-C"])
def test_a_failed_write_leaves_the_old_file_and_no_fragment(
    command: str, error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, ext = COMMANDS[command]
    out = tmp_path / f"out{ext}"
    out.write_text("the old file\n", encoding="utf-8")
    disk = Disk(full_disk() if error == "full disk" else KeyboardInterrupt())
    monkeypatch.setattr(files, "open", disk.open, raising=False)
    result = run(*args, str(out))
    assert disk.fragments, "the command did not write through fyp_planning.files"
    assert out.read_text(encoding="utf-8") == "the old file\n"
    assert leftovers(tmp_path) == [] and not any(p.exists() for p in disk.fragments)
    if error == "full disk":
        assert result.exit_code == OUTPUT
        assert one_error_line(result) == (
            f"错误 error: 无法写入 {out}：No space left on device "
            f"(cannot write {out}: No space left on device)"
        )
    else:
        assert result.exit_code == INTERRUPTED
        assert result.stderr.strip() == "已中断 interrupted"
    assert result.stdout == ""


def test_batch_parquet_on_a_full_disk_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "progress.parquet"
    out.write_bytes(b"old")
    real = pq.write_table

    def failing(table: Any, where: Any, **kwargs: Any) -> None:
        real(table, where, **kwargs)  # the whole table is on disk, in the temporary file
        raise full_disk()

    monkeypatch.setattr(pq, "write_table", failing)
    result = run("batch", "dongkou", "-o", str(out))
    assert result.exit_code == OUTPUT and "No space left on device" in one_error_line(result)
    assert out.read_bytes() == b"old" and leftovers(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_is_written_in_place_and_dev_full_is_a_full_disk() -> None:
    result = run("export", "dongkou", "-o", "/dev/full")
    assert result.exit_code == OUTPUT
    assert "cannot write /dev/full: No space left on device" in one_error_line(result)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written into, never replaced
    assert run("report", "dongkou", "-o", os.devnull).exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_no_permission_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Simulated: as root a folder's permissions do not stop a write.)"""
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    result = run("export", "dongkou", "-o", str(out))
    assert result.exit_code == OUTPUT
    assert one_error_line(result).endswith(f"(cannot write {out}: Permission denied)")
    assert out.read_text(encoding="utf-8") == "old"


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    result = run("export", "dongkou", "-o", str(tmp_path))
    assert result.exit_code == OUTPUT
    assert one_error_line(result).endswith(f"(cannot write {tmp_path}: it is a folder)")


@pytest.mark.parametrize("command", COMMANDS)
def test_each_output_is_the_whole_of_what_the_command_prints(command: str, tmp_path: Path) -> None:
    args, ext = COMMANDS[command]
    out = tmp_path / f"out{ext}"
    out.write_text("an older, longer file " * 50_000, encoding="utf-8")
    written = run(*args, str(out))
    assert written.exit_code == 0 and leftovers(tmp_path) == []
    if command == "batch":
        printed = run("batch", "dongkou", "--format", "csv").stdout
    else:
        printed = run(*args[:-1]).stdout
    assert out.read_bytes() == printed.encode("utf-8")


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run("export", "dongkou", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["id"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a file replaced keeps its mode


# -- never over an input -----------------------------------------------------------------------


def test_draft_onto_the_plan_it_read_is_refused(plan_dir: Path) -> None:
    plan = plan_dir / "dongkou-14th.toml"
    before = plan.read_bytes()
    result = run("draft", str(plan), "-o", str(plan))
    assert result.exit_code == OUTPUT
    assert one_error_line(result) == (
        f"错误 error: 拒绝写入：{plan} 是本命令读取的输入文件 "
        f"(refused: {plan} is an input this command read)"
    )
    assert plan.read_bytes() == before and leftovers(plan_dir) == []
    # the same file by another name is the same input
    other = run("export", str(plan), "--format", "toml", "-o", str(plan_dir / "." / plan.name))
    assert other.exit_code == OUTPUT and plan.read_bytes() == before


def test_draft_onto_a_plan_file_it_read_is_refused(plan_dir: Path) -> None:
    """The predecessor of a plan file, the main plan of a folder: read, so never written."""
    main, predecessor = plan_dir / "dongkou-14th.toml", plan_dir / "dongkou-13th.toml"
    before = {p: p.read_bytes() for p in (main, predecessor)}
    for given, out in ((main, predecessor), (plan_dir, main), (plan_dir, predecessor)):
        result = run("draft", str(given), "-o", str(out))
        assert result.exit_code == OUTPUT and "is an input this command read" in result.stderr
        assert {p: p.read_bytes() for p in before} == before


def test_report_onto_its_observations_is_refused(tmp_path: Path) -> None:
    observations = tmp_path / "obs.csv"
    shutil.copy(OBSERVATIONS, observations)
    before = observations.read_bytes()
    result = run("report", "dongkou", "--observations", str(observations), "-o", str(observations))
    assert result.exit_code == OUTPUT and "is an input this command read" in result.stderr
    assert observations.read_bytes() == before


def test_batch_onto_a_table_of_its_store_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    store = tmp_path / "store"
    fp.dump_plan_store([fp.load("dongkou")], store)
    table = store / "plans.parquet"
    before = table.read_bytes()
    result = run("batch", "--store", str(store), "-o", str(table))
    assert result.exit_code == OUTPUT and "is an input this command read" in result.stderr
    assert table.read_bytes() == before


def test_every_file_read_while_recording_is_an_input(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    files.write_atomic(plan, "id = 1")
    files.write_atomic(plan, "id = 2")  # outside a recording: no inputs but those given
    with files.recording_reads() as read:
        files.read_bounded(plan, limit=100)
        with pytest.raises(files.FileRefused) as info:
            files.write_atomic(plan, "id = 3")
        assert info.value.message.en == f"refused: {plan} is an input this command read"
        files.write_atomic(tmp_path / "other.toml", "id = 3")  # any other file is fine
    assert read == [plan] and plan.read_text(encoding="utf-8") == "id = 2"
    files.write_atomic(plan, "id = 4")  # the recording is over
    assert plan.read_text(encoding="utf-8") == "id = 4"


# -- the library's writers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


@pytest.fixture(scope="module")
def result(dongkou: fp.Plan) -> fp.BatchResult:
    return fp.evaluate_many([dongkou])


WRITERS: dict[str, Callable[[fp.Plan, fp.BatchResult, Path], None]] = {
    "dump_plan": lambda plan, _, path: fp.dump_plan(plan, path.with_suffix(".toml")),
    "to_csv": lambda _, result, path: result.to_csv(path.with_suffix(".csv")),
    "to_parquet": lambda _, result, path: result.to_parquet(path.with_suffix(".parquet")),
    "dump_plan_store": lambda plan, _, path: fp.dump_plan_store([plan], path / "store"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_library_writer_refuses_a_missing_folder_with_write_error(
    writer: str, dongkou: fp.Plan, result: fp.BatchResult, tmp_path: Path
) -> None:
    if writer in ("to_parquet", "dump_plan_store"):
        pytest.importorskip("pyarrow")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(fp.WriteError) as info:
        WRITERS[writer](dongkou, result, blocker / "out")
    assert isinstance(info.value, OSError) and info.value.filename
    assert str(info.value).startswith(f"cannot write {blocker}")
    assert info.value.text is not None and info.value.text.zh.startswith("无法写入")
    assert blocker.read_text(encoding="utf-8") == "not a folder" and leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", ["dump_plan", "to_csv", "to_parquet"])
def test_a_library_writer_on_a_full_disk_keeps_the_old_file(
    writer: str,
    dongkou: fp.Plan,
    result: fp.BatchResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if writer == "to_parquet":
        pytest.importorskip("pyarrow")
    WRITERS[writer](dongkou, result, tmp_path / "out")
    (path,) = tmp_path.iterdir()
    before = path.read_bytes()

    def no_space(*args: Any) -> None:
        raise full_disk()

    monkeypatch.setattr(files.os, "replace", no_space)
    with pytest.raises(fp.WriteError, match="No space left on device"):
        WRITERS[writer](dongkou, result, tmp_path / "out")
    assert path.read_bytes() == before and leftovers(tmp_path) == []


def test_a_failed_store_save_leaves_the_old_store_whole(
    dongkou: fp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    store = tmp_path / "store"
    old = fp.load_plan(GOOD / "dongkou-13th.toml")
    fp.dump_plan_store([old], store)
    (store / "README.txt").write_text("mine", encoding="utf-8")  # not the store's: kept
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    real, calls = pq.write_table, []

    def fails_on_the_fifth(table: Any, where: Any, **kwargs: Any) -> None:
        calls.append(where)
        real(table, where, **kwargs)
        if len(calls) == 5:
            raise full_disk()

    monkeypatch.setattr(pq, "write_table", fails_on_the_fifth)
    with pytest.raises(fp.WriteError, match="No space left on device"):
        fp.dump_plan_store([dongkou], store)
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before
    assert fp.load_plan_store(store) == (old,)
    monkeypatch.undo()
    fp.dump_plan_store([dongkou], store)  # and a save that succeeds replaces every table
    assert fp.load_plan_store(store) == (dongkou,) and leftovers(store) == []
    assert (store / "README.txt").read_text(encoding="utf-8") == "mine"


def test_a_failed_store_save_removes_the_folders_it_made(
    dongkou: fp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")

    def no_space(*args: Any, **kwargs: Any) -> None:
        raise full_disk()

    monkeypatch.setattr(pq, "write_table", no_space)
    with pytest.raises(fp.WriteError):
        fp.dump_plan_store([dongkou], tmp_path / "a" / "b" / "store")
    assert list(tmp_path.iterdir()) == []


# -- exit statuses -----------------------------------------------------------------------------


def boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom: a bug\nwith a second line")


@pytest.mark.parametrize(
    ("args", "patched"),
    [
        (["check", "dongkou", "--format", "json"], "fyp_planning.checks.audit"),
        (["review", "dongkou", "--format", "json"], "fyp_planning.evaluation.review"),
        (["report", "dongkou", "-o", "{tmp}/r.html"], "fyp_planning.render.report.build_report"),
        (["export", "dongkou"], "fyp_planning.io.dumps_plan"),
    ],
)
def test_an_internal_error_exits_70_with_the_path_of_its_saved_traceback(
    args: list[str], patched: str, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patched, boom)
    result = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == INTERNAL  # never 1, which fyp check uses for findings
    assert result.stdout == ""  # --format json: no traceback, no half document
    line = one_error_line(result)
    found = re.fullmatch(
        r"内部错误（fyp 的缺陷，请报告） internal error \(a bug in fyp; please report it\): "
        r"RuntimeError: boom: a bug; 详细信息已保存至 traceback saved to (.+)",
        line,
    )
    assert found, line
    saved = Path(found[1])
    assert saved.parent == cache / "fyp-planning" / "tracebacks"
    text = saved.read_text(encoding="utf-8")
    assert f"command: fyp {' '.join(args[:2])}" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text
    assert not (tmp_path / "r.html").exists()


def test_a_traceback_goes_to_the_temporary_folder_when_the_cache_cannot_hold_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setattr("fyp_planning.checks.audit", boom)
    result = run("check", "dongkou")
    assert result.exit_code == INTERNAL
    (saved,) = temp.iterdir()
    assert str(saved) in one_error_line(result)


def test_a_traceback_that_cannot_be_saved_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", nowhere)
    monkeypatch.setattr("fyp_planning.checks.audit", boom)
    result = run("check", "dongkou")
    assert result.exit_code == INTERNAL
    assert one_error_line(result).endswith("详细信息无法保存 the traceback could not be saved")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (fp.PlanValidationError([fp.Problem("indicators.x", "unknown")], file="p.toml"), 2),
        (fp.QuantityParseError("not a quantity: '亿亿'"), 2),
        (fp.WriteError("cannot write x"), OUTPUT),
    ],
    ids=lambda e: type(e).__name__ if isinstance(e, Exception) else str(e),
)
def test_a_documented_error_no_command_caught_is_bad_input(
    error: Exception, status: int, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every FypError exits 2 with its message (a WriteError, an output not written, 73)."""

    def raises(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr("fyp_planning.checks.audit", raises)
    result = run("check", "dongkou", "--format", "json")
    assert result.exit_code == status and result.stdout == ""
    assert result.stderr.startswith(f"错误 error: {error}")
    assert not cache.exists()  # not a bug: no traceback saved


def test_ctrl_c_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("fyp_planning.checks.audit", interrupted)
    result = run("check", "dongkou", "--format", "json")
    assert result.exit_code == INTERRUPTED and result.stdout == ""
    assert result.stderr.strip() == "已中断 interrupted"


def test_the_statuses_of_success_findings_and_usage_are_kept(tmp_path: Path) -> None:
    assert run("show", "dongkou").exit_code == 0
    assert run("--version").exit_code == 0
    assert run("show").exit_code == 2  # a missing argument
    assert run("show", str(tmp_path / "nothing.toml")).exit_code == 2
    bad = tmp_path / "bad.toml"
    text = (GOOD / "dongkou-13th.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("start_year = 2016", 'start_year = "2016"'), encoding="utf-8")
    assert run("check", str(bad)).exit_code == 2


def fyp(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    """The installed ``fyp`` command, as a shell runs it (with buffered standard output: with
    ``PYTHONUNBUFFERED`` a write cut short by a closed pipe is not an error in Python)."""
    script = Path(sys.executable).with_name("fyp")
    command = [str(script)]
    if not script.exists():
        command = [sys.executable, "-c", "from fyp_planning.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.Popen([*command, *args], env=env, **kwargs)


def test_a_closed_pipe_exits_141_without_a_word() -> None:
    """``fyp report dongkou | head``: the report (229 KB) is more than a pipe holds."""
    with fyp("report", "dongkou", stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()
        error = proc.stderr.read()
        assert proc.wait(timeout=60) == PIPE
    assert error == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_exits_73() -> None:
    with open("/dev/full", "wb") as full:
        proc = fyp("show", "dongkou", "--format", "json", stdout=full, stderr=subprocess.PIPE)
        _, error = proc.communicate(timeout=60)
    assert proc.returncode == OUTPUT
    assert error.decode() == (
        "错误 error: 无法写入标准输出 cannot write standard output: No space left on device\n"
    )


def test_an_internal_error_in_the_real_command(tmp_path: Path) -> None:
    """The installed script: the same line and status, stdout empty, nothing more on stderr."""
    code = (
        "import fyp_planning.checks as c\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "c.audit = boom\n"
        "from fyp_planning.cli import main\n"
        "main(['check', 'dongkou', '--format', 'json'])\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, timeout=60, check=False
    )
    assert done.returncode == INTERNAL and done.stdout == b""
    (line,) = done.stderr.decode().splitlines()
    (saved,) = (tmp_path / "fyp-planning" / "tracebacks").iterdir()
    assert line.endswith(f"traceback saved to {saved}")


#: ``fyp report dongkou -o OUT`` whose write stops half-way (a fragment on disk) until killed.
SLOW_WRITE = """
import sys, time
from fyp_planning import files
real = open
def slow(path, mode="r", *args, **kwargs):
    f = real(path, mode, *args, **kwargs)
    if "w" in mode:
        write = f.write
        def halfway(data):
            write(data[: len(data) // 2]); f.flush()
            print("writing", file=sys.stderr, flush=True)
            time.sleep(60)
        f.write = halfway
    return f
files.open = slow
from fyp_planning.cli import main
main(["report", "dongkou", "-o", sys.argv[1]])
"""


def test_a_killed_write_leaves_the_old_file_and_no_fragment(tmp_path: Path) -> None:
    """``timeout``/``kill`` (SIGTERM) while the report is half written: exit 143, old file."""
    import signal

    out = tmp_path / "report.html"
    out.write_text("the old report", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(out)], stderr=subprocess.PIPE
    ) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline() == b"writing\n"
        assert [p.stat().st_size > 0 for p in tmp_path.glob(".report.html.*.tmp")] == [True]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == TERMINATED
    assert out.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["report.html"]


def documented_statuses() -> Iterator[int]:
    """The statuses in docs/cli.rst's table."""
    text = (ROOT / "docs" / "cli.rst").read_text(encoding="utf-8")
    table = text.split("退出状态 Exit status", 1)[1].split("\n\n1 is kept", 1)[0]
    for found in re.finditer(r"^   \* - (\d+)$", table, re.MULTILINE):
        yield int(found[1])


def test_every_exit_status_is_documented() -> None:
    assert tuple(documented_statuses()) == EXIT_CODES
