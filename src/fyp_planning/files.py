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
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .text import Message

__all__ = ["FileRefused", "read_bounded", "replacing", "write_atomic"]


class FileRefused(Exception):
    """A file that may not be read or written; ``message`` says why (internal, never escapes)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def read_bounded(path: str | Path, *, limit: int, within: str | Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, optionally inside a folder.

    A FIFO, a device (``/dev/zero``), a folder, a file over ``limit`` bytes, or (with ``within``)
    a path that resolves outside the folder — through ``..``, an absolute path or a symlink — is
    refused without reading it. Opening never blocks (``O_NONBLOCK``).

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
    except OSError as exc:
        raise FileRefused(
            Message("files.cannot_read", path=shown, reason=exc.strerror or str(exc))
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(Message("files.not_regular", path=shown))
        if info.st_size > limit:
            raise FileRefused(
                Message("files.too_large", path=shown, size=info.st_size, limit=limit)
            )
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # the file grew while we read it
            raise FileRefused(Message("files.too_large", path=shown, size=len(data), limit=limit))
        return data
    except OSError as exc:
        raise FileRefused(
            Message("files.cannot_read", path=shown, reason=exc.strerror or str(exc))
        ) from None
    finally:
        os.close(fd)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@contextlib.contextmanager
def replacing(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it, atomically, when the block succeeds.

    Write the whole output to the yielded path; on success it is renamed over ``path`` (readers
    see the old file or the new one, never a fragment); on any error it is deleted and ``path``
    is untouched. ``inputs`` are the files the output was made from: writing over one of them is
    refused.

    Raises:
        FileRefused: the folder does not exist, the output is one of ``inputs``, or the write
            failed (a full disk, no permission); the message says which.
    """
    path = Path(path)
    shown = str(path)
    for source in inputs:
        if path.exists() and _same_file(path, Path(source)):
            raise FileRefused(Message("files.overwrites_input", path=shown))
    folder = path.parent
    if not folder.is_dir():
        raise FileRefused(Message("files.no_folder", path=shown, folder=str(folder)))
    if path.is_dir():
        raise FileRefused(Message("files.is_folder", path=shown))
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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
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
        fh.flush()
        os.fsync(fh.fileno())
