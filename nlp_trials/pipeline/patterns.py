"""Pattern records for the span rulers: schema, file reader and directory checks.

Pattern files are spaCy ``span_ruler`` JSONL, one record per line::

    {"label": "DRUG", "pattern": "cisplatin", "id": "drug:cisplatin|DRUGBANK:DB00515"}
    {"label": "DISEASE", "pattern": [{"ORTH": "NET"}], "id": "disease:neuroendocrine tumor"}

A string ``pattern`` is a phrase (tokenized by the pipeline's tokenizer when the pipeline is
assembled and saved with its tokens, see :mod:`.ruler`); a list is a spaCy token pattern. spaCy
allows no other keys, so the concept a phrase stands for travels in ``id`` (it becomes
``span.id_``): ``<kind>:<key>`` or ``<kind>:<key>|<PREFIX>:<code>``, where ``<kind>`` is the label
lower-cased, ``<key>`` the normalized preferred name and the optional code a
CURIE such as ``DRUGBANK:DB00515``, ``MESH:D000082082``, ``DOID:5409`` or ``ICD10CM:C34.90``.
``patterns/README.md`` documents each file.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from spacy.schemas import validate_token_pattern

from ..errors import PatternError, message
from ..labels import ENTITY_LABELS
from .json_lines import json_lines

#: The keys spaCy's SpanRuler accepts in a pattern record.
ALLOWED_KEYS: tuple[str, ...] = ("label", "pattern", "id")

_EXAMPLE = '{"label": "DRUG", "pattern": "cisplatin", "id": "drug:cisplatin|DRUGBANK:DB00515"}'
_ID_RE = re.compile(
    r"^(?P<kind>[a-z][a-z_]*):(?P<key>[^|\s](?:[^|]*[^|\s])?)"
    r"(?:\|(?P<code>[A-Z][A-Z0-9_]*:[^|\s]+))?$"
)
#: How many conflicts a PatternError spells out before summarizing the rest.
_MAX_REPORTED = 20


class PatternId(NamedTuple):
    """The parts of a pattern ``id``: ``kind:key|code`` (``code`` is ``None`` when absent)."""

    kind: str
    key: str
    code: str | None


def parse_pattern_id(value: str) -> PatternId:
    """Split a pattern id into kind, key and code.

    Args:
        value: An id such as ``"drug:cisplatin|DRUGBANK:DB00515"`` or ``"disease:cancer"``.

    Returns:
        The :class:`PatternId`.

    Raises:
        ValueError: When the id does not follow ``<kind>:<key>[|<PREFIX>:<code>]``.
    """
    match = _ID_RE.match(value)
    if match is None:
        raise ValueError(
            f"id {value!r} does not follow '<kind>:<key>' or '<kind>:<key>|<PREFIX>:<code>' "
            "(kind in lower case, no '|' in the key, a code such as 'DRUGBANK:DB00515')"
        )
    return PatternId(match["kind"], match["key"], match["code"])


class PatternRecord(BaseModel):
    """One span ruler pattern, as stored in a ``patterns/*.jsonl`` line.

    Unknown keys are rejected (spaCy would reject them at load time, far from the file), the label
    must be one of :data:`nlp_trials.labels.ENTITY_LABELS`, token patterns must pass spaCy's own
    schema, and ``id`` must follow the ``<kind>:<key>|<PREFIX>:<code>`` convention with ``kind``
    equal to the label lower-cased.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    pattern: str | list[dict[str, Any]]
    id: str | None = None

    @field_validator("label")
    @classmethod
    def _label_allowed(cls, value: str) -> str:
        if value not in ENTITY_LABELS:
            raise ValueError(f"{value!r} is not an allowed label")
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern_valid(cls, value: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("a phrase pattern must not be empty")
            if value != value.strip() or "\n" in value:
                raise ValueError(
                    f"phrase {value!r} has leading/trailing whitespace or a line break"
                )
            return value
        errors = validate_token_pattern(value)
        if errors:
            raise ValueError("invalid token pattern: " + "; ".join(errors))
        return value

    @field_validator("id")
    @classmethod
    def _id_valid(cls, value: str | None) -> str | None:
        if value is not None:
            parse_pattern_id(value)
        return value

    @model_validator(mode="after")
    def _id_kind_matches_label(self) -> PatternRecord:
        if self.id is not None:
            kind = parse_pattern_id(self.id).kind
            if kind != self.label.lower():
                raise ValueError(
                    f"id kind {kind!r} does not match label {self.label!r} "
                    f"(expected '{self.label.lower()}:...')"
                )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The record as spaCy's ``SpanRuler.add_patterns`` takes it (no ``id`` key when unset)."""
        return self.model_dump(exclude_none=True)


def _format_validation_error(err: ValidationError) -> str:
    parts = []
    for item in err.errors():
        loc = ".".join(str(x) for x in item["loc"]) or "record"
        msg = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            msg = "unknown key"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _read_records(path: Path) -> list[tuple[int, PatternRecord]]:
    records: list[tuple[int, PatternRecord]] = []
    for line_no, obj in json_lines(path, unreadable="E103", invalid="E100", example=_EXAMPLE):
        if not isinstance(obj, dict):
            raise PatternError(
                message("E101", path=path, line=line_no, kind=type(obj).__name__, example=_EXAMPLE)
            )
        try:
            record = PatternRecord.model_validate(obj)
        except ValidationError as e:
            raise PatternError(
                message(
                    "E102",
                    path=path,
                    line=line_no,
                    detail=_format_validation_error(e),
                    keys=", ".join(ALLOWED_KEYS),
                    labels=", ".join(ENTITY_LABELS),
                )
            ) from None
        records.append((line_no, record))
    if not records:
        raise PatternError(message("E104", path=path))
    return records


def read_pattern_file(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate one span ruler JSONL file.

    Blank lines are skipped; every other line must be a valid :class:`PatternRecord`.

    Args:
        path: The ``.jsonl`` file.

    Returns:
        The records as dicts, ready for ``SpanRuler.add_patterns``.

    Raises:
        PatternError: Naming the file, the line number and what is allowed, on the first bad line,
            when the file cannot be read, or when it holds no pattern.
    """
    return [record.to_dict() for _, record in _read_records(Path(path))]


def phrase_key(pattern: str | list[dict[str, Any]]) -> str:
    """The key under which two patterns count as the same phrase.

    Phrases are compared lower-cased with whitespace collapsed, as a ``LOWER`` phrase matcher sees
    them; token patterns by their canonical JSON.
    """
    if isinstance(pattern, str):
        return " ".join(pattern.lower().split())
    return json.dumps(pattern, sort_keys=True, ensure_ascii=False)


def validate_pattern_dir(
    path: str | Path, *, exclude: Iterable[str] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Validate every ``*.jsonl`` pattern file of a directory, then check them against each other.

    Each file must pass :func:`read_pattern_file`. Across all files, a phrase (see
    :func:`phrase_key`) may appear only once: the same phrase under two labels is a conflict, and
    the same phrase twice under one label (with the same or another id) is a duplicate. All such
    problems are reported together in one error.

    Args:
        path: The directory, usually ``patterns/``.
        exclude: File names to skip (files with another schema).

    Returns:
        The patterns of each file, keyed by file name, in file-name order.

    Raises:
        PatternError: On the first invalid file, when the directory holds no pattern file, or
            listing the conflicts and duplicates.
    """
    directory = Path(path)
    skip = set(exclude)
    files = sorted(p for p in directory.glob("*.jsonl") if p.name not in skip)
    if not directory.is_dir() or not files:
        raise PatternError(message("E105", path=directory))
    records = {file.name: _read_records(file) for file in files}
    _check_conflicts(directory, records)
    return {name: [record.to_dict() for _, record in recs] for name, recs in records.items()}


def _check_conflicts(directory: Path, records: dict[str, list[tuple[int, PatternRecord]]]) -> None:
    """Raise E106 listing every phrase that appears more than once across ``records`` (by file)."""
    seen: dict[str, list[tuple[str, int, PatternRecord]]] = defaultdict(list)
    for name, recs in records.items():
        for line_no, record in recs:
            seen[phrase_key(record.pattern)].append((name, line_no, record))
    problems = []
    for key, hits in seen.items():
        if len(hits) < 2:
            continue
        where = ", ".join(
            f"{rec.label} {rec.id or '(no id)'} at {name}:{line}" for name, line, rec in hits
        )
        kind = "label conflict" if len({rec.label for _, _, rec in hits}) > 1 else "duplicate"
        problems.append(f"{kind} for {key!r}: {where}")
    if problems:
        detail = "; ".join(problems[:_MAX_REPORTED])
        if len(problems) > _MAX_REPORTED:
            detail += f"; and {len(problems) - _MAX_REPORTED} more"
        raise PatternError(message("E106", count=len(problems), path=directory, detail=detail))


__all__ = [
    "ALLOWED_KEYS",
    "PatternId",
    "PatternRecord",
    "parse_pattern_id",
    "phrase_key",
    "read_pattern_file",
    "validate_pattern_dir",
    "write_built_files",
]


def read_pattern_files(directory: str | Path, files: Iterable[str]) -> list[dict[str, Any]]:
    """The validated records of several pattern files of one directory, in the order given.

    This is what the assembled pipeline's rulers are initialized with (the config names the files),
    so a bad line fails the build with its file and line rather than at match time. A phrase listed
    twice for one ruler fails it too (E106): the ruler would keep one of the two ids silently.
    """
    records = {name: _read_records(Path(directory) / name) for name in files}
    _check_conflicts(Path(directory), records)
    return [record.to_dict() for recs in records.values() for _, record in recs]


def write_built_files(built: dict[str, str], directory: Path, *, check: bool, script: str) -> int:
    """What the pattern build scripts (``scripts/build_*.py``) do with the files they built: write
    them into ``directory``, or with ``check`` only compare; print a line per file. Returns the exit
    code: 1 when ``check`` found a file out of date (naming the ``script`` that rebuilds it), else 0."""
    stale = []
    for name, text in built.items():
        path = directory / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
        print(f"{name}: {text.count(chr(10))} patterns, {len(text.encode()) / 1e6:.2f} MB")
    if stale:
        print(f"out of date: {', '.join(stale)} (run {script})", file=sys.stderr)
        return 1
    return 0
