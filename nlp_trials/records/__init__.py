"""Readers: any supported trial record -> :class:`~nlp_trials.schema.Trial` objects.

Every format module exposes ``parse(text, *, path) -> Iterator[Trial | RecordError]``: it yields one item
per record, a ``RecordError`` (not raised) for a record it cannot read, so one bad record never stops a
batch. This module detects the format from content, decodes bytes safely and turns unexpected reader
failures into ``RecordError`` as well.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import FormatError, RecordError, message
from ..schema import SOURCE_FORMATS, Trial
from . import classic_page, ctgov_json, ctgov_page, ctgov_xml, text, veeva_page

logger = logging.getLogger("nlp_trials")

Parser = Callable[..., Iterator["Trial | RecordError"]]

PARSERS: dict[str, Parser] = {
    "ctgov-json": ctgov_json.parse,
    "ctgov-xml": ctgov_xml.parse,
    "ctgov-page": ctgov_page.parse,
    "ctgov-classic-page": classic_page.parse,
    "veeva-page": veeva_page.parse,
    "text": text.parse,
}

#: Files larger than this are refused whole (JSON Lines are limited per line instead).
MAX_FILE_BYTES = 512 * 1024 * 1024
#: A single record (page, XML document, JSON study, criteria text) larger than this is refused.
MAX_RECORD_CHARS = 20_000_000

RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".xml", ".txt", ".text", ".md"})


def detect_format(text: str) -> str:
    """Guess the format of ``text`` from its content.

    JSON and XML are told by their first character; saved pages by the fixed labels each site prints
    (ClinicalTrials.Veeva's footer and section names, the classic page's ``ClinicalTrials.gov
    Identifier:`` table cell, the current page's ``NCT ID:`` line and section headings). Everything else
    is plain criteria text.
    """
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head in "{[":
        return "ctgov-json"
    if head == "<":
        return "ctgov-xml"
    if veeva_page.sniff(text):
        return "veeva-page"
    if classic_page.sniff(text):
        return "ctgov-classic-page"
    if ctgov_page.sniff(text):
        return "ctgov-page"
    return "text"


def decode(data: bytes, *, path: str | None) -> str:
    """Decode a file's bytes as UTF-8 text, refusing binary content with a clear error."""
    if b"\x00" in data[:65536]:
        raise RecordError(message("E002", pos=data.index(b"\x00")), path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordError(message("E002", pos=e.start), path=path) from None
    if "\x00" in text:
        raise RecordError(message("E002", pos=text.index("\x00")), path=path)
    return text


def check_format(fmt: str | None) -> str | None:
    """Validate a user-given format name (None means detect)."""
    if fmt is None or fmt == "auto":
        return None
    if fmt not in SOURCE_FORMATS:
        raise FormatError(message("E008", value=fmt, allowed=", ".join(("auto",) + SOURCE_FORMATS)))
    return fmt


def parse_text(text: str, *, path: str | None = None, format: str | None = None) -> Iterator[Trial | RecordError]:
    """Parse already-decoded ``text``: yields a Trial or a RecordError per record, never raises RecordError."""
    fmt = check_format(format)
    if not text.strip():
        yield RecordError(message("E001"), path=path)
        return
    fmt = fmt or detect_format(text)
    if fmt not in ("ctgov-json",) and len(text) > MAX_RECORD_CHARS:
        yield RecordError(message("E009", size=len(text), limit=MAX_RECORD_CHARS), path=path)
        return
    index = -1
    try:
        for index, item in enumerate(PARSERS[fmt](text, path=path)):
            yield item
    except RecordError as e:
        e.path = e.path or path
        yield e
    except RecursionError:
        yield RecordError(message("E010", limit=sys.getrecursionlimit()), path=path)
    except Exception as e:  # noqa: BLE001 - a reader bug must cost one record, not the batch
        logger.debug("reader %s failed on %s", fmt, path, exc_info=True)
        yield RecordError(
            f"[E000] internal error in the {fmt} reader ({type(e).__name__}: {e}); please report it",
            path=path,
            index=index + 1 if index >= 0 else None,
        )


def load_text(path: str | Path) -> str:
    """The decoded text of one file (``"-"`` is standard input); raises RecordError on a bad file."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            size = os.path.getsize(name)
            if size > MAX_FILE_BYTES:
                raise RecordError(message("E009", size=size, limit=MAX_FILE_BYTES), path=name)
            data = Path(name).read_bytes()
    except OSError as e:
        raise RecordError(message("E012", path=name, detail=e.strerror or e), path=name) from None
    return decode(data, path=name)


def parse_file(path: str | Path, *, format: str | None = None) -> Iterator[Trial | RecordError]:
    """Read one file (``"-"`` is standard input) and yield its records as Trials or RecordErrors."""
    try:
        text_ = load_text(path)
    except RecordError as e:
        yield e
        return
    yield from parse_text(text_, path=str(path), format=format)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[str]:
    """Expand folders (recursively, sorted, record-like suffixes only) and pass files and ``-`` through."""
    for p in paths:
        name = str(p)
        if name != "-" and os.path.isdir(name):
            for root, dirs, files in os.walk(name):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and Path(f).suffix.lower() in RECORD_SUFFIXES:
                        yield os.path.join(root, f)
        else:
            yield name


def read_results(
    sources: str | Path | Iterable[str | Path], *, format: str | None = None
) -> Iterator[Trial | RecordError]:
    """Yield a Trial or a RecordError for every record in the given files and folders."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    for path in iter_paths(sources):
        yield from parse_file(path, format=format)


def _looks_like_path(source: str) -> bool:
    return "\n" not in source and len(source) < 4096 and (source == "-" or os.path.exists(source))


def read(
    source: str | Path | bytes | Iterable[str | Path],
    *,
    format: str | None = None,
    on_error: Literal["raise", "skip"] = "raise",
) -> Iterator[Trial]:
    """Read trial records into :class:`Trial` objects.

    Args:
        source: a file or folder path (``Path`` or ``str``), a list of them, ``"-"`` for standard
            input, or the record itself as text or bytes. A ``str`` that names an existing file is read
            as a path; any other string is parsed as the record's content.
        format: force a format (one of ``SOURCE_FORMATS``); detected from content by default.
        on_error: ``"raise"`` raises the first :class:`RecordError`; ``"skip"`` drops bad records
            (use :func:`read_results` to see them).

    Yields:
        One Trial per record, in file order.
    """
    if isinstance(source, bytes):
        try:
            results: Iterator[Trial | RecordError] = parse_text(decode(source, path=None), format=format)
        except RecordError as e:
            results = iter([e])
    elif isinstance(source, str) and not _looks_like_path(source):
        results = parse_text(source, format=format)
    else:
        results = read_results(source, format=format)  # type: ignore[arg-type]
    for item in results:
        if isinstance(item, RecordError):
            if on_error == "raise":
                raise item
            continue
        yield item


__all__ = [
    "PARSERS",
    "RecordError",
    "decode",
    "detect_format",
    "iter_paths",
    "load_text",
    "parse_file",
    "parse_text",
    "read",
    "read_results",
]
