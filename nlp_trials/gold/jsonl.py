"""Reader for our own Prodigy-style JSON Lines gold (and predictions written the same way).

One JSON object a line::

    {"id": "NCT01234567_inc", "text": "...", "meta": {...},
     "spans": [{"start": 0, "end": 9, "label": "DRUG", ...}],
     "relations": [{"head_span": {"start", "end", "label"}, "child_span": {...}, "label": "HAS_VALUE"}]}

Labels are already ours, so the mapping for this format is the identity. Extra keys (``token_start``,
``_input_hash``, ...) are ignored. The id is ``id``, else ``meta.id``, else ``<file stem>:<line>``.
A record with an ``answer`` other than ``accept`` is not gold and is skipped (E217). A bad line,
span or relation is a :class:`GoldWarning` and is skipped; reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import GoldError, message
from .models import GoldCorpus, GoldDocument, GoldRelation, GoldSpan, GoldWarning, WarningKind, gold_warning


def parse_jsonl(content: str, *, path: str | None = None) -> GoldCorpus:
    """Parse JSON Lines gold content.

    Args:
        content: The file content.
        path: File name, used in warnings and for fallback ids.

    Returns:
        Documents in line order; a duplicate id keeps the first (E210).
    """
    stem = Path(path).stem if path else "line"
    documents: list[GoldDocument] = []
    warnings: list[GoldWarning] = []
    seen: set[str] = set()
    for lineno, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            warnings.append(gold_warning("E208", "invalid_json", path=path, line=lineno, detail=e.msg))
            continue
        where = f"line {lineno}"
        if not isinstance(record, Mapping):
            warnings.append(_invalid(path, lineno, where, f"expected an object, found {type(record).__name__}"))
            continue
        doc = _parse_record(record, path=path, line=lineno, fallback_id=f"{stem}:{lineno}")
        if isinstance(doc, GoldWarning):
            warnings.append(doc)
            continue
        if doc.id in seen:
            warnings.append(gold_warning("E210", "duplicate_document", path=path, line=lineno, id=doc.id))
            continue
        seen.add(doc.id)
        documents.append(doc)
    return GoldCorpus(documents=tuple(documents), warnings=tuple(warnings))


def read_jsonl(path: str | Path) -> GoldCorpus:
    """Read a ``.jsonl`` file, or every ``*.jsonl`` file of a directory in name order.

    Raises:
        GoldError: [E211] missing path, [E212] no ``.jsonl`` files, [E214] unreadable file.
    """
    root = Path(path)
    if not root.exists():
        raise GoldError(message("E211", path=root))
    files = [root] if root.is_file() else sorted(root.glob("*.jsonl"))
    if not files:
        raise GoldError(message("E212", path=root, what="*.jsonl files"))
    documents: list[GoldDocument] = []
    warnings: list[GoldWarning] = []
    seen: set[str] = set()
    for file in files:
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise GoldError(message("E214", path=file, detail=e)) from e
        corpus = parse_jsonl(content, path=str(file))
        warnings.extend(corpus.warnings)
        for doc in corpus.documents:
            if doc.id in seen:
                warnings.append(gold_warning("E210", "duplicate_document", path=str(file), id=doc.id))
                continue
            seen.add(doc.id)
            documents.append(doc)
    return GoldCorpus(documents=tuple(documents), warnings=tuple(warnings))


def _parse_record(
    record: Mapping[str, Any], *, path: str | None, line: int, fallback_id: str
) -> GoldDocument | GoldWarning:
    meta = record.get("meta") if isinstance(record.get("meta"), Mapping) else {}
    raw_id = record.get("id", meta.get("id", fallback_id))
    doc_id = str(raw_id)
    where = f"line {line}"
    answer = record.get("answer")
    if answer is not None and answer != "accept":
        return gold_warning("E217", "not_accepted", path=path, line=line, where=where, id=doc_id, answer=answer)
    text = record.get("text")
    if not isinstance(text, str):
        return _invalid(path, line, where, "'text' is missing or not a string")
    spans: list[GoldSpan] = []
    warnings: list[GoldWarning] = []
    by_offsets: dict[tuple[int, int], list[GoldSpan]] = {}
    raw_spans = record.get("spans") or []
    if not isinstance(raw_spans, list):
        return _invalid(path, line, where, "'spans' is not a list")
    for n, raw in enumerate(raw_spans):
        item = f"{where} span #{n}"
        span = _make_span(raw, text, span_id=f"T{len(spans) + 1}", path=path, line=line, where=item)
        if isinstance(span, GoldWarning):
            warnings.append(span)
            continue
        spans.append(span)
        by_offsets.setdefault((span.start, span.end), []).append(span)
    relations: list[GoldRelation] = []
    raw_relations = record.get("relations") or []
    for n, raw in enumerate(raw_relations if isinstance(raw_relations, list) else []):
        item = f"{where} relation #{n}"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("label"), str):
            detail = "expected an object with a 'label'"
            warnings.append(_invalid(path, line, item, detail, skipped="the relation is skipped"))
            continue
        head = _find_span(raw.get("head_span"), by_offsets)
        tail = _find_span(raw.get("child_span"), by_offsets)
        if head is None or tail is None:
            warnings.append(
                _invalid(
                    path, line, item, "'head_span' or 'child_span' is not one of the record's spans",
                    skipped="the relation is skipped", kind="dangling_reference",
                )
            )
            continue
        relations.append(GoldRelation(id=f"R{len(relations) + 1}", label=raw["label"], head=head.id, tail=tail.id))
    return GoldDocument(
        id=doc_id, text=text, path=path, spans=tuple(spans), relations=tuple(relations), warnings=tuple(warnings)
    )


def _make_span(
    raw: object, text: str, *, span_id: str, path: str | None, line: int, where: str
) -> GoldSpan | GoldWarning:
    if not isinstance(raw, Mapping):
        return _invalid(path, line, where, "expected an object", skipped="the span is skipped")
    start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
    if not isinstance(label, str) or not label:
        return _invalid(path, line, where, "no 'label'", skipped="the span is skipped")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):  # type: ignore[operator]
        return _invalid(
            path, line, where, f"offsets {start!r}..{end!r} are not within the text ({len(text)} characters)",
            skipped="the span is skipped", kind="bad_offsets",
        )
    actual = text[start:end]  # type: ignore[index]
    stored = raw.get("text")
    if isinstance(stored, str) and " ".join(stored.split()) != " ".join(actual.split()):
        return _invalid(
            path, line, where, f"stored text {stored!r} differs from the text at its offsets {actual!r}",
            skipped="the span is skipped", kind="text_mismatch",
        )
    return GoldSpan(id=span_id, label=label, start=start, end=end, fragments=((start, end),), text=actual)  # type: ignore[arg-type]


def _find_span(raw: object, by_offsets: Mapping[tuple[int, int], list[GoldSpan]]) -> GoldSpan | None:
    if not isinstance(raw, Mapping):
        return None
    candidates = by_offsets.get((raw.get("start"), raw.get("end")), [])  # type: ignore[arg-type]
    label = raw.get("label")
    # The label is optional in a relation's span: Prodigy writes it, hand-made files may not.
    matching = [s for s in candidates if label is None or s.label == label]
    return matching[0] if matching else None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _invalid(
    path: str | None,
    line: int,
    where: str,
    detail: str,
    *,
    skipped: str = "the record is skipped",
    kind: WarningKind = "invalid_record",
) -> GoldWarning:
    return gold_warning("E209", kind, path=path, line=line, where=where, detail=detail, action=skipped)
