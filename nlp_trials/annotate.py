"""Run the entity pipeline over trial records: records -> documents -> annotated Docs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .documents import DEFAULT_FIELDS, Document, trial_documents
from .enrich import pipe_isolating, pipeline_failure
from .errors import RecordError, message
from .labels import LAB_VALUE
from .link.facts import is_age_heading
from .pipeline.abbreviations import annotate_record
from .pipeline.extensions import register_extensions
from .records import detect_format, iter_paths, load_text, parse_file, parse_text
from .schema import Trial


def iter_records(paths: Iterable[str], *, format: str | None = None) -> Iterator[tuple[Trial | RecordError, str | None]]:
    """Every record under ``paths`` with, for a plain-text record, the file's exact text.

    JSON and XML files are streamed record by record (:func:`nlp_trials.records.parse_file`); a
    text file is read again whole so that its document's offsets are offsets into the file.
    Standard input is read once.
    """
    for path in iter_paths(paths):
        if path == "-":
            yield from _stdin_records(format)
            continue
        for item in parse_file(path, format=format):
            whole = None
            if isinstance(item, Trial) and item.source.format == "text":
                try:
                    whole = load_text(path)
                except RecordError as e:
                    item = e
            yield item, whole


def _stdin_records(format: str | None) -> Iterator[tuple[Trial | RecordError, str | None]]:
    try:
        text = load_text("-")
    except RecordError as e:
        yield e, None
        return
    fmt = format or (detect_format(text) if text.strip() else "text")
    for item in parse_text(text, path="-", format=fmt):
        yield item, (text if isinstance(item, Trial) and item.source.format == "text" else None)


def records_documents(
    records: Iterable[tuple[Trial | RecordError, str | None]], *, fields: tuple[str, ...] = DEFAULT_FIELDS
) -> Iterator[Document | RecordError]:
    """The documents of each record (:func:`nlp_trials.documents.trial_documents`); errors pass."""
    for item, whole in records:
        if isinstance(item, RecordError):
            yield item
        else:
            yield from trial_documents(item, fields=fields, whole_text=whole)


def iter_documents(
    paths: Iterable[str], *, format: str | None = None, fields: tuple[str, ...] = DEFAULT_FIELDS
) -> Iterator[Document | RecordError]:
    """Documents of every record under ``paths``; a plain-text file is one document of its exact text."""
    return records_documents(iter_records(paths, format=format), fields=fields)


def annotate_documents(
    nlp: Language, items: Iterable[Document | RecordError], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Document, Doc] | RecordError]:
    """Pipe the documents through ``nlp`` in order; RecordErrors pass through where they occurred.

    A record's documents are held until its last one is back, so that a short form one of them
    defines is tagged in the others (:func:`nlp_trials.pipeline.abbreviations.annotate_record`).
    A document the pipeline fails on is reported (E018) in its place and left out; the others go
    on, in one process or many (:func:`nlp_trials.enrich.pipe_isolating`).
    """
    register_extensions()
    # Each error with the number of documents before it in the input, to put it back in its place.
    errors: deque[tuple[int, RecordError]] = deque()
    sent = 0

    def texts() -> Iterator[tuple[str, Document]]:
        nonlocal sent
        for item in items:
            if isinstance(item, RecordError):
                errors.append((sent, item))
                continue
            if len(item.text) > nlp.max_length:
                # One enormous criterion must cost that document, not the batch (spaCy raises E088).
                size = len(item.text)
                reason = message("E016", doc_id=item.id, size=size, limit=nlp.max_length)
                errors.append((sent, RecordError(reason, path=item.meta.get("source"))))
                continue
            sent += 1
            yield item.text, item

    # A document the pipeline failed on stays in its record's place as its error (E018).
    record: list[tuple[Document, Doc | RecordError]] = []
    emitted = 0

    def due() -> Iterator[RecordError]:
        while errors and errors[0][0] <= emitted:
            yield errors.popleft()[1]

    def finish_record() -> Iterator[tuple[Document, Doc] | RecordError]:
        nonlocal emitted
        docs = iter(annotate_record(nlp, [doc for _, doc in record if isinstance(doc, Doc)]))
        for document, doc in record:
            yield from due()
            yield (document, next(docs)) if isinstance(doc, Doc) else doc
            emitted += 1
        record.clear()

    for doc, document in pipe_isolating(nlp, texts(), batch_size=batch_size, n_process=n_process):
        if record and _record_key(record[0][0]) != _record_key(document):
            yield from finish_record()
        if isinstance(doc, Exception):
            record.append((document, RecordError(pipeline_failure(document.id, doc), path=document.meta.get("source"))))
            continue
        _set_meta(doc, document)
        _drop_heading_ages(doc, document)
        record.append((document, doc))
    yield from finish_record()
    yield from due()
    while errors:
        yield errors.popleft()[1]


def _record_key(document: Document) -> tuple[Any, ...]:
    """Which record a document comes from: its file, its place in the file, its trial id."""
    meta = document.meta
    return (meta.get("source"), meta.get("index"), meta.get("trial_id"))


def _drop_heading_ages(doc: Doc, document: Document) -> None:
    """Under PDQ's "Age" sub-heading ("Age:" over "- 15 to 65") a value with no test is the age
    range, no lab value, as in ``extract`` (:func:`nlp_trials.link.facts.ages`)."""
    if not is_age_heading(document.meta.get("heading")):
        return
    tested = {tuple(r["tail"]) for r in doc._.trial_relations if r["label"] == "HAS_VALUE"}
    doc.ents = [e for e in doc.ents if e.label_ != LAB_VALUE or (e.start_char, e.end_char) in tested]


def _set_meta(doc: Doc, document: Document) -> None:
    meta: dict[str, Any] = document.meta
    doc._.trial_id = meta.get("trial_id")
    doc._.trial_field = meta.get("field")
    doc._.criterion_id = meta.get("criterion_id")
    doc._.criterion_kind = meta.get("kind")
    doc._.offset = meta.get("offset", 0)
