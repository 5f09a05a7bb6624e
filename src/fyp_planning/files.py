"""Reading and writing files safely: bounded reads, confinement to a folder, atomic writes.

May import: errors, limits, text. The one place the package opens a file a user named: the plan
loaders, the observation readers and the registry read through :func:`read_bounded`; every
command's ``-o`` and every library writer goes through :func:`replacing` / :func:`write_atomic`.

A refused file raises :class:`FileRefused`, an internal signal carrying a :class:`Message`; each
caller turns it into its own documented error (a :class:`~fyp_planning.errors.PlanSyntaxError`
problem, a CLI message), so it never escapes the public API.

Examples:
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "甲")
    >>> read_bounded(folder / "a.txt", limit=100, within=folder).decode()
    '甲'
    >>> outside = Path(tempfile.mkdtemp()) / "secret.toml"
    >>> write_atomic(outside, "key = 1")
    >>> try:
    ...     read_bounded(folder / ".." / outside.parent.name / "secret.toml", limit=100, within=folder)
    ... except FileRefused as exc:
    ...     print(exc.message.en.split(":")[0])
    refused
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .text import Message

__all__ = [
    "FileRefused",
    "open_bounded",
    "read_bounded",
    "recording_reads",
    "replacing",
    "write_atomic",
]

#: The files :func:`read_bounded` opened inside :func:`recording_reads` (``None`` outside it).
_READS: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "fyp_planning_files_read", default=None
)


class FileRefused(Exception):
    """A file that may not be read or written; ``message`` says why (internal, never escapes)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def open_bounded(path: str | Path, *, limit: int, within: str | Path | None = None) -> BinaryIO:
    """A regular file of at most ``limit`` bytes, optionally inside a folder, open for reading.

    The checks are made on the opened file itself, so what is checked is what is read: a FIFO,
    a device (``/dev/zero``), a folder, a file over ``limit`` bytes, or (with ``within``) a path
    that resolves outside the folder — through ``..``, an absolute path or a symlink — is refused
    before a byte is read. Opening never blocks (``O_NONBLOCK``). For readers that stream a file
    (the observations CSV, pyarrow); :func:`read_bounded` reads it whole.

    Raises:
        FileRefused: the file may not be read; its message says why.
    """
    path = Path(path)
    shown = str(path)
    if within is not None:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            real = None
        root = Path(within).resolve()
        if real is not None and not real.is_relative_to(root):
            raise FileRefused(Message("files.outside", path=shown, folder=str(root)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FileRefused(Message("files.cannot_read", path=shown, reason=reason)) from None
    reads = _READS.get()
    if reads is not None:
        reads.append(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(Message("files.not_regular", path=shown))
        if info.st_size > limit:
            raise FileRefused(
                Message("files.too_large", path=shown, size=info.st_size, limit=limit)
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads never block anyway
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        raise FileRefused(
            Message("files.cannot_read", path=shown, reason=exc.strerror or str(exc))
        ) from None
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: str | Path, *, limit: int, within: str | Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, optionally inside a folder.

    The file is opened by :func:`open_bounded` (its refusals are this function's), then read
    at most ``limit`` + 1 bytes: a file that grew past the limit while read is refused too.

    Raises:
        FileRefused: the file may not be read; its message says why.
    """
    shown = str(path)
    with open_bounded(path, limit=limit, within=within) as fh:
        try:
            data: bytes = fh.read(limit + 1)
        except OSError as exc:
            raise FileRefused(
                Message("files.cannot_read", path=shown, reason=exc.strerror or str(exc))
            ) from None
    if len(data) > limit:  # the file grew while we read it
        raise FileRefused(Message("files.too_large", path=shown, size=len(data), limit=limit))
    return data


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@contextlib.contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Inside the block, every file :func:`read_bounded` opens is an input of every write.

    A command runs inside it (the ``fyp`` command does), so that :func:`replacing` refuses to
    write over any file the command read — a plan, its predecessor, an observations file —
    without each command listing them. Yields the list of those files, as they were named.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> plan = Path(tempfile.mkdtemp()) / "plan.toml"
        >>> write_atomic(plan, "id = 1")
        >>> with recording_reads() as read:
        ...     _ = read_bounded(plan, limit=100)
        ...     try:
        ...         write_atomic(plan, "id = 2")
        ...     except FileRefused as exc:
        ...         print(exc.message.en)
        refused: ... is an input this command read
        >>> read == [plan], plan.read_text()
        (True, 'id = 1')
    """
    reads: list[Path] = []
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


@contextlib.contextmanager
def replacing(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it, atomically, when the block succeeds.

    Write the whole output to the yielded path (and close it); on success it is synced to disk
    and renamed over ``path`` (readers see the old file or the new one, never a fragment); on
    any error it is deleted and ``path`` is untouched. ``inputs`` are the files the output was
    made from: writing over one of them is refused, as is writing over a file read inside
    :func:`recording_reads`.

    A symlink is followed: the file it points at is replaced, the link kept. A path that is
    not a regular file nor a folder (``/dev/stdout``, ``/dev/null``, a named pipe) cannot be
    replaced, and is not: the yielded path is ``path`` itself, written in place.

    Raises:
        FileRefused: the folder does not exist, the output is one of ``inputs``, or the write
            failed (a full disk, no permission); the message says which.
    """
    path = Path(path)
    shown = str(path)
    recorded = _READS.get() or ()
    if path.exists():
        for source in (*inputs, *recorded):
            if _same_file(path, Path(source)):
                raise FileRefused(Message("files.overwrites_input", path=shown))
    if path.is_dir():
        raise FileRefused(Message("files.is_folder", path=shown))
    if path.exists() and not path.is_file():  # a device or a pipe: written as it is
        try:
            yield path
        except OSError as exc:
            raise FileRefused(
                Message("files.cannot_write", path=shown, reason=exc.strerror or str(exc))
            ) from None
        return
    if path.is_symlink():  # a link to a regular file, or a dangling one: write its target
        path = Path(os.path.realpath(path))
    folder = path.parent
    if not folder.is_dir():
        raise FileRefused(Message("files.no_folder", path=shown, folder=str(folder)))
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise FileRefused(
            Message("files.cannot_write", path=shown, reason=exc.strerror or str(exc))
        ) from None
    tmp = Path(tmp_name)
    try:
        yield tmp
        fd = os.open(tmp, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:  # on disk before it replaces the old file: a crash leaves one or the other
            os.fsync(fd)
        finally:
            os.close(fd)
        try:  # a file replaced keeps its permissions; a new one gets the usual ones
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileRefused(
            Message("files.cannot_write", path=shown, reason=exc.strerror or str(exc))
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; see :func:`replacing`.

    Raises:
        FileRefused: as :func:`replacing`.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(path, inputs=inputs) as tmp, open(tmp, "wb") as fh:
        fh.write(raw)
