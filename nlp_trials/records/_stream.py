"""Bounded-memory building blocks for the streaming readers.

* :class:`Utf8Chunks` reads a binary file as strictly decoded UTF-8 text, one chunk at a time.
* :class:`JsonScanner` walks one JSON text held in such chunks (or in one string) and decodes the
  values the caller asks for one by one, so the elements of a huge array or ``{"studies": [...]}``
  page are decoded one at a time and memory holds about one element plus one chunk.
* :func:`iter_lines` yields the lines of a binary file with a per-line size limit.

Decoding stays with the C ``json`` decoder (``raw_decode`` at the cursor); the pure-Python
bracket/string-aware scan only runs where a value crosses a chunk boundary or is malformed, to find
where it ends. Nothing here knows about studies: errors are coded messages the reader attaches to a
record.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..errors import RecordError, message

#: Characters read from a file per chunk.
CHUNK_CHARS = 1 << 20

_NON_WS = re.compile(r"[^ \t\r\n]")
_STRUCT = re.compile(r'["\[\]{}]')
# A string's body up to (not including) its closing quote, or up to a lone trailing backslash or the
# end of the buffer when the string goes on in the next chunk. Unrolled, so it runs in linear time.
_STR_BODY = re.compile(r'[^"\\]*(?:\\[\s\S][^"\\]*)*')
_SCALAR_END = re.compile(r'[ \t\r\n,:\]\}\[\{"]')


class Utf8Chunks:
    """Text chunks of a binary stream decoded as UTF-8 (a leading byte-order mark dropped).

    Invalid UTF-8 or a NUL character raises a ``[E002]`` RecordError naming the byte offset, as
    :func:`nlp_trials.records.decode` does for a whole file.
    """

    def __init__(self, fh: IO[bytes], *, path: str | None, chunk_bytes: int | None = None) -> None:
        self._fh = fh
        self._path = path
        self._chunk = chunk_bytes or CHUNK_CHARS
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._first = True
        self.bytes_read = 0
        self.chars = 0
        self._done = False
        self._error: RecordError | None = None

    def __call__(self) -> str:
        """The next chunk of text; ``""`` at the end of the stream. A decoding error is raised again
        on every later call, so no reader mistakes it for the end of the file."""
        if self._error is not None:
            raise RecordError(self._error.reason, path=self._path)
        return self._next()

    def _next(self) -> str:
        while not self._done:
            data = self._fh.read(self._chunk)
            pending = self._decoder.getstate()[0]
            start = self.bytes_read - len(pending)  # file offset of pending + data
            self.bytes_read += len(data)
            error: RecordError | None = None
            try:
                text = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as e:
                # Hand out the good text before the bad byte first; the error comes on the next call.
                text = (pending + data)[: e.start].decode("utf-8")
                error = RecordError(message("E002", pos=start + e.start), path=self._path)
            if self._first and text:
                text = text.removeprefix("\ufeff")
                self._first = False
            nul = text.find("\x00")
            if nul >= 0:
                error = RecordError(message("E002", pos=start + len(text[:nul].encode("utf-8", "surrogatepass"))), path=self._path)
                text = text[:nul]
            if error is not None:
                self._error = error
                self._done = True
            elif not data:
                self._done = True
            if text:
                self.chars += len(text)
                return text
            if error is not None:
                raise error
        return ""


class JsonStreamError(Exception):
    """A value could not be decoded. ``fatal``: the input ended inside it, nothing can follow."""

    def __init__(self, reason: str, *, fatal: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal


class JsonScanner:
    """A cursor over one JSON text that arrives in chunks; holds the current value and one chunk.

    ``read`` returns the next chunk (``""`` at the end); ``first`` is text already read. Positions in
    error messages are the whole text's line and column, as ``json.loads`` reports them.
    """

    def __init__(self, read: Callable[[], str], *, max_chars: int, first: str = "") -> None:
        self._read = read
        self.buf = first
        self.pos = 0
        self.eof = False
        self.max_chars = max_chars
        self._decoder = json.JSONDecoder()
        self._abs = 0  # offset in the whole text of buf[0]
        self._lines = 0  # newlines before buf[0]
        self._last_nl = -1  # offset in the whole text of the last newline before buf[0]

    # --- buffer -----------------------------------------------------------------------------------

    def more(self, keep: int) -> bool:
        """Append a chunk, dropping ``buf[:keep]`` (``pos`` shifts with it); False at the end."""
        if self.eof:
            return False
        chunk = self._read()
        if not chunk:
            self.eof = True
            return False
        if keep > 0:
            dropped = self.buf[:keep]
            n = dropped.count("\n")
            if n:
                self._lines += n
                self._last_nl = self._abs + dropped.rindex("\n")
            self._abs += keep
            self.pos -= keep
            self.buf = self.buf[keep:] + chunk
        else:
            self.buf += chunk
        return True

    def where(self, index: int | None = None) -> str:
        """``line L column C`` of ``buf[index]`` (default: the cursor) in the whole text."""
        i = self.pos if index is None else index
        i = max(0, min(i, len(self.buf)))
        line = self._lines + self.buf.count("\n", 0, i) + 1
        j = self.buf.rfind("\n", 0, i)
        column = i - j if j >= 0 else self._abs + i - self._last_nl
        return f"line {line} column {column}"

    def offset(self) -> int:
        """The cursor's offset in the whole text."""
        return self._abs + self.pos

    def peek(self) -> str:
        """The next non-white-space character ("" at the end); the cursor moves onto it."""
        while True:
            m = _NON_WS.search(self.buf, self.pos)
            if m is not None:
                self.pos = m.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more(self.pos):
                return ""

    def head_line(self, limit: int) -> tuple[str, int] | None:
        """The first non-blank line and the index just past it, if it ends within ``limit`` characters.

        The cursor does not move; what was read stays in the buffer. An undecodable chunk ends the
        look-ahead (the error comes again when the reader reaches it).
        """
        start = self.pos
        while True:
            m = _NON_WS.search(self.buf, start)
            if m is not None:
                end = self.buf.find("\n", m.start())
                if end >= 0:
                    return self.buf[m.start() : end], end
                if len(self.buf) - m.start() > limit:
                    return None
            try:
                if not self.more(0):
                    return (self.buf[m.start() :], len(self.buf)) if m is not None else None
            except RecordError:
                return None

    def has_more_after(self, index: int) -> bool:
        """Whether anything but white space follows ``buf[index]`` (reads at most until it knows)."""
        while True:
            if _NON_WS.search(self.buf, index) is not None:
                return True
            if not self.more(0):
                return False

    # --- values -----------------------------------------------------------------------------------

    def value(self) -> Any:
        """Decode the value at the cursor (after :meth:`peek`) and move past it.

        Raises JsonStreamError: ``[E003]`` malformed, ``[E010]`` too deep, ``[E009]`` larger than
        ``max_chars``. The cursor then sits after the bad value when its end could be found (the
        caller may go on) or at the end of the input (``fatal``).
        """
        start = self.pos
        deep = False
        try:
            obj, end = self._decoder.raw_decode(self.buf, start)
        except json.JSONDecodeError:
            pass
        except RecursionError:
            deep = True
        else:
            if end < len(self.buf) or self.eof:
                self.pos = end
                if end - start > self.max_chars:
                    raise JsonStreamError(message("E009", size=end - start, limit=self.max_chars), fatal=False)
                return obj
        end = self._extent()
        if end is None:
            # The input ends inside this value; everything up to the end is in the buffer now.
            reason = self._limit_error(deep) or self._decode_error(self.pos)
            self.pos = len(self.buf)
            raise JsonStreamError(reason, fatal=True)
        start = self.pos
        self.pos = end
        if deep:
            raise JsonStreamError(self._limit_error(True) or "", fatal=False)
        try:
            obj, stop = self._decoder.raw_decode(self.buf, start)
        except json.JSONDecodeError as e:
            raise JsonStreamError(message("E003", detail=f"{e.msg} at {self.where(e.pos)}"), fatal=False) from None
        except RecursionError:
            raise JsonStreamError(self._limit_error(True) or "", fatal=False) from None
        if stop != end:
            raise JsonStreamError(message("E003", detail=f"Expecting ',' delimiter at {self.where(stop)}"), fatal=False)
        return obj

    def _limit_error(self, deep: bool) -> str | None:
        if not deep:
            return None
        return message("E010", limit=sys.getrecursionlimit())

    def _decode_error(self, start: int) -> str:
        try:
            self._decoder.raw_decode(self.buf, start)
        except json.JSONDecodeError as e:
            return message("E003", detail=f"{e.msg} at {self.where(e.pos)}")
        except RecursionError:
            return self._limit_error(True) or ""
        return message("E003", detail=f"Expecting value at {self.where(len(self.buf))}")

    def _extent(self) -> int | None:
        """Index just past the value at the cursor, reading more chunks as needed; None if the input ends first.

        Brackets are matched by kind, so a mismatched closer ends the (malformed) value there and a
        reader can resume after it. A value larger than ``max_chars`` is scanned to its end without
        being kept and raises ``[E009]``.
        """
        i = self.pos
        origin = self._abs + self.pos
        skipping = False
        first = self.buf[i]
        stack: list[str] = []
        in_str = False
        if first in "[{":
            stack.append(first)
            i += 1
        elif first == '"':
            in_str = True
            i += 1
        while True:
            end: int | None = None
            if in_str:
                j = _STR_BODY.match(self.buf, i).end()  # type: ignore[union-attr]
                if j < len(self.buf) and self.buf[j] == '"':
                    in_str = False
                    i = j + 1
                    if stack:
                        continue
                    end = i
                else:
                    i = j  # the string goes on (perhaps after a backslash) in the next chunk
            elif not stack:
                m = _SCALAR_END.search(self.buf, i)
                if m is not None:
                    end = m.start()
                else:
                    i = len(self.buf)
            else:
                m = _STRUCT.search(self.buf, i)
                if m is None:
                    i = len(self.buf)
                else:
                    ch = m.group()
                    i = m.end()
                    if ch == '"':
                        in_str = True
                        continue
                    if ch in "[{":
                        stack.append(ch)
                        continue
                    opener = stack.pop()
                    if stack and (opener == "[") == (ch == "]"):
                        continue
                    end = i  # closed, or a mismatched closer that ends the malformed value
            if end is not None:
                size = self._abs + end - origin
                if skipping or size > self.max_chars:
                    self.pos = end
                    raise JsonStreamError(message("E009", size=size, limit=self.max_chars), fatal=False)
                return end
            size = self._abs + i - origin
            if size > self.max_chars:
                skipping = True
            keep = i if skipping else self.pos
            if not self.more(keep):
                if not stack and not in_str:
                    return len(self.buf)  # a bare number or literal ends with the input
                if skipping:
                    self.pos = len(self.buf)
                    raise JsonStreamError(message("E009", size=size, limit=self.max_chars), fatal=True)
                return None
            i -= keep


def iter_lines(fh: IO[bytes], *, max_bytes: int) -> Iterator[tuple[int, int, bytes | int]]:
    """``(line number, byte offset, line)`` for each line of ``fh`` split on ``\\n`` only.

    A line longer than ``max_bytes`` is not kept: its length in bytes comes instead of its content,
    and reading goes on at the next line.
    """
    lineno = 0
    offset = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        start = offset
        offset += len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = fh.readline(CHUNK_CHARS)
                offset += len(rest)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, start, size
            continue
        yield lineno, start, line
