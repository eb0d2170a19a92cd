"""Readers: any supported trial record -> :class:`~nlp_trials.schema.Trial` objects.

Every format module exposes ``parse(text, *, path) -> Iterator[Trial | RecordError]``: it yields one item
per record, a ``RecordError`` (not raised) for a record it cannot read, so one bad record never stops a
batch. This module detects the format from content, decodes bytes safely and turns unexpected reader
failures into ``RecordError`` as well.

The multi-record formats (ClinicalTrials.gov JSON and XML) also expose ``parse_stream(fh, *, path)``:
:func:`parse_file` hands them the open file, so JSON Lines, big ``{"studies": [...]}`` pages, arrays and
XML wrappers are read one record at a time with flat memory. Every record's work runs under a time
budget (:mod:`nlp_trials.guard`, ``time_limit`` seconds, ``[E017]`` when it runs out).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from ..errors import FormatError, RecordError, message
from ..guard import DEFAULT_SECONDS, guarded
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

#: Formats whose readers read many records per file, each under its own time budget, and can stream
#: from an open binary file (``parse_stream``).
STREAMING: dict[str, Callable[..., Iterator["Trial | RecordError"]]] = {
    "ctgov-json": ctgov_json.parse_stream,
    "ctgov-xml": ctgov_xml.parse_stream,
}

#: Files of a single-record format (pages, criteria text) larger than this are refused unread;
#: the streamed formats (JSON, XML) have no file limit, only a limit per record.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: A single record (page, XML document, JSON study, criteria text) larger than this is refused.
MAX_RECORD_CHARS = 20_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")

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


def parse_text(
    text: str, *, path: str | None = None, format: str | None = None, time_limit: float | None = DEFAULT_SECONDS
) -> Iterator[Trial | RecordError]:
    """Parse already-decoded ``text``: yields a Trial or a RecordError per record, never raises RecordError.

    ``time_limit`` is the budget in seconds for each record (None: no limit); a record that runs past
    it becomes an ``[E017]`` RecordError and the next record is read.
    """
    fmt = check_format(format)
    if not text.strip():
        yield RecordError(message("E001"), path=path)
        return
    if _SURROGATE.search(text):
        # Only a str built in memory can hold lone surrogates (decoding refuses them); no output can
        # encode them, so each becomes U+FFFD, one character for one, keeping every offset.
        text = _SURROGATE.sub("\ufffd", text)
    fmt = fmt or detect_format(text)
    if fmt not in STREAMING and len(text) > MAX_RECORD_CHARS:
        yield RecordError(message("E009", size=len(text), limit=MAX_RECORD_CHARS), path=path)
        return
    if fmt in STREAMING:
        items = PARSERS[fmt](text, path=path, time_limit=time_limit)
    else:
        items = _one_record(PARSERS[fmt], text, path=path, time_limit=time_limit)
    yield from _contained(items, fmt, path=path)


def _one_record(parser: Parser, text: str, *, path: str | None, time_limit: float | None) -> Iterator[Trial | RecordError]:
    # A single-record format's work (layout detection, criteria splitting) is one unit under the budget.
    result = guarded(lambda: list(parser(text, path=path)), time_limit, path=path, index=None)
    yield from [result] if isinstance(result, RecordError) else result


def _contained(items: Iterator[Trial | RecordError], fmt: str, *, path: str | None) -> Iterator[Trial | RecordError]:
    """Pass ``items`` on, turning a reader's escaped failure into one final RecordError."""
    index = -1
    try:
        for index, item in enumerate(items):
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


#: Bytes read from the start of a file to tell its format before streaming it.
SNIFF_BYTES = 65536


def _open(name: str) -> IO[bytes]:
    """A seekable binary handle on ``name``; standard input is spooled to a temporary file first."""
    if name != "-":
        return open(name, "rb")  # noqa: SIM115 - closed by the caller
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(sys.stdin.buffer, spool)
    spool.seek(0)
    return spool


def _streamed_format(head: bytes, fmt: str | None, name: str) -> str | None:
    """The streaming format to read the file with, or None to read it whole."""
    if fmt is not None:
        return fmt if fmt in STREAMING else None
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        return "ctgov-json"
    if first == b"<":
        return "ctgov-xml"
    return None


def parse_file(
    path: str | Path, *, format: str | None = None, time_limit: float | None = DEFAULT_SECONDS
) -> Iterator[Trial | RecordError]:
    """Read one file (``"-"`` is standard input) and yield its records as Trials or RecordErrors.

    JSON and XML files are streamed record by record (memory holds about one record); pages and
    criteria text are one record each and read whole. ``time_limit`` is the budget per record.
    """
    name = str(path)
    fmt = check_format(format)
    try:
        fh = _open(name)
    except OSError as e:
        yield RecordError(message("E012", path=name, detail=e.strerror or e), path=name)
        return
    with fh:
        try:
            head = fh.read(SNIFF_BYTES)
        except OSError as e:
            yield RecordError(message("E012", path=name, detail=e.strerror or e), path=name)
            return
        streamed = _streamed_format(head, fmt, name)
        if streamed is not None:
            # Undecodable bytes or NULs in a streamed file cost the record they are in (or, in one
            # document, the rest of the file), found as the stream reaches them.
            fh.seek(0)
            yield from _contained(STREAMING[streamed](fh, path=name, time_limit=time_limit), streamed, path=name)
            return
        if b"\x00" in head:
            yield RecordError(message("E002", pos=head.index(b"\x00")), path=name)
            return
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > min(MAX_FILE_BYTES, 4 * MAX_RECORD_CHARS):
                # Even at four bytes a character this is more than one record may hold.
                yield RecordError(message("E009", size=size, limit=MAX_RECORD_CHARS), path=name)
                return
            data = head + fh.read()
            text_ = decode(data, path=name)
        except OSError as e:
            yield RecordError(message("E012", path=name, detail=e.strerror or e), path=name)
            return
        except RecordError as e:
            yield e
            return
    yield from parse_text(text_, path=name, format=format, time_limit=time_limit)


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
    "STREAMING",
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
