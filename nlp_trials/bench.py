"""Measure the full extract against a bare spaCy tokenizer on the same texts (issue 6's figure of record).

The full extract is what ``nlp-trials extract`` does per record: read and detect the file, parse the
record, split its criteria, run every text of the Trial through the pipeline and link the results
into Trial objects (:func:`nlp_trials.enrich.enrich_trials`). The baseline is ``spacy.blank("en")``'s
tokenizer over exactly the texts the pipeline saw, so ``ratio`` says how many times slower than
merely tokenizing the full extract is (1.0 would be free; the target is >= 0.5).

Words are whitespace-separated chunks of the pipeline's texts, counted once and used for both rates,
so the ratio does not depend on either tokenizer's idea of a token.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from pydantic import BaseModel, Field
from spacy.language import Language

from .documents import ALL_FIELDS, trial_documents
from .errors import RecordError
from .records import iter_paths, parse_file
from .schema import Trial


class BenchReport(BaseModel):
    """The figures of one benchmark run."""

    paths: list[str] = Field(description="The inputs, as given.")
    model: str = Field(description="The pipeline that was loaded (a folder, or 'default').")
    n_process: int = Field(description="Processes the pipeline and linker ran in (whole records per process, nlp_trials.enrich).")
    records: int = Field(description="Records read and extracted (Trials written), bad records excluded.")
    errors: int = Field(description="Records or documents that failed (RecordErrors in the stream).")
    documents: int = Field(description="Texts the pipeline annotated (criteria, descriptions, summaries).")
    words: int = Field(description="Whitespace-separated words in those texts.")
    chars: int = Field(description="Characters in those texts.")
    load_seconds: float = Field(description="Wall time to load the pipeline (nlp_trials.load), imports excluded.")
    read_seconds: float = Field(description="Wall time to read and split the records alone (no pipeline), a separate pass.")
    extract_seconds: float = Field(description="Wall time of the full extract: read, split, pipeline, linker.")
    records_per_s: float = Field(description="Records per second of the full extract.")
    words_per_s: float = Field(description="Words per second of the full extract.")
    bare_seconds: float = Field(description="Wall time of spacy.blank('en')'s tokenizer over the same texts.")
    bare_words_per_s: float = Field(description="Words per second of the bare tokenizer.")
    ratio: float = Field(description="words_per_s / bare_words_per_s: the figure of record (target >= 0.5).")
    peak_rss_mb: float = Field(description="Peak resident memory in MiB of this process or any finished child (multiprocessing workers).")


def peak_rss_mb() -> float:
    """The largest resident set so far of this process and of its waited-for children, in MiB.

    ``ru_maxrss`` is in KiB on Linux and in bytes on macOS.
    """
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / scale


def read_trials(paths: Iterable[str], *, limit: int | None = None) -> Iterator[Trial | RecordError]:
    """Records under ``paths`` as the extract reads them, stopping after ``limit`` items (records or errors)."""
    items = (item for path in iter_paths(paths) for item in parse_file(path))
    return islice(items, limit)


def count_words(texts: Iterable[str]) -> tuple[int, int]:
    """(words, characters) of ``texts``; a word is a whitespace-separated chunk."""
    words = chars = 0
    for text in texts:
        words += len(text.split())
        chars += len(text)
    return words, chars


def time_call(fn: Callable[[], object]) -> tuple[object, float]:
    """``fn()`` and the wall time it took in seconds."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def bare_tokenizer_seconds(texts: list[str], *, batch_size: int = 1000) -> float:
    """Wall time of ``spacy.blank("en")``'s tokenizer over ``texts`` (made before the clock starts)."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    start = time.perf_counter()
    for _ in tokenizer.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def run_extract(
    nlp: Language,
    items: Iterable[Trial | RecordError],
    *,
    n_process: int = 1,
    batch_size: int = 64,
    on_item: Callable[[Trial | RecordError], None] | None = None,
) -> tuple[int, int, list[str]]:
    """Run the full extract over ``items``; return (records, errors, the texts the pipeline read).

    The texts are taken from the enriched Trials after the pipeline has had them (the same fields
    :func:`nlp_trials.enrich.enrich_trials` annotates), so collecting them adds no pipeline work.
    """
    from .enrich import enrich_trials

    records = errors = 0
    texts: list[str] = []
    for item in enrich_trials(items, nlp, fields=ALL_FIELDS, batch_size=batch_size, n_process=n_process):
        if on_item is not None:
            on_item(item)
        if isinstance(item, RecordError):
            errors += 1
            continue
        records += 1
        texts.extend(d.text for d in trial_documents(item, fields=ALL_FIELDS) if len(d.text) <= nlp.max_length)
    return records, errors, texts


def bench(
    paths: list[str],
    *,
    model: str | Path | None = None,
    n_process: int = 1,
    limit: int | None = None,
    batch_size: int = 64,
    on_item: Callable[[Trial | RecordError], None] | None = None,
) -> BenchReport:
    """Load the pipeline, run the full extract over ``paths`` (first ``limit`` records), then the bare tokenizer.

    Args:
        paths: Files or folders of trial records (anything ``nlp-trials extract`` reads).
        model: The pipeline folder; ``None`` for ``models/trials_rules``.
        n_process: Processes for the pipeline.
        limit: Stop after this many records (bad records count); ``None`` for all.
        batch_size: Documents per spaCy batch.
        on_item: Called with every extracted Trial or RecordError (a progress bar).

    Returns:
        The :class:`BenchReport`.
    """
    from .pipeline.assemble import load

    nlp, load_seconds = time_call(lambda: load(model))
    assert isinstance(nlp, Language)
    _, read_seconds = time_call(lambda: sum(1 for _ in read_trials(paths, limit=limit)))
    (records, errors, texts), extract_seconds = time_call(
        lambda: run_extract(nlp, read_trials(paths, limit=limit), n_process=n_process, batch_size=batch_size, on_item=on_item)
    )  # type: ignore[misc]
    words, chars = count_words(texts)
    bare_seconds = bare_tokenizer_seconds(texts)
    words_per_s = words / extract_seconds if extract_seconds else 0.0
    bare_words_per_s = words / bare_seconds if bare_seconds else 0.0
    return BenchReport(
        paths=[str(p) for p in paths],
        model=str(model) if model is not None else "default",
        n_process=n_process,
        records=records,
        errors=errors,
        documents=len(texts),
        words=words,
        chars=chars,
        load_seconds=round(load_seconds, 3),
        read_seconds=round(read_seconds, 3),
        extract_seconds=round(extract_seconds, 3),
        records_per_s=round(records / extract_seconds if extract_seconds else 0.0, 2),
        words_per_s=round(words_per_s, 1),
        bare_seconds=round(bare_seconds, 3),
        bare_words_per_s=round(bare_words_per_s, 1),
        ratio=round(words_per_s / bare_words_per_s if bare_words_per_s else 0.0, 4),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )


def format_report(report: BenchReport) -> str:
    """The report as a few human-readable lines."""
    r = report
    return "\n".join(
        [
            f"records        {r.records} ({r.errors} errors), {r.documents} texts, {r.words} words, {r.chars} chars",
            f"pipeline load  {r.load_seconds:.2f} s",
            f"read + split   {r.read_seconds:.2f} s (alone)",
            f"full extract   {r.extract_seconds:.2f} s: {r.records_per_s:.1f} records/s, {r.words_per_s:,.0f} words/s (n_process={r.n_process})",
            f"bare tokenizer {r.bare_seconds:.2f} s: {r.bare_words_per_s:,.0f} words/s",
            f"ratio          {r.ratio:.3f} (full / bare words/s; target >= 0.5)",
            f"peak RSS       {r.peak_rss_mb:,.0f} MiB",
        ]
    )
