"""Reading a rule file of ``patterns/`` line by line, with the file and line in every error.

The span ruler patterns, the ConText rules and the term lists are JSON Lines, each with its own
schema and its own error codes; what they share is here: read the file as UTF-8, skip blank
lines, parse each other line as JSON, and say where a line is not JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import PatternError, message


def json_lines(path: Path, *, unreadable: str, invalid: str, example: str) -> Iterator[tuple[int, object]]:
    """``(line number, parsed value)`` of each non-blank line of the JSON Lines file ``path``.

    Args:
        path: The file.
        unreadable: Error code for a file that cannot be read (``{path}``, ``{detail}``).
        invalid: Error code for a line that is not JSON; its message may use ``{where}`` ("<path>,
            line <n>"), ``{path}``, ``{line}``, ``{detail}`` and ``{example}``.
        example: A valid line, shown in the error.

    Raises:
        PatternError: The file cannot be read or decoded, or a line is not JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PatternError(message(unreadable, path=path, detail=e)) from e
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            where = f"{path}, line {line_no}"
            raise PatternError(message(invalid, where=where, path=path, line=line_no, detail=e.msg, example=example)) from None
        yield line_no, value


__all__ = ["json_lines"]
