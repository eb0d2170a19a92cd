"""Reader for JSON corpora with character offsets: NeuroTrialNER, and the BigBio KB schema.

Two record shapes are read, detected per record:

* NeuroTrialNER (Doneva et al. 2024), one JSON array per split (``train.json``, ``dev.json``):
  ``{"nctid", "text", "entities": [{"start", "end", "text", "type"}], ...}``. ``text`` is the official
  title and brief summary joined; ``tokens``/``token_bio_labels`` repeat the entities token by token and
  are ignored (the character offsets are the gold).
* BigBio KB (``bigbio_kb`` schema of the BigBio hub): ``{"document_id", "passages": [{"text": [...],
  "offsets": [[s, e]]}], "entities": [{"id", "type", "text": [...], "offsets": [[s, e], ...]}],
  "relations": [{"id", "type", "arg1_id", "arg2_id"}]}``. The document text is rebuilt by placing each
  passage at its offsets (gaps filled with spaces), which is what those offsets point into.

As with brat, a bad record or entity becomes a :class:`GoldWarning` and is skipped; reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import GoldError, message
from .brat import is_discontinuous
from .models import GoldCorpus, GoldDocument, GoldRelation, GoldSpan, GoldWarning, WarningKind, gold_warning

_SKIP_ENTITY = "the entity is skipped"
_SKIP_RELATION = "the relation is skipped"


def parse_bigbio_records(records: Iterable[object], *, path: str | None = None) -> GoldCorpus:
    """Turn parsed JSON records (NeuroTrialNER or BigBio KB) into gold documents.

    Args:
        records: The records, e.g. the list loaded from ``train.json``.
        path: File they came from, used in warnings.

    Returns:
        The documents in input order; a record with a duplicate id is skipped (E210).
    """
    documents: list[GoldDocument] = []
    warnings: list[GoldWarning] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        where = f"record #{index}"
        if not isinstance(record, Mapping):
            warnings.append(_invalid(path, where, f"expected an object, found {type(record).__name__}"))
            continue
        doc = (_parse_kb if "passages" in record else _parse_neurotrialner)(record, path=path, where=where)
        if isinstance(doc, GoldWarning):
            warnings.append(doc)
            continue
        if doc.id in seen:
            warnings.append(gold_warning("E210", "duplicate_document", path=path, id=doc.id))
            continue
        seen.add(doc.id)
        documents.append(doc)
    return GoldCorpus(documents=tuple(documents), warnings=tuple(warnings))


def read_bigbio(path: str | Path) -> GoldCorpus:
    """Read a JSON file (an array of records, or JSON Lines) or every ``*.json``/``*.jsonl`` file of a
    directory, in name order. Document ids must be unique across the files.

    Raises:
        GoldError: [E211] missing path, [E212] no JSON files, [E214] a file that is not readable JSON.
    """
    root = Path(path)
    if not root.exists():
        raise GoldError(message("E211", path=root))
    files = [root] if root.is_file() else sorted(p for p in root.iterdir() if p.suffix in (".json", ".jsonl"))
    if not files:
        raise GoldError(message("E212", path=root, what="*.json or *.jsonl files"))
    documents: list[GoldDocument] = []
    warnings: list[GoldWarning] = []
    seen: set[str] = set()
    for file in files:
        corpus = parse_bigbio_records(_load_records(file), path=str(file))
        warnings.extend(corpus.warnings)
        for doc in corpus.documents:
            if doc.id in seen:
                warnings.append(gold_warning("E210", "duplicate_document", path=str(file), id=doc.id))
                continue
            seen.add(doc.id)
            documents.append(doc)
    return GoldCorpus(documents=tuple(documents), warnings=tuple(warnings))


def _load_records(file: Path) -> list[Any]:
    try:
        content = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(message("E214", path=file, detail=e)) from e
    try:
        if file.suffix == ".jsonl":
            return [json.loads(line) for line in content.splitlines() if line.strip()]
        data = json.loads(content)
    except json.JSONDecodeError as e:
        raise GoldError(message("E214", path=file, detail=f"invalid JSON: {e}")) from e
    # A single record, or an HF-style {"train": [...]} would be a surprise: accept the first, refuse the second.
    if isinstance(data, Mapping):
        return [data]
    if not isinstance(data, list):
        detail = f"expected a JSON array of records, found {type(data).__name__}"
        raise GoldError(message("E214", path=file, detail=detail))
    return data


def _parse_neurotrialner(record: Mapping[str, Any], *, path: str | None, where: str) -> GoldDocument | GoldWarning:
    doc_id = record.get("nctid", record.get("id"))
    text = record.get("text")
    entities = record.get("entities", [])
    if not isinstance(doc_id, str) or not doc_id:
        return _invalid(path, where, "no 'nctid' (or 'id') string")
    if not isinstance(text, str):
        return _invalid(path, f"{where} ({doc_id})", "'text' is not a string")
    if not isinstance(entities, list):
        return _invalid(path, f"{where} ({doc_id})", "'entities' is not a list")
    spans: list[GoldSpan] = []
    warnings: list[GoldWarning] = []
    for n, entity in enumerate(entities):
        item = f"{where} ({doc_id}) entity #{n}"
        if not isinstance(entity, Mapping):
            warnings.append(_invalid(path, item, "expected an object", skipped=_SKIP_ENTITY))
            continue
        start, end, label = entity.get("start"), entity.get("end"), entity.get("type", entity.get("label"))
        span = _make_span(f"T{n + 1}", label, [[start, end]], entity.get("text"), text, path=path, where=item)
        if isinstance(span, GoldWarning):
            warnings.append(span)
        else:
            spans.append(span)
    return GoldDocument(id=doc_id, text=text, path=path, spans=tuple(spans), warnings=tuple(warnings))


def _parse_kb(record: Mapping[str, Any], *, path: str | None, where: str) -> GoldDocument | GoldWarning:
    doc_id = record.get("document_id", record.get("id"))
    if not isinstance(doc_id, str) or not doc_id:
        return _invalid(path, where, "no 'document_id' string")
    where = f"{where} ({doc_id})"
    pieces: list[tuple[int, str]] = []
    for passage in _list(record.get("passages")):
        texts = _list(passage.get("text")) if isinstance(passage, Mapping) else None
        offsets = _list(passage.get("offsets")) if isinstance(passage, Mapping) else None
        if texts is None or offsets is None or len(texts) != len(offsets) or not all(_is_pair(o) for o in offsets):
            return _invalid(path, where, "a passage's 'text' and 'offsets' do not pair up")
        pieces.extend((o[0], t) for t, o in zip(texts, offsets))
    length = max((start + len(t) for start, t in pieces), default=0)
    buffer = [" "] * length
    for start, piece in pieces:
        buffer[start : start + len(piece)] = piece
    text = "".join(buffer)
    spans: list[GoldSpan] = []
    warnings: list[GoldWarning] = []
    for n, entity in enumerate(_list(record.get("entities"))):
        item = f"{where} entity #{n}"
        if not isinstance(entity, Mapping):
            warnings.append(_invalid(path, item, "expected an object", skipped=_SKIP_ENTITY))
            continue
        texts = entity.get("text") or []
        stored = " ".join(texts) if isinstance(texts, list) else texts
        span_id = str(entity.get("id", f"T{n + 1}"))
        span = _make_span(span_id, entity.get("type"), entity.get("offsets"), stored, text, path=path, where=item)
        if isinstance(span, GoldWarning):
            warnings.append(span)
        else:
            spans.append(span)
    known = {s.id for s in spans}
    relations: list[GoldRelation] = []
    for n, rel in enumerate(_list(record.get("relations"))):
        if not isinstance(rel, Mapping):
            warnings.append(_invalid(path, f"{where} relation #{n}", "expected an object", skipped=_SKIP_RELATION))
            continue
        head, tail = str(rel.get("arg1_id")), str(rel.get("arg2_id"))
        if head not in known or tail not in known:
            warnings.append(
                _invalid(
                    path, f"{where} relation #{n}", f"argument {head!r} or {tail!r} is not a kept entity",
                    skipped=_SKIP_RELATION, kind="dangling_reference",
                )
            )
            continue
        rel_id = str(rel.get("id", f"R{n + 1}"))
        relations.append(GoldRelation(id=rel_id, label=str(rel.get("type")), head=head, tail=tail))
    return GoldDocument(
        id=doc_id, text=text, path=path, spans=tuple(spans), relations=tuple(relations), warnings=tuple(warnings)
    )


def _make_span(
    span_id: str, label: object, offsets: object, stored: object, text: str, *, path: str | None, where: str
) -> GoldSpan | GoldWarning:
    if not isinstance(label, str) or not label:
        return _invalid(path, where, "no label ('type')", skipped=_SKIP_ENTITY)
    if not isinstance(offsets, list) or not offsets or not all(_is_pair(o) for o in offsets):
        detail = f"offsets {offsets!r} are not integer [start, end] pairs"
        return _invalid(path, where, detail, skipped=_SKIP_ENTITY, kind="bad_offsets")
    frags = tuple(sorted((int(a), int(b)) for a, b in offsets))  # type: ignore[misc]
    previous_end = 0
    for start, end in frags:
        if not (previous_end <= start < end <= len(text)):
            detail = f"offsets {list(frags)} are empty, overlapping or outside the text ({len(text)} characters)"
            return _invalid(path, where, detail, skipped=_SKIP_ENTITY, kind="bad_offsets")
        previous_end = end
    actual = " ".join(text[a:b] for a, b in frags)
    if isinstance(stored, str) and " ".join(stored.split()) != " ".join(actual.split()):
        detail = f"stored text {stored!r} differs from the text at its offsets {actual!r}"
        return _invalid(path, where, detail, skipped=_SKIP_ENTITY, kind="text_mismatch")
    return GoldSpan(
        id=span_id,
        label=label,
        start=frags[0][0],
        end=frags[-1][1],
        fragments=frags,
        text=actual,
        discontinuous=is_discontinuous(frags, text),
    )


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_pair(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def _invalid(
    path: str | None,
    where: str,
    detail: str,
    *,
    skipped: str = "the record is skipped",
    kind: WarningKind = "invalid_record",
) -> GoldWarning:
    return gold_warning("E209", kind, path=path, where=where, detail=detail, action=skipped)
