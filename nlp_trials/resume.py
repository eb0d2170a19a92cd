"""Resume a JSON Lines output: which records an earlier, interrupted run already wrote.

A record's key is its trial id, or ``"<source path>#<index>"`` when it has none, computed the same
way for a Trial about to be written (:func:`trial_key`) and for a line already in the output
(:func:`line_key`), so a command can skip the records it finds and append the rest.

An interrupted run may leave a torn last line (the process died mid-write). :func:`scan_output`
reads only complete lines and reports where the complete part ends; :func:`open_for_append` cuts the
torn tail off before appending, so the resumed output is valid JSON Lines again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from .schema import Trial

T = TypeVar("T")


def _key(trial_id: Any, path: Any, index: Any) -> str | None:
    if isinstance(trial_id, str) and trial_id:
        return trial_id
    if path is None and index is None:
        return None
    return f"{path}#{'' if index is None else index}"


def trial_key(trial: Trial) -> str | None:
    """The key of a Trial: its id, else ``"path#index"``; None for an id-less record read from memory."""
    return _key(trial.id, trial.source.path, trial.source.index)


def line_key(obj: Mapping[str, Any]) -> str | None:
    """The key of one output line, or None when the line does not say which record it came from.

    Reads Trial lines (``extract``: ``id`` and ``source.path``/``source.index``), annotated
    document lines (``annotate``: ``meta.trial_id``, or ``meta.source`` with ``meta.index``) and
    regimen rows (``schedules``: ``trial_id``).
    """
    source = obj.get("source")
    if isinstance(source, Mapping):
        return _key(obj.get("id"), source.get("path"), source.get("index"))
    meta = obj.get("meta")
    if isinstance(meta, Mapping):
        if "index" in meta or meta.get("trial_id"):
            return _key(meta.get("trial_id"), meta.get("source"), meta.get("index"))
        return None
    trial_id = obj.get("trial_id")  # a row of the schedules table
    return trial_id if isinstance(trial_id, str) and trial_id else None


@dataclass(frozen=True)
class ResumeState:
    """What an existing output holds."""

    keys: frozenset[str]
    """Keys of the records written on complete, valid lines."""
    lines: int
    """Complete lines read (blank and unkeyed lines included)."""
    complete_bytes: int
    """Length in bytes of the output's complete part; anything after it is a torn last line."""
    torn: bool
    """Whether the output ends in a torn (unterminated or undecodable) last line."""


def scan_output(path: str | Path, *, last_record_whole: bool = True) -> ResumeState:
    """Read the records already in the JSON Lines output at ``path`` (a missing file holds none).

    Reads line by line, so memory holds the keys, not the file. A final line without its newline, or
    one that is not valid JSON, is taken as torn by the interruption and left out. With
    ``last_record_whole=False`` (outputs that write several lines per record, such as annotate's
    documents), the lines of the last record are left out too, since the run may have stopped
    between two of them: that record is written again.
    """
    keys: set[str] = set()
    lines = 0
    complete = 0
    torn = False
    last_bad: int | None = None  # start of the last complete line when it is not valid JSON
    # The last run of consecutive lines of one record: its key, where it starts, lines before it.
    run_key: str | None = None
    run_start = run_lines_before = 0
    earlier_run_of_key = False
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return ResumeState(frozenset(), 0, 0, False)
    with fh:
        pos = 0
        for raw in fh:
            start, pos = pos, pos + len(raw)
            if not raw.endswith(b"\n"):
                # Unterminated: the write was cut short (even if what is there parses, appending
                # after it would glue two records together). The record is simply written again.
                torn = True
                break
            lines += 1
            complete = pos
            try:
                obj = json.loads(raw) if raw.strip() else None
            except (ValueError, RecursionError):
                last_bad = start
                continue
            last_bad = None
            if isinstance(obj, Mapping):
                key = line_key(obj)
                if key is not None:
                    if key != run_key:
                        # A new run of lines of one record starts here.
                        earlier_run_of_key = key in keys
                        run_key, run_start, run_lines_before = key, start, lines - 1
                    keys.add(key)
    if not torn and last_bad is not None:
        # A corrupt final line is the torn write of an interrupted run; one in the middle is left alone.
        torn = True
        complete = last_bad
        lines -= 1
    if not last_record_whole and run_key is not None:
        complete, lines = run_start, run_lines_before
        if not earlier_run_of_key:
            keys.discard(run_key)
    return ResumeState(frozenset(keys), lines, complete, torn)


def open_for_append(
    path: str | Path, *, encoding: str = "utf-8", last_record_whole: bool = True
) -> tuple[IO[str], frozenset[str]]:
    """Open the output at ``path`` to append to it, after cutting off a torn last line (and, with
    ``last_record_whole=False``, the last record's lines, see :func:`scan_output`).

    Returns the open file (the caller closes it) and the keys of the records already written.
    """
    state = scan_output(path, last_record_whole=last_record_whole)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and os.path.getsize(target) != state.complete_bytes:
        with open(target, "r+b") as fh:
            fh.truncate(state.complete_bytes)
    return open(target, "a", encoding=encoding, newline=""), state.keys


def skip_written(
    items: Iterable[T], done: frozenset[str], counter: list[int], *, trial_of: Callable[[T], object] = lambda item: item
) -> Iterator[T]:
    """``items`` without the records whose Trial (``trial_of(item)``) has a key (:func:`trial_key`)
    in ``done``, the records an earlier run already wrote; ``counter[0]`` counts those left out.
    Errors pass, to be reported (and their records tried) again."""
    for item in items:
        trial = trial_of(item)
        if done and isinstance(trial, Trial) and trial_key(trial) in done:
            counter[0] += 1
            continue
        yield item
