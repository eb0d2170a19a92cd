"""One call from a gold path to scorable documents: read, map, count."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import Field

from ..errors import GoldError, message
from .bigbio import read_bigbio
from .brat import read_brat_dir
from .jsonl import read_jsonl
from .mapping import CORPORA, DISCONTINUOUS_POLICIES, DiscontinuousPolicy, LabelMapping, load_mapping, map_document
from .models import GoldCorpus, GoldModel, GoldWarning, LabeledDocument

#: The reader each shipped corpus is written for.
CORPUS_FORMATS: dict[str, str] = {"chia": "brat", "lct": "brat", "neurotrialner": "bigbio", "jsonl": "jsonl"}


class GoldSet(GoldModel):
    """Mapped gold documents of one corpus, ready for :func:`nlp_trials.evaluation.score`."""

    corpus: str = Field(title="Corpus", description="Corpus name the mapping was chosen for.")
    documents: tuple[LabeledDocument, ...] = Field(title="Documents", description="Mapped documents, in reading order.")
    labels: tuple[str, ...] = Field(
        title="Labels",
        description="Our span labels the mapping produces (for the identity mapping: the labels found). Pass them to score(labels=...) so a pipeline's other labels (DOSE, ROUTE...) are not counted as spurious.",
    )
    relation_labels: tuple[str, ...] = Field(title="Relation labels", description="Our relation labels the mapping produces (or found).")
    record_labels: tuple[str, ...] | None = Field(
        default=None,
        title="Record labels",
        description="The labels of the evaluation of record, which the micro total sums over; null for all of 'labels'. The others (PROCEDURE) are scored per label only.",
    )
    warnings: tuple[GoldWarning, ...] = Field(default=(), title="Warnings", description="Every reading warning, corpus-level first.")
    counts: dict[str, int] = Field(
        default_factory=dict,
        title="Counts",
        description="'documents', 'raw_spans', 'raw_discontinuous', 'warnings:<kind>', and the mapping counts summed over documents (see MappedDocument.counts).",
    )


def read_gold(path: str | Path, *, corpus: str, keep_mismatched: bool = False) -> GoldCorpus:
    """Read a gold file or directory with the reader of ``corpus``, without mapping labels.

    Raises:
        GoldError: [E213] unknown corpus; reader errors (E211, E212, E214).
    """
    fmt = CORPUS_FORMATS.get(corpus)
    if fmt is None:
        raise GoldError(message("E213", value=corpus, allowed=", ".join(CORPORA)))
    if fmt == "brat":
        return read_brat_dir(path, keep_mismatched=keep_mismatched)
    if fmt == "bigbio":
        return read_bigbio(path)
    return read_jsonl(path)


def load_gold(
    path: str | Path,
    *,
    corpus: str,
    mapping: LabelMapping | None = None,
    discontinuous: DiscontinuousPolicy = "cover",
    keep_mismatched: bool = False,
) -> GoldSet:
    """Read gold annotations and map them to our labels.

    Args:
        path: A brat directory (chia, lct), a JSON file or directory (neurotrialner), a JSONL file or
            directory (jsonl).
        corpus: 'chia', 'lct', 'neurotrialner' or 'jsonl'; picks the reader and the mapping.
        mapping: Use this mapping instead of the corpus's shipped one.
        discontinuous: 'cover' or 'drop', see :mod:`nlp_trials.gold.mapping`.
        keep_mismatched: Keep brat spans whose stored text disagrees with the .txt.

    Raises:
        GoldError: [E213] unknown corpus, [E216] unknown policy; reader errors (E211, E212, E214).
    """
    if discontinuous not in DISCONTINUOUS_POLICIES:
        allowed = ", ".join(DISCONTINUOUS_POLICIES)
        raise GoldError(message("E216", name="discontinuous", value=discontinuous, allowed=allowed))
    raw = read_gold(path, corpus=corpus, keep_mismatched=keep_mismatched)
    mapping = mapping or load_mapping(corpus)
    counts: Counter[str] = Counter()
    documents: list[LabeledDocument] = []
    for doc in raw.documents:
        mapped = map_document(doc, mapping, discontinuous=discontinuous)
        documents.append(mapped.document)
        counts.update(mapped.counts)
        counts["raw_spans"] += len(doc.spans)
        counts["raw_discontinuous"] += sum(1 for s in doc.spans if s.discontinuous)
    warnings = raw.all_warnings()
    counts["documents"] = len(documents)
    counts.update(f"warnings:{w.kind}" for w in warnings)
    if mapping.identity:
        labels = tuple(sorted({s.label for d in documents for s in d.spans}))
        relation_labels = tuple(sorted({r.label for d in documents for r in d.relations}))
    else:
        labels, relation_labels = mapping.target_labels, mapping.relation_labels
    return GoldSet(
        corpus=mapping.corpus,
        documents=tuple(documents),
        labels=labels,
        relation_labels=relation_labels,
        record_labels=None if mapping.identity or mapping.record_labels == labels else mapping.record_labels,
        warnings=tuple(warnings),
        counts=dict(sorted(counts.items())),
    )
