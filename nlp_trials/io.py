"""Output files that are written whole or not at all, and JSON Lines outputs an interrupted run resumes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_write(path: str | Path, *, encoding: str = "utf-8", binary: bool = False) -> Iterator[IO]:
    """Open a temporary file beside ``path`` and move it over ``path`` only if the block succeeds.

    An exception or an interrupt (Ctrl-C) inside the block removes the temporary file, so a reader of
    ``path`` sees the old complete file or the new complete file, never half of one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates the file 0600; the output should get the permissions any new file gets.
        os.chmod(tmp, 0o666 & ~_umask())
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` that replaces ``path`` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def partial_path(path: str | Path) -> Path:
    """Where a resumable output is written until its run finishes: ``OUT.partial`` beside ``OUT``."""
    target = Path(path)
    return target.with_name(target.name + ".partial")


@contextlib.contextmanager
def resumable_output(
    path: str | Path, *, resume: bool = False, last_record_whole: bool = True, encoding: str = "utf-8"
) -> Iterator[tuple[IO[str], frozenset[str]]]:
    """A JSON Lines output that appears at ``path`` whole, and that an interrupted run can resume.

    The records go to :func:`partial_path` (the caller flushes after each record); when the block
    succeeds the partial file is moved over ``path``. An exception or an interrupt leaves the
    partial file where it is and ``path`` untouched, so a reader of ``path`` never sees half a run.

    With ``resume``, the records already written (in the partial file of an interrupted run, else
    in a finished ``path``) are kept: a torn last line is cut off (and with
    ``last_record_whole=False``, every line of the last record, which may be incomplete), the rest
    is appended. Without it a stale partial file is started afresh.

    Yields:
        The open file, and the keys (:func:`nlp_trials.resume.line_key`) of the records it holds.
    """
    from .resume import open_for_append

    target = Path(path)
    partial = partial_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target, partial):
        if resume:
            # The lock made the partial file if there was none: an empty one holds nothing to keep.
            if partial.stat().st_size == 0 and target.exists():
                _copy_as_json_lines(target, partial)
            fh, done = open_for_append(partial, encoding=encoding, last_record_whole=last_record_whole)
        else:
            fh, done = open(partial, "w", encoding=encoding, newline=""), frozenset()  # noqa: SIM115
        with fh:  # closed (what was written kept) however the block ends
            yield fh, done
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)


@contextlib.contextmanager
def _locked(target: Path, partial: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``partial`` for the block, or raise E019 at once when another run
    holds it: two runs writing one output would truncate each other's records, and the second to
    finish would find its partial file moved away. (Where ``fcntl`` is missing, Windows, no lock.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    from .errors import OutputError, message

    with open(partial, "a", encoding="utf-8") as lock:  # "a": never truncates another run's records
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(message("E019", path=target, partial=partial)) from None
        yield


def _copy_as_json_lines(source: Path, dest: Path) -> None:
    """Copy a finished output to resume from; one indented JSON document (``extract``'s output for
    a single record) becomes one JSON line, so that records can be appended after it."""
    with open(source, "rb") as fh:
        first = fh.readline()
    try:
        json.loads(first)
    except ValueError:
        try:
            obj = json.loads(source.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            obj = None  # not JSON at all: copied as it is, and its lines are skipped as unreadable
        if isinstance(obj, dict):
            dest.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
            return
    shutil.copyfile(source, dest)
