"""A time budget for one record's work, so one pathological record cannot stall a batch.

:func:`run_with_budget` runs a callable under a wall-clock budget and raises :class:`RecordTimeout`
when the budget runs out; :func:`guarded` turns that into a coded :class:`RecordError` (``E017``) that
names the file and record, which readers yield like any other bad record.

The budget is enforced with ``SIGALRM`` (``signal.setitimer``), the only way to interrupt running
Python code from outside it. That works on POSIX and on the main thread only; elsewhere (Windows, a
worker thread) the work runs unguarded rather than failing, because a missing guard is a lesser harm
than refusing to read. Only the innermost-free call arms the timer: a guarded call inside another one
runs under the outer budget, so nesting never silently cancels an outer deadline.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from .errors import RecordError, message

logger = logging.getLogger("nlp_trials")

T = TypeVar("T")

#: Seconds one record (reading, mapping, splitting its criteria) may take before it is skipped.
DEFAULT_SECONDS = 30.0

_state = threading.local()


class RecordTimeout(BaseException):
    """The guarded work ran past its budget (raised inside it by the alarm handler).

    A BaseException, like KeyboardInterrupt: it arrives asynchronously at any point of the work, and
    the readers' ``except Exception`` nets (which turn a bug into one record's error) must not catch
    it and report a timeout as an internal error.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"record took longer than {seconds:g} s")


def available() -> bool:
    """Whether a budget can be enforced here (POSIX ``setitimer`` and the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RecordTimeout` inside the block once ``seconds`` have passed.

    ``None`` or a non-positive value means no budget. Inside an enclosing budget, or where no alarm is
    available, the block runs unguarded. The previous ``SIGALRM`` handler and timer are restored.
    """
    if not seconds or seconds <= 0 or getattr(_state, "active", False) or not available():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise RecordTimeout(seconds)

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    _state.active = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _state.active = False
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:
            # Someone else's alarm was pending; give it back (less the time we used is not knowable
            # exactly, so it gets what it had: late rather than never).
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)


def run_with_budget(fn: Callable[[], T], seconds: float | None) -> T:
    """``fn()`` under a budget of ``seconds``; raises :class:`RecordTimeout` when it runs out."""
    with budget(seconds):
        return fn()


def guarded(fn: Callable[[], T], seconds: float | None, *, path: str | None, index: int | None) -> T | RecordError:
    """``fn()``, or a ``[E017]`` RecordError naming ``path`` and ``index`` if it ran past ``seconds``."""
    try:
        return run_with_budget(fn, seconds)
    except RecordTimeout as e:
        logger.debug("record %s of %s timed out after %s s", index, path, e.seconds)
        return RecordError(message("E017", seconds=f"{e.seconds:g}"), path=path, index=index)
