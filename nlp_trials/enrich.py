"""Run the pipeline and the linker over whole Trials: the step that makes ``extract`` structured.

A Trial's texts (criteria, arm and intervention descriptions, summary, detailed description) go
through the pipeline as separate documents (:mod:`nlp_trials.documents`); the linker's builders
(:mod:`nlp_trials.link`) then turn the annotated texts into ``regimens`` and the criteria's
``lab_thresholds``, ``time_windows`` and ``entities``.

Records stream: documents of many trials share spaCy batches, and each Trial is finished and
yielded as soon as its last document comes back, in input order, so memory stays flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from .documents import ALL_FIELDS, Document, trial_documents
from .errors import RecordError, message
from .link.eligibility import fill_eligibility
from .link.regimen import build_regimens
from .link.spans import AnnotatedText, annotated_text
from .pipeline.extensions import register_extensions
from .schema import Trial


def link_trial(trial: Trial, texts: list[AnnotatedText]) -> Trial:
    """``trial`` with the objects the linker builds from its annotated texts (a new object)."""
    return trial.model_copy(update={"regimens": build_regimens(trial, texts), "eligibility": fill_eligibility(trial, texts)})


@dataclass
class _Pending:
    seq: int
    item: Trial | RecordError
    documents: list[Document] = field(default_factory=list)
    texts: list[AnnotatedText] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    closed: bool = False  # every document of the trial has been handed to the pipeline

    @property
    def complete(self) -> bool:
        return self.closed and len(self.texts) == len(self.documents)


def enrich_trials(
    items: Iterable[Trial | RecordError],
    nlp: Language,
    *,
    fields: tuple[str, ...] = ALL_FIELDS,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[Trial | RecordError]:
    """Yield each Trial with its linked objects (RecordErrors pass through, in input order).

    A document longer than ``nlp.max_length`` is left unannotated and reported as a RecordError
    (E016) right after its Trial, which is still written: one enormous criterion must not cost the
    record or the batch.
    """
    register_extensions()
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
            yield link_trial(done.item, done.texts)
            yield from done.errors

    for doc, (seq, i) in nlp.pipe(documents(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        pending = by_seq[seq]
        pending.texts.append(annotated_text(pending.documents[i], doc))
        yield from ready()
    yield from ready()
