"""Run the pipeline and the linker over whole Trials: the step that makes ``extract`` structured.

A Trial's texts (criteria, arm and intervention descriptions, summary, detailed description) go
through the pipeline as separate documents (:mod:`nlp_trials.documents`); the linker's builders
(:mod:`nlp_trials.link`) then turn the annotated texts into ``regimens`` and the criteria's
``lab_thresholds``, ``time_windows`` and ``entities``. A short form one text of the record defines
is tagged in its other texts too (:func:`nlp_trials.pipeline.abbreviations.annotate_record`).

Records stream: documents of many trials share spaCy batches, and each Trial is finished and
yielded as soon as its last document comes back, in input order, so memory stays flat.

With ``n_process > 1`` the work is split by record, not by document: ``n_process - 1`` worker
processes (spawned, each loading the pipeline once from its folder) take chunks of whole Trials and
send back the enriched Trials as JSON, and the calling process enriches a chunk itself whenever
the workers have enough queued (so their start-up, ~3 s, does not stall the stream, and N
processes keep N CPUs busy). spaCy's own multiprocessing copies every criterion-sized Doc between
processes, which made two processes ~5x slower than one.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .documents import ALL_FIELDS, Document, trial_documents
from .errors import RecordError, message
from .link.eligibility import fill_eligibility
from .link.regimen import DRUG_TYPES, DrugId, build_regimens, intervention_drug_ids
from .link.spans import AnnotatedText, annotated_text
from .pipeline.abbreviations import annotate_record
from .pipeline.extensions import register_extensions
from .schema import Trial

Context = TypeVar("Context")


def link_trial(trial: Trial, texts: list[AnnotatedText], names: dict[str, DrugId] | None = None) -> Trial:
    """``trial`` with the objects the linker builds from its annotated texts (a new object).
    ``names``: its drug interventions' names with the drug they resolve to (:func:`intervention_names`)."""
    return trial.model_copy(update={"regimens": build_regimens(trial, texts, names), "eligibility": fill_eligibility(trial, texts)})


#: Intervention names longer than this are descriptions, not names.
MAX_NAME_CHARS = 80
#: The components that tag a name as a drug with its id; context, abbreviations, the trained NER
#: and the linker add nothing to a name (and cost four times as much).
NAME_COMPONENTS: frozenset[str] = frozenset({"trials_lexicon", "trials_measures", "trials_value_rules", "trials_resolver"})


def intervention_names(nlp: Language, trial: Trial) -> dict[str, DrugId]:
    """Each name of the trial's drug interventions, lower-cased, with the drug its names resolve to
    (:func:`nlp_trials.link.regimen.intervention_drug_ids`). A name resolves when the pipeline tags it
    whole as one DRUG with a vocabulary id ("gefitinib", "Iressa"); a code name alone ("ZD1839")
    does not, and takes the id of the others."""
    ivs = [iv for iv in trial.interventions if (iv.type or "DRUG") in DRUG_TYPES]
    names = list(dict.fromkeys(n.strip() for iv in ivs for n in (iv.name, *iv.other_names) if 0 < len(n.strip()) <= MAX_NAME_CHARS))
    if not names:
        return {}
    resolved: dict[str, DrugId] = {}
    # Only the components that name a drug; disabled for this call only (the record's own texts may
    # still be in the pipeline's stream).
    skip = [p for p in nlp.pipe_names if p not in NAME_COMPONENTS]
    for name, doc in zip(names, nlp.pipe(names, disable=skip)):
        drugs = [e for e in doc.ents if e.label_ == "DRUG"]
        if len(drugs) == 1 and drugs[0].start_char == 0 and drugs[0].end_char == len(name) and drugs[0]._.code:
            resolved[name.lower()] = (drugs[0]._.norm, drugs[0]._.code)
    return intervention_drug_ids(ivs, resolved)


@dataclass
class _Pending:
    seq: int
    item: Trial | RecordError
    documents: list[Document] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    closed: bool = False  # every document of the trial has been handed to the pipeline
    failed: set[int] = field(default_factory=set)  # documents the pipeline raised on (E018)

    @property
    def complete(self) -> bool:
        return self.closed and len(self.docs) == len(self.documents)

    def texts(self, nlp: Language) -> list[AnnotatedText]:
        """The annotated texts, with the abbreviations one text defines tagged in the others."""
        kept = [i for i in range(len(self.docs)) if i not in self.failed]
        docs = annotate_record(nlp, [self.docs[i] for i in kept])
        return [annotated_text(self.documents[i], doc) for i, doc in zip(kept, docs)]


def enrich_trials(
    items: Iterable[Trial | RecordError],
    nlp: Language,
    *,
    fields: tuple[str, ...] = ALL_FIELDS,
    batch_size: int = 64,
    n_process: int = 1,
    model_path: str | Path | None = None,
    chunk_size: int = 4,
) -> Iterator[Trial | RecordError]:
    """Yield each Trial with its linked objects (RecordErrors pass through, in input order).

    A document longer than ``nlp.max_length`` is left unannotated and reported as a RecordError
    (E016) right after its Trial, which is still written: one enormous criterion must not cost the
    record or the batch. So is a document the pipeline fails on (E018, a defect of ours, named
    with the document so that it can be reported): the batch it was in is run again one document
    at a time, and the rest of the batch and of the record are annotated as usual.

    Args:
        items: Trials and RecordErrors, e.g. from :func:`nlp_trials.records.parse_file`.
        nlp: The loaded pipeline.
        fields: The texts of each Trial to annotate (:mod:`nlp_trials.documents`).
        batch_size: Documents per spaCy batch (in each process).
        n_process: Processes; above 1, worker processes take whole Trials (see the module docstring).
        model_path: The folder the workers load the pipeline from; by default the folder ``nlp``
            was loaded from (``nlp.path``). A pipeline with neither (built in memory) runs in this
            process.
        chunk_size: Trials per task sent to a worker.
    """
    register_extensions()
    path = model_path if model_path is not None else nlp.path
    if n_process > 1 and path is not None:
        yield from _enrich_parallel(
            items, nlp, Path(path), fields=fields, batch_size=batch_size, n_process=n_process, chunk_size=chunk_size
        )
        return
    queue: deque[_Pending] = deque()
    by_seq: dict[int, _Pending] = {}

    def documents() -> Iterator[tuple[str, tuple[int, int]]]:
        # Contexts are plain ints so that they survive spaCy's multiprocessing; the state stays here.
        for seq, item in enumerate(items):
            pending = _Pending(seq, item)
            queue.append(pending)
            by_seq[seq] = pending
            if isinstance(item, Trial):
                for document in trial_documents(item, fields=fields):
                    if len(document.text) > nlp.max_length:
                        reason = message("E016", doc_id=document.id, size=len(document.text), limit=nlp.max_length)
                        pending.errors.append(RecordError(reason, path=item.source.path, index=item.source.index))
                        continue
                    pending.documents.append(document)
                    yield document.text, (seq, len(pending.documents) - 1)
            pending.closed = True

    def ready() -> Iterator[Trial | RecordError]:
        while queue and queue[0].complete:
            done = queue.popleft()
            del by_seq[done.seq]
            if isinstance(done.item, RecordError):
                yield done.item
                continue
            yield link_trial(done.item, done.texts(nlp), intervention_names(nlp, done.item))
            yield from done.errors

    for doc, (seq, i) in pipe_isolating(nlp, documents(), batch_size=batch_size):
        pending = by_seq[seq]
        if isinstance(doc, Exception):
            reason = pipeline_failure(pending.documents[i].id, doc)
            pending.errors.append(RecordError(reason, path=pending.item.source.path, index=pending.item.source.index))  # type: ignore[union-attr]
            doc = nlp.make_doc("")
            pending.failed.add(i)
        pending.docs.append(doc)
        yield from ready()
    yield from ready()


def pipeline_failure(doc_id: str, error: Exception) -> str:
    """The E018 reason for a document the pipeline raised ``error`` on."""
    return message("E018", doc_id=doc_id, error=f"{type(error).__name__}: {error}")


def pipe_isolating(
    nlp: Language, texts: Iterable[tuple[str, Context]], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Doc | Exception, Context]]:
    """``nlp.pipe(texts, as_tuples=True)``, except that a document a component raises on comes back
    as the exception instead of ending the stream: a batch that fails is run again one document at a
    time, so only the failing documents are lost. ``n_process > 1`` uses spaCy's worker processes
    (:func:`_pipe_parallel_isolating`)."""
    if n_process > 1:
        yield from _pipe_parallel_isolating(nlp, texts, batch_size=batch_size, n_process=n_process)
        return
    stream = iter(texts)
    while batch := list(islice(stream, batch_size)):
        try:
            done = list(nlp.pipe(batch, as_tuples=True, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - any component defect; each document is retried alone
            done = None
        if done is not None:
            yield from done
            continue
        for text, context in batch:
            try:
                yield nlp(text), context
            except Exception as error:  # noqa: BLE001 - reported as E018 by the caller
                yield error, context


def _drop_failed(name: str | None, proc: object, docs: list[Doc], error: Exception) -> None:
    """spaCy error handler that drops what failed; :func:`_pipe_parallel_isolating` sees the gap.
    Module level, so that worker processes started by "spawn" can unpickle it."""


def _pipe_parallel_isolating(
    nlp: Language, texts: Iterable[tuple[str, Context]], *, batch_size: int, n_process: int
) -> Iterator[tuple[Doc | Exception, Context]]:
    # spaCy's workers report a failure only as a lost batch (E871, raised in this process by the
    # default handler, which ends the whole stream). With a handler that drops instead, a failed
    # document simply does not come back; each text carries its sequence number, so the gap shows,
    # and the missing texts are run again here, in order, where their own exception can be told.
    held: dict[int, tuple[str, Context]] = {}

    def numbered() -> Iterator[tuple[str, int]]:
        for seq, (text, context) in enumerate(texts):
            held[seq] = (text, context)
            yield text, seq

    def missed(before: int | None) -> Iterator[tuple[Doc | Exception, Context]]:
        lost = [held.pop(seq) for seq in sorted(held) if before is None or seq < before]
        if lost:
            yield from pipe_isolating(nlp, lost, batch_size=batch_size)

    stream = nlp.pipe(numbered(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    handler = nlp.default_error_handler
    while True:
        # Only while spaCy works: the workers copy the handler when they start, and this process
        # calls it on a failed batch. Anything run between two documents keeps the usual handler.
        nlp.default_error_handler = _drop_failed
        try:
            doc, seq = next(stream)
        except StopIteration:
            break
        finally:
            nlp.default_error_handler = handler
        yield from missed(seq)
        yield doc, held.pop(seq)[1]
    yield from missed(None)


# --------------------------------------------------------------------------- parallel, by record

#: Worker state: the pipeline and settings, loaded once per process by :func:`_init_worker`.
_WORKER: dict[str, object] = {}
#: An enriched Trial as JSON and the E016 errors after it as (reason, path, index).
_Result = tuple[str, list[tuple[str, str | None, int | None]]]


def _init_worker(model_path: str, fields: tuple[str, ...], batch_size: int) -> None:
    from . import load

    _WORKER.update(nlp=load(model_path), fields=fields, batch_size=batch_size)


def _results(items: Iterable[Trial | RecordError]) -> list[_Result]:
    """Outputs of :func:`enrich_trials` for Trials only: each Trial with the errors that follow it."""
    out: list[_Result] = []
    for item in items:
        if isinstance(item, Trial):
            out.append((item.model_dump_json(), []))
        else:
            out[-1][1].append((item.reason, item.path, item.index))
    return out


def _enrich_chunk(trials_json: list[str]) -> list[_Result]:
    nlp = _WORKER["nlp"]
    assert isinstance(nlp, Language)
    trials = [Trial.model_validate_json(js) for js in trials_json]
    fields = _WORKER["fields"]
    batch_size = _WORKER["batch_size"]
    return _results(enrich_trials(trials, nlp, fields=fields, batch_size=batch_size))  # type: ignore[arg-type]


def _unpack(results: list[_Result]) -> Iterator[Trial | RecordError]:
    for trial_json, errors in results:
        yield Trial.model_validate_json(trial_json)
        for reason, path, index in errors:
            yield RecordError(reason, path=path, index=index)


def _runs(items: Iterable[Trial | RecordError], size: int) -> Iterator[RecordError | list[Trial]]:
    """RecordErrors one by one, the Trials between them in lists of at most ``size``."""
    run: list[Trial] = []
    for item in items:
        if isinstance(item, Trial):
            run.append(item)
            if len(run) < size:
                continue
        if run:
            yield run
            run = []
        if isinstance(item, RecordError):
            yield item
    if run:
        yield run


def _enrich_parallel(
    items: Iterable[Trial | RecordError],
    nlp: Language,
    model_path: Path,
    *,
    fields: tuple[str, ...],
    batch_size: int,
    n_process: int,
    chunk_size: int,
) -> Iterator[Trial | RecordError]:
    # "spawn": the same behaviour on every platform, and no fork of a process that may hold threads.
    context = multiprocessing.get_context("spawn")
    workers = n_process - 1
    # Bounded in-flight work: Pool.imap would read the whole input ahead and hold it in memory.
    max_pending = 32 * n_process
    queued = 2 * workers  # chunks the workers should have waiting before this process takes one
    pending: deque[RecordError | list[Trial | RecordError] | AsyncResult[list[_Result]]] = deque()
    with context.Pool(workers, initializer=_init_worker, initargs=(str(model_path), fields, batch_size)) as pool:
        for run in _runs(items, chunk_size):
            if isinstance(run, RecordError):
                pending.append(run)
            elif sum(1 for p in pending if isinstance(p, AsyncResult) and not p.ready()) >= queued:
                pending.append(list(enrich_trials(run, nlp, fields=fields, batch_size=batch_size)))
            else:
                pending.append(pool.apply_async(_enrich_chunk, ([t.model_dump_json() for t in run],)))
            while pending and (len(pending) > max_pending or not isinstance(pending[0], AsyncResult) or pending[0].ready()):
                yield from _drain_one(pending)
        while pending:
            yield from _drain_one(pending)


def _drain_one(pending: deque) -> Iterator[Trial | RecordError]:  # type: ignore[type-arg]
    head = pending.popleft()
    if isinstance(head, RecordError):
        yield head
    elif isinstance(head, AsyncResult):
        yield from _unpack(head.get())
    else:
        yield from head
