"""Silver training corpora: trial records -> deduplicated, annotated documents in reproducible splits.

The pieces are pure functions (:func:`parse_split`, :func:`assign_split`, :func:`dedup_key`) and one
streaming driver, :func:`build_corpus`, that never holds the corpus: documents are annotated in
batches and written to their split's output as they come (JSONL lines, brat file pairs, DocBin shards
of ``shard_size`` documents). What it keeps is one 16-byte digest per distinct document text (for
deduplication), the set of trial ids and the counters of ``stats.json``.

Splits are by trial: a trial's documents all go to the split that a seeded hash of its id picks, so
no trial is in two splits, the assignment does not depend on the input order, and the same seed
gives the same splits on every run and machine.

Deduplication keeps the first document of each normalized text (case, whitespace, list markers and
edge punctuation ignored): trial records repeat criteria such as "Pregnant or breast-feeding women"
thousands of times, and a corpus that counts them once neither overweights them in training nor
lets one sentence sit in train and dev at once. The set of texts kept does not depend on the input
order; when two trials share a text, the copy kept (and so its split) is the one read first.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .annotate import annotate_documents, iter_documents
from .documents import DEFAULT_FIELDS, Document
from .errors import FormatError, RecordError, message
from .export.spans import doc_relations
from .export.writers import BratWriter, jsonl_record
from .io import atomic_dir

CORPUS_FORMATS: tuple[str, ...] = ("spacy", "jsonl", "brat")
SPLIT_NAMES: tuple[str, ...] = ("train", "dev", "test")
DEFAULT_SPLIT: tuple[float, ...] = (0.8, 0.1, 0.1)


def parse_split(text: str | Iterable[float]) -> tuple[float, ...]:
    """``"0.8,0.1,0.1"`` -> ``(0.8, 0.1, 0.1)``: two (train, dev) or three (train, dev, test) fractions summing to 1.

    Raises:
        FormatError: [E230] anything else.
    """
    try:
        parts = tuple(float(p) for p in (text.split(",") if isinstance(text, str) else text))
    except ValueError:
        raise FormatError(message("E230", value=text)) from None
    if len(parts) not in (2, 3) or any(p < 0 for p in parts) or abs(sum(parts) - 1.0) > 1e-6:
        raise FormatError(message("E230", value=text))
    return parts


def assign_split(trial_id: str, fractions: tuple[float, ...], seed: int = 0) -> int:
    """Index of the split (0 train, 1 dev, 2 test) of ``trial_id``: a seeded hash, so stable and order-free."""
    digest = hashlib.sha256(f"{seed}\x00{trial_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64
    total = 0.0
    for i, share in enumerate(fractions):
        total += share
        if point < total:
            return i
    # Rounding can leave the top of [0, 1) unassigned: give it to the last non-empty split.
    return max(i for i, share in enumerate(fractions) if share > 0)


_MARKER = re.compile(r"^\s*(?:[-*•·]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)])\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")


def normalize_for_dedup(text: str) -> str:
    """The form two documents must share to count as one: case-folded, one space, no marker or edge punctuation."""
    text = _MARKER.sub("", text)
    text = _SPACE.sub(" ", text.casefold()).strip()
    return _EDGE.sub("", text)


def dedup_key(text: str) -> bytes:
    """A 16-byte digest of :func:`normalize_for_dedup` (what the deduplication remembers per document)."""
    return hashlib.blake2b(normalize_for_dedup(text).encode(), digest_size=16).digest()


def trial_key(document: Document) -> str:
    """The id a document is split by: its trial's NCT id, else the record key its id starts with."""
    return document.meta.get("trial_id") or document.id.split(":", 1)[0]


@dataclass
class SplitStats:
    """Counts of one split (or of the whole corpus)."""

    documents: int = 0
    trials: set[str] = field(default_factory=set)
    spans: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)

    def add(self, trial: str, doc: Doc) -> None:
        self.documents += 1
        self.trials.add(trial)
        self.spans.update(e.label_ for e in doc.ents)
        self.relations.update(r["label"] for r in doc_relations(doc))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "trials": len(self.trials),
            "spans": dict(sorted(self.spans.items())),
            "relations": dict(sorted(self.relations.items())),
        }


@dataclass
class CorpusStats:
    """What ``stats.json`` reports: totals, per split, and what was skipped."""

    split_names: tuple[str, ...]
    total: SplitStats = field(default_factory=SplitStats)
    splits: dict[str, SplitStats] = field(default_factory=dict)
    duplicates: int = 0
    errors: int = 0

    def __post_init__(self) -> None:
        self.splits = {name: SplitStats() for name in self.split_names}

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.total.to_dict(),
            "duplicates_skipped": self.duplicates,
            "errors": self.errors,
            "splits": {name: s.to_dict() for name, s in self.splits.items()},
        }


class _ShardedDocBin:
    """DocBin shards ``000.spacy``, ``001.spacy``... of at most ``size`` docs (spaCy's Corpus reads the folder)."""

    def __init__(self, folder: Path, size: int) -> None:
        self._folder, self._size, self._n = folder, size, 0
        self._bin = DocBin(store_user_data=True)
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        doc.user_data["doc_id"] = doc_id
        self._bin.add(doc)
        if len(self._bin) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if len(self._bin):
            self._bin.to_disk(self._folder / f"{self._n:03d}.spacy")
            self._n += 1
            self._bin = DocBin(store_user_data=True)

    def close(self) -> None:
        self._flush()


class _JsonlLines:
    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        self._fh.write(json.dumps(jsonl_record(doc_id, doc, meta), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._fh.close()


class _Brat:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._writer = BratWriter(folder)

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        self._writer.add(doc_id, doc, meta)

    def close(self) -> None:
        pass


def _open_split(fmt: str, folder: Path, name: str, shard_size: int) -> Any:
    if fmt == "spacy":
        return _ShardedDocBin(folder / name, shard_size)
    if fmt == "jsonl":
        return _JsonlLines(open(folder / f"{name}.jsonl", "w", encoding="utf-8", newline=""))  # noqa: SIM115  (closed in build_corpus)
    if fmt == "brat":
        return _Brat(folder / name)
    raise FormatError(message("E008", value=fmt, allowed=", ".join(CORPUS_FORMATS)))


def unique_documents(items: Iterable[Document | RecordError], stats: CorpusStats) -> Iterator[Document | RecordError]:
    """``items`` without documents whose normalized text was seen before (counted in ``stats.duplicates``)."""
    seen: set[bytes] = set()
    for item in items:
        if isinstance(item, Document):
            if not item.text.strip():
                continue
            key = dedup_key(item.text)
            if key in seen:
                stats.duplicates += 1
                continue
            seen.add(key)
        yield item


def build_corpus(
    nlp: Language,
    paths: Iterable[str],
    output: str | Path,
    *,
    fmt: str = "spacy",
    split: tuple[float, ...] = DEFAULT_SPLIT,
    seed: int = 0,
    input_format: str | None = None,
    fields: tuple[str, ...] = DEFAULT_FIELDS,
    shard_size: int = 1000,
    batch_size: int = 64,
    on_error: Callable[[RecordError], None] | None = None,
    progress: Callable[[Iterator[Any]], Iterator[Any]] | None = None,
) -> CorpusStats:
    """Annotate the records under ``paths`` with ``nlp`` and write a split silver corpus to the folder ``output``.

    Layout: ``train``/``dev``/``test`` as DocBin shard folders (spacy), ``.jsonl`` files (jsonl) or
    brat folders (brat), plus ``stats.json``. The folder appears whole at the end, or not at all.
    Bad records are passed to ``on_error`` and skipped.
    """
    if fmt not in CORPUS_FORMATS:
        raise FormatError(message("E008", value=fmt, allowed=", ".join(CORPUS_FORMATS)))
    split = parse_split(split)
    names = SPLIT_NAMES[: len(split)]
    stats = CorpusStats(split_names=names)
    input_paths = [str(p) for p in paths]
    with atomic_dir(output) as folder:
        writers = [_open_split(fmt, folder, name, shard_size) for name in names]
        try:
            documents = unique_documents(iter_documents(input_paths, format=input_format, fields=fields), stats)
            stream: Iterator[Any] = annotate_documents(nlp, documents, batch_size=batch_size)
            if progress is not None:
                stream = progress(stream)
            for item in stream:
                if isinstance(item, RecordError):
                    stats.errors += 1
                    if on_error is not None:
                        on_error(item)
                    continue
                document, doc = item
                trial = trial_key(document)
                index = assign_split(trial, split, seed)
                writers[index].add(document.id, doc, document.meta)
                stats.total.add(trial, doc)
                stats.splits[names[index]].add(trial, doc)
        finally:
            for writer in writers:
                writer.close()
        report = {**stats.to_dict(), "format": fmt, "split": dict(zip(names, split)), "seed": seed, "inputs": input_paths}
        (folder / "stats.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return stats
