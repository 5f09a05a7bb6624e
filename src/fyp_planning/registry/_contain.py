"""Running third-party plugin code contained (private engine of the registry).

Importing a plugin runs its code. Whatever that code does must stay that plugin's problem:

* it raises anything — ``SystemExit``, ``KeyboardInterrupt``, ``GeneratorExit`` as well as
  ordinary exceptions: each call runs in a daemon thread that catches every
  ``BaseException``. A real Ctrl-C cannot be among them: Python delivers SIGINT to the main
  thread only, which meanwhile just waits — so the user's Ctrl-C still stops the command, and a
  ``KeyboardInterrupt`` seen in a plugin's thread was raised by the plugin's own code;
* it never returns: the caller waits until a deadline, then gives up on it (the thread is a
  daemon and is abandoned; it no longer holds up the command or the interpreter's exit);
* it prints: while plugin code runs, ``sys.stdout`` and ``sys.stderr`` are routers that send
  what a plugin's thread writes to that call's record, and what any other thread writes to the
  real stream (so ``--format json`` stays valid JSON).

Not contained (they would need another process): ``os._exit``, writes to the file descriptors
themselves, a signal sent to the process, and output from threads the plugin starts or from a
plugin abandoned at the deadline that wakes up later.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TextIO, TypeVar, cast

import attrs

_T = TypeVar("_T")

#: Thread id → what that plugin thread wrote; the routers look writers up here.
_buffers: dict[int, list[str]] = {}


def in_plugin_code() -> bool:
    """Whether the calling thread is running a plugin's code (its import) right now."""
    return threading.get_ident() in _buffers


class _Router:
    """The stand-in for ``sys.stdout`` or ``sys.stderr`` while plugin code runs."""

    def __init__(self, real: TextIO | None) -> None:
        self._real = real  # None without a console (pythonw)

    def write(self, text: str) -> int:
        chunks = _buffers.get(threading.get_ident())
        if chunks is None:
            return self._real.write(text) if self._real is not None else len(text)
        chunks.append(str(text))
        return len(text)

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if threading.get_ident() not in _buffers and self._real is not None:
            self._real.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno ... of the real stream
        return getattr(self._real, name)


@attrs.frozen
class Outcome(Generic[_T]):
    """What one contained call did.

    Attributes:
        value: What it returned (``None`` unless it finished without raising).
        error: What it raised, as ``"Type: message"`` (``None`` when it raised nothing).
        output: What it wrote to standard output and standard error.
        finished: Whether it finished before the deadline.
        started: Whether it was started at all (the deadline may pass before its turn).
    """

    value: _T | None = None
    error: str | None = None
    output: str = ""
    finished: bool = True
    started: bool = True


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    try:
        said = str(exc)
    except BaseException:  # a plugin's __str__ is plugin code too
        return name
    return f"{name}: {said}" if said else name


def _run(call: Callable[[], _T], box: dict[str, Any], chunks: list[str]) -> None:
    me = threading.get_ident()
    _buffers[me] = chunks
    try:
        box["value"] = call()
    except BaseException as exc:  # all of it is the plugin's (module doc)
        box["error"] = _describe(exc)
    finally:
        box["done"] = True
        del _buffers[me]  # thread ids are reused: a later thread is not this plugin


#: Seconds to wait for one import before starting the next beside it: plugins import one after
#: the other (no concurrent imports) unless one is slow, and a hung one holds up no other.
PATIENCE = 1.0


def run_contained(calls: Sequence[Callable[[], _T]], seconds: float) -> list[Outcome[_T]]:
    """Run ``calls``, each in its own daemon thread, all within ``seconds``.

    Each call is waited for up to :data:`PATIENCE` seconds before the next starts (so calls
    normally run one after the other); a slow one goes on beside the next. A call still running
    at the deadline is abandoned (``finished=False``); calls whose turn comes after the
    deadline are not started (``started=False``). A ``KeyboardInterrupt`` in the calling thread
    (the user's Ctrl-C) propagates at once.

    Examples:
        >>> def noisy() -> int:
        ...     print("hello")
        ...     return 1
        >>> def leaving() -> int:
        ...     raise SystemExit(3)
        >>> [(o.value, o.error, o.output) for o in run_contained([noisy, leaving], 5)]
        [(1, None, 'hello\\n'), (None, 'SystemExit: 3', '')]
    """
    deadline = time.monotonic() + seconds
    started: list[tuple[threading.Thread, dict[str, Any], list[str]] | None] = []
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Router(real_out))
    sys.stderr = cast(TextIO, _Router(real_err))
    try:
        for call in calls:
            left = deadline - time.monotonic()
            if left <= 0:
                started.append(None)
                continue
            box: dict[str, Any] = {}
            chunks: list[str] = []
            worker = threading.Thread(
                target=_run, args=(call, box, chunks), name="fyp-plugin-import", daemon=True
            )
            worker.start()
            worker.join(min(PATIENCE, left))
            started.append((worker, box, chunks))
        for run in started:
            if run is not None:
                run[0].join(max(0.0, deadline - time.monotonic()))
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    outcomes: list[Outcome[_T]] = []
    for run in started:
        if run is None:
            outcomes.append(Outcome(finished=False, started=False))
            continue
        _, box, chunks = run
        if not box.get("done"):  # read first: an abandoned call may finish meanwhile
            outcomes.append(Outcome(output="".join(chunks), finished=False))
            continue
        outcomes.append(
            Outcome(value=box.get("value"), error=box.get("error"), output="".join(chunks))
        )
    return outcomes
