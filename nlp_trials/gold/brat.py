"""Reader for brat standoff annotations (``.txt`` + ``.ann``), as real corpora write them.

What the corpora actually contain, and how each case is read:

* ``T`` spans, continuous (``Drug 10 19``) or discontinuous (``Value 83 90;95 110``). Ids may carry
  suffixes (``T12_mml``): an id is whatever precedes the first tab, its type is its first character.
* ``R`` relations (``Has_value Arg1:T3 Arg2:T2``, often with a trailing tab), ``E`` events
  (``Observation:T20 Name:T21 Numeric-Filter:E5``), ``A``/``M`` attributes (binary or valued),
  ``*`` equivalences (``* OR T5 T6``), ``#`` notes and ``N`` normalizations.
* ``\\r\\n`` texts: offsets count both characters, so the ``.txt`` is read with ``newline=""`` and nothing
  is translated. A span's text in the ``.ann`` can never hold a line break, so a span that crosses one
  is compared with whitespace runs collapsed.
* Empty ``.ann`` files give a document with no annotations.

Nothing aborts a read. A malformed line, invalid offsets, a stored text that disagrees with the
``.txt``, a duplicate id or a reference to an undefined id becomes a :class:`GoldWarning` (file, line,
reason), and the annotation is skipped. Whitespace at the edges of a span (Chia has spans that end
on the ``\\r`` of a ``\\r\\n``) is trimmed and reported, because a prediction never includes it and
an exact match would fail for a reason that is not the pipeline's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import GoldError, message
from .models import (
    GoldArgument,
    GoldAttribute,
    GoldCorpus,
    GoldDocument,
    GoldEquivalence,
    GoldEvent,
    GoldNote,
    GoldRelation,
    GoldSpan,
    GoldWarning,
    gold_warning,
)

_OFFSET_PAIR = re.compile(r"^\s*(\d+)\s+(\d+)\s*$")

Fragments = tuple[tuple[int, int], ...]


def parse_brat(
    text: str,
    ann: str,
    *,
    doc_id: str,
    path: str | None = None,
    keep_mismatched: bool = False,
) -> GoldDocument:
    """Parse one brat document from its text and its ``.ann`` content.

    Args:
        text: The document text, exactly as on disk (read with ``newline=""``).
        ann: The ``.ann`` content. Its own line endings do not matter.
        doc_id: Id of the document (usually the file stem).
        path: Path of the ``.ann`` file, used in warnings.
        keep_mismatched: Keep spans whose stored text disagrees with the ``.txt`` slice (offsets win).
            By default they are skipped, as converters skip misaligned gold spans.

    Returns:
        The document with raw labels and the warnings found.
    """
    warnings: list[GoldWarning] = []
    spans: dict[str, GoldSpan] = {}
    relations: dict[str, GoldRelation] = {}
    events: dict[str, GoldEvent] = {}
    attributes: dict[str, GoldAttribute] = {}
    notes: dict[str, GoldNote] = {}
    equivalences: list[GoldEquivalence] = []
    line_of: dict[str, int] = {}

    for lineno, raw_line in enumerate(ann.split("\n"), start=1):
        line = raw_line.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        ann_id = fields[0].strip()
        kind = ann_id[:1]
        parsed: object
        if kind == "T":
            parsed, found = _parse_span(ann_id, fields, text, path=path, line=lineno, keep_mismatched=keep_mismatched)
            warnings.extend(found)
        elif kind == "R":
            parsed = _parse_relation(ann_id, fields)
        elif kind == "E":
            parsed = _parse_event(ann_id, fields)
        elif kind in ("A", "M"):
            parsed = _parse_attribute(ann_id, fields)
        elif kind == "*":
            parsed = _parse_equivalence(fields, lineno)
        elif kind in ("#", "N"):
            parsed = _parse_note(ann_id, fields)
        else:
            parsed = f"unknown annotation type {kind!r}; expected T, R, E, A, M, *, # or N"
        if isinstance(parsed, str):
            warnings.append(
                gold_warning("E200", "malformed_line", path=path, line=lineno, reason=parsed, text=_clip(line))
            )
            continue
        if parsed is None:
            continue
        if isinstance(parsed, GoldEquivalence):
            equivalences.append(parsed)
            continue
        if ann_id in line_of:
            warnings.append(gold_warning("E203", "duplicate_id", path=path, line=lineno, id=ann_id))
            continue
        line_of[ann_id] = lineno
        if isinstance(parsed, GoldSpan):
            spans[ann_id] = parsed
        elif isinstance(parsed, GoldRelation):
            relations[ann_id] = parsed
        elif isinstance(parsed, GoldEvent):
            events[ann_id] = parsed
        elif isinstance(parsed, GoldAttribute):
            attributes[ann_id] = parsed
        elif isinstance(parsed, GoldNote):
            notes[ann_id] = parsed

    def dangling(item_id: str, ref: str, line: int | None) -> None:
        warnings.append(gold_warning("E204", "dangling_reference", path=path, line=line, id=item_id, ref=ref))

    # Events may point at events, and dropping one can orphan another: repeat until nothing changes.
    changed = True
    while changed:
        changed = False
        for event in list(events.values()):
            refs = [event.trigger] + [arg.target for arg in event.arguments]
            missing = next(
                (r for i, r in enumerate(refs) if r not in spans and (i == 0 or r not in events)), None
            )
            if missing is not None:
                dangling(event.id, missing, line_of.get(event.id))
                del events[event.id]
                changed = True
    for relation in list(relations.values()):
        missing = next((r for r in (relation.head, relation.tail) if r not in spans and r not in events), None)
        if missing is not None:
            dangling(relation.id, missing, line_of.get(relation.id))
            del relations[relation.id]
    annotated = spans.keys() | events.keys() | relations.keys()
    for table in (attributes, notes):
        for item_id, item in list(table.items()):
            if item.target not in annotated:  # type: ignore[attr-defined]
                dangling(item_id, item.target, line_of.get(item_id))  # type: ignore[attr-defined]
                del table[item_id]
    kept_equivalences = []
    for equivalence in equivalences:
        missing = next((m for m in equivalence.members if m not in spans), None)
        if missing is not None:
            dangling(f"'* {equivalence.label}'", missing, equivalence.line)
            continue
        kept_equivalences.append(equivalence)

    return GoldDocument(
        id=doc_id,
        text=text,
        path=path,
        spans=tuple(spans.values()),
        relations=tuple(relations.values()),
        events=tuple(events.values()),
        attributes=tuple(attributes.values()),
        equivalences=tuple(kept_equivalences),
        notes=tuple(notes.values()),
        warnings=tuple(warnings),
    )


def read_brat(
    txt_path: str | Path,
    ann_path: str | Path | None = None,
    *,
    doc_id: str | None = None,
    keep_mismatched: bool = False,
) -> GoldDocument:
    """Read one brat document from disk.

    Args:
        txt_path: The ``.txt`` file, read as UTF-8 with ``newline=""`` so ``\\r\\n`` stays two characters.
        ann_path: The ``.ann`` file; defaults to ``txt_path`` with the suffix ``.ann``. A missing ``.ann``
            gives a document with no annotations and an E207 warning.
        doc_id: Document id; defaults to the file stem (``NCT00050349_inc``).
        keep_mismatched: See :func:`parse_brat`.

    Raises:
        GoldError: [E214] when a file cannot be read or is not UTF-8.
    """
    txt_path = Path(txt_path)
    ann_path = Path(ann_path) if ann_path is not None else txt_path.with_suffix(".ann")
    text = _read_text(txt_path)
    if not ann_path.exists():
        warning = gold_warning("E207", "missing_annotations", path=str(txt_path))
        return GoldDocument(id=doc_id or txt_path.stem, text=text, path=str(txt_path), warnings=(warning,))
    # Universal newlines are fine for the .ann itself: its offsets point into the .txt, not into it.
    ann = _read_text(ann_path, newline=None)
    return parse_brat(
        text, ann, doc_id=doc_id or txt_path.stem, path=str(ann_path), keep_mismatched=keep_mismatched
    )


def read_brat_dir(path: str | Path, *, keep_mismatched: bool = False) -> GoldCorpus:
    """Read every brat document under a directory (subdirectories included), sorted by path.

    Documents are paired by path without suffix; the id is that path relative to ``path``
    (``NCT00050349_inc``, or ``train/NCT00050349_inc`` in a subdirectory). An ``.ann`` without a ``.txt``
    is skipped (E206); a ``.txt`` without an ``.ann`` is read with no annotations (E207); an unreadable
    file is skipped (E214). All become warnings of the result.

    Raises:
        GoldError: [E211] when ``path`` does not exist, [E212] when it holds no ``.ann`` files.
    """
    root = Path(path)
    if not root.exists():
        raise GoldError(message("E211", path=root))
    if root.is_file():
        return GoldCorpus(documents=(read_brat(root.with_suffix(".txt"), keep_mismatched=keep_mismatched),))
    stems = sorted({p.with_suffix("") for p in root.rglob("*.ann")} | {p.with_suffix("") for p in root.rglob("*.txt")})
    if not any(stem.with_suffix(".ann").exists() for stem in stems):
        raise GoldError(message("E212", path=root, what=".ann files"))
    documents: list[GoldDocument] = []
    warnings: list[GoldWarning] = []
    for stem in stems:
        txt, ann = stem.with_suffix(".txt"), stem.with_suffix(".ann")
        if not txt.exists():
            warnings.append(gold_warning("E206", "missing_text", path=str(ann)))
            continue
        doc_id = stem.relative_to(root).as_posix()
        try:
            documents.append(read_brat(txt, ann, doc_id=doc_id, keep_mismatched=keep_mismatched))
        except GoldError as e:
            warnings.append(gold_warning("E214", "unreadable", path=str(txt), detail=e.__cause__ or e))
    return GoldCorpus(documents=tuple(documents), warnings=tuple(warnings))


def is_discontinuous(fragments: Fragments, text: str) -> bool:
    """True when non-whitespace text lies between two fragments (a gap that is only a line break,
    where brat splits a span, does not make it discontinuous)."""
    return any(text[end:nxt].strip() for (_, end), (nxt, _) in zip(fragments, fragments[1:]))


def _read_text(path: Path, *, newline: str | None = "") -> str:
    try:
        with open(path, encoding="utf-8", newline=newline) as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(message("E214", path=path, detail=e)) from e


def _parse_span(
    ann_id: str,
    fields: Sequence[str],
    text: str,
    *,
    path: str | None,
    line: int,
    keep_mismatched: bool,
) -> tuple[GoldSpan | str | None, list[GoldWarning]]:
    if len(fields) < 3:
        return "a T line needs three tab-separated fields: id, 'Label start end', text", []
    label, _, offsets = fields[1].strip().partition(" ")
    if not label or not offsets.strip():
        return "a T line needs a label and offsets ('Label start end')", []
    # A tab inside the entity text would have split it: put it back.
    stored = "\t".join(fields[2:])
    fragments: list[tuple[int, int]] = []
    for part in offsets.split(";"):
        match = _OFFSET_PAIR.match(part)
        if match is None:
            return f"offsets must be 'start end' pairs separated by ';', found {offsets!r}", []
        fragments.append((int(match[1]), int(match[2])))
    written: Fragments = tuple(fragments)
    # Chia lists some fragments out of text order ('111 162;88 95'), with the stored text in the
    # written order: verify in that order, then keep the fragments sorted.
    frags: Fragments = tuple(sorted(written))
    problem = _fragment_problem(frags, len(text))
    if problem is not None:
        warning = gold_warning(
            "E201", "bad_offsets", path=path, line=line, offsets=offsets, id=ann_id, reason=problem, length=len(text)
        )
        return None, [warning]
    warnings: list[GoldWarning] = []
    actual = " ".join(text[a:b] for a, b in written)
    # The .ann cannot hold a line break, so a span over one is stored with spaces: compare with
    # whitespace runs collapsed. Anything else is a real disagreement between .ann and .txt.
    if actual != stored and " ".join(actual.split()) != " ".join(stored.split()):
        action = "kept as the offsets say" if keep_mismatched else "the annotation is skipped"
        warnings.append(
            gold_warning(
                "E202", "text_mismatch", path=path, line=line, id=ann_id, stored=_clip(stored),
                offsets=offsets, actual=_clip(actual), action=action,
            )
        )
        if not keep_mismatched:
            return None, warnings
    trimmed_written = tuple(t for t in (_trim(a, b, text) for a, b in written) if t[0] < t[1])
    trimmed = tuple(sorted(trimmed_written))
    if not trimmed:
        warning = gold_warning(
            "E201", "bad_offsets", path=path, line=line, offsets=offsets, id=ann_id,
            reason="the span covers only whitespace", length=len(text),
        )
        return None, [*warnings, warning]
    if trimmed != frags:
        warnings.append(
            gold_warning(
                "E205", "whitespace_trimmed", path=path, line=line, id=ann_id, offsets=offsets,
                trimmed=";".join(f"{a} {b}" for a, b in trimmed),
            )
        )
    span = GoldSpan(
        id=ann_id,
        label=label,
        start=trimmed[0][0],
        end=trimmed[-1][1],
        fragments=trimmed,
        text=" ".join(text[a:b] for a, b in trimmed_written),
        discontinuous=is_discontinuous(trimmed, text),
    )
    return span, warnings


def _fragment_problem(frags: Fragments, length: int) -> str | None:
    previous_end = 0
    for start, end in frags:
        if start >= end:
            return f"fragment {start} {end} is empty or reversed"
        if end > length:
            return f"fragment {start} {end} ends after the text"
        if start < previous_end:
            return "fragments overlap"
        previous_end = end
    return None


def _trim(start: int, end: int, text: str) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _parse_relation(ann_id: str, fields: Sequence[str]) -> GoldRelation | str:
    tokens = fields[1].split() if len(fields) > 1 else []
    if len(tokens) != 3 or not all(_is_role(t) for t in tokens[1:]):
        return "an R line needs 'Label Arg1:<id> Arg2:<id>'"
    return GoldRelation(id=ann_id, label=tokens[0], head=tokens[1].split(":", 1)[1], tail=tokens[2].split(":", 1)[1])


def _parse_event(ann_id: str, fields: Sequence[str]) -> GoldEvent | str:
    tokens = fields[1].split() if len(fields) > 1 else []
    if not tokens or not all(_is_role(t) for t in tokens):
        return "an E line needs 'Type:<trigger id>' followed by 'Role:<id>' arguments"
    label, trigger = tokens[0].split(":", 1)
    arguments = tuple(GoldArgument(role=r, target=t) for r, t in (tok.split(":", 1) for tok in tokens[1:]))
    return GoldEvent(id=ann_id, label=label, trigger=trigger, arguments=arguments)


def _parse_attribute(ann_id: str, fields: Sequence[str]) -> GoldAttribute | str:
    tokens = fields[1].split() if len(fields) > 1 else []
    if len(tokens) not in (2, 3):
        return "an A/M line needs 'Name <target id>' or 'Name <target id> Value'"
    return GoldAttribute(id=ann_id, name=tokens[0], target=tokens[1], value=tokens[2] if len(tokens) == 3 else None)


def _parse_equivalence(fields: Sequence[str], line: int) -> GoldEquivalence | str:
    tokens = fields[1].split() if len(fields) > 1 else []
    if len(tokens) < 3:
        return "a * line needs 'Label <id> <id> ...' with at least two ids"
    return GoldEquivalence(label=tokens[0], members=tuple(tokens[1:]), line=line)


def _parse_note(ann_id: str, fields: Sequence[str]) -> GoldNote | str:
    tokens = fields[1].split() if len(fields) > 1 else []
    note_text = "\t".join(fields[2:])
    if ann_id.startswith("#"):
        if len(tokens) != 2:
            return "a # line needs 'Label <target id>' and a note text"
        return GoldNote(id=ann_id, kind="note", label=tokens[0], target=tokens[1], text=note_text)
    if len(tokens) != 3:
        return "an N line needs 'Label <target id> <DB:ID>'"
    return GoldNote(
        id=ann_id, kind="normalization", label=tokens[0], target=tokens[1], reference=tokens[2], text=note_text
    )


def _is_role(token: str) -> bool:
    role, sep, target = token.partition(":")
    return bool(sep and role and target)


def _clip(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."
