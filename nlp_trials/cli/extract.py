"""``nlp-trials extract``: trial records in, one validated Trial JSON object per record out."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated, Optional

import typer
from spacy.language import Language
from tqdm import tqdm

from ..enrich import enrich_trials
from ..errors import FormatError, RecordError
from ..io import atomic_write
from ..records import check_format, iter_paths, parse_file
from ..schema import Trial
from ._util import FORMAT_HELP, app


@dataclass
class ExtractSummary:
    files: int = 0
    records: int = 0
    criteria: int = 0
    errors: int = 0

    def line(self) -> str:
        return (
            f"extract: {self.records} records, {self.criteria} criteria from {self.files} files; "
            f"{self.errors} errors"
        )


class TrialWriter:
    """Writes one Trial as indented JSON, or several as JSON Lines, deciding when the second arrives.

    Holding back only the first record keeps memory flat however many records stream through.
    """

    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh
        self._first: Trial | None = None
        self.count = 0

    def write(self, trial: Trial) -> None:
        self.count += 1
        if self.count == 1:
            self._first = trial
            return
        if self._first is not None:
            self._fh.write(self._first.model_dump_json() + "\n")
            self._first = None
        self._fh.write(trial.model_dump_json() + "\n")

    def close(self) -> None:
        if self._first is not None:
            self._fh.write(self._first.model_dump_json(indent=2) + "\n")
            self._first = None


def read_records(paths: list[str], *, format: str | None = None, progress: bool = False) -> Iterator[Trial | RecordError]:
    """Yield a Trial or a RecordError per record of every file under ``paths`` (``-`` is stdin)."""
    files = list(iter_paths(paths))
    for path in tqdm(files, desc="extract", unit="file", disable=None if progress else True, file=sys.stderr):
        yield from parse_file(path, format=format)


def extract(
    paths: list[str],
    *,
    format: str | None = None,
    progress: bool = False,
    nlp: Language | None = None,
    n_process: int = 1,
) -> Iterator[Trial | RecordError]:
    """Records under ``paths`` as Trials; with ``nlp``, enriched with the pipeline and linker's objects."""
    items = read_records(paths, format=format, progress=progress)
    if nlp is None:
        yield from items
    else:
        yield from enrich_trials(items, nlp, n_process=n_process)


@contextlib.contextmanager
def _open_output(output: Path | None) -> Iterator[IO[str]]:
    if output is None or str(output) == "-":
        yield sys.stdout
    else:
        with atomic_write(output) as fh:
            yield fh


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files, folders (searched recursively for .json, .jsonl, .xml, .txt, .md), or - for standard input.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: standard output). Written whole at the end, or not at all.", dir_okay=False)] = None,
    format: Annotated[str, typer.Option("-f", "--format", help=FORMAT_HELP)] = "auto",
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Also write each failed record as a JSON line {path, index, reason} to this file.", dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no closing summary.")] = False,
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to tag and link the texts with (default: the hybrid pipeline models/trials_hybrid, or models/trials_rules without models/ner_trials; assembled on first use).", file_okay=False)] = None,
    no_nlp: Annotated[bool, typer.Option("--no-nlp", help="Only read and split the records: no entity pipeline, no regimens, thresholds or windows (much faster).")] = False,
    n_process: Annotated[int, typer.Option("-n", "--n-process", min=1, help="Processes for the pipeline and linker (whole records per process, the pipeline loaded once in each); output order is kept.")] = 1,
) -> None:
    """Read trial records into structured Trial objects (JSON).

    Reads ClinicalTrials.gov API v2 JSON (a study, a {"studies": [...]} page, or JSON Lines; API v1
    JSON too), classic ClinicalTrials.gov XML, trial pages saved as text (ClinicalTrials.gov current and
    classic pages, ClinicalTrials.Veeva), and plain criteria text. A single record is printed as
    indented JSON; several go out as JSON Lines, one Trial per line. Each criterion carries its id
    (I1, E4.2), kind and character offsets. The entity pipeline and the linker then add the
    drug-dose regimens of arms, interventions and descriptions, each criterion's lab and dose
    thresholds (with what an eligible patient must meet), time windows with their anchor events and
    tagged entities, and summary facts (ECOG, life expectancy, prior lines, measurable disease);
    --no-nlp skips them. A bad record gets one line on standard error naming the
    file and record; the rest of the batch goes on, and the exit code is 1 if any record failed.

    Example: nlp-trials extract corpus/samples -o trials.jsonl
    """
    try:
        fmt = check_format(format)
    except FormatError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    nlp = None
    if not no_nlp:
        from ..pipeline.assemble import load

        nlp = load(model)
    summary = ExtractSummary(files=len(list(iter_paths(paths))))
    failures: list[RecordError] = []
    with _open_output(output) as fh:
        writer = TrialWriter(fh)
        for item in extract(paths, format=fmt, progress=not quiet, nlp=nlp, n_process=n_process):
            if isinstance(item, RecordError):
                summary.errors += 1
                failures.append(item)
                typer.echo(f"error: {item.one_line()}", err=True)
                continue
            summary.records += 1
            summary.criteria += len(item.eligibility.criteria)
            writer.write(item)
        writer.close()
    if errors is not None:
        with atomic_write(errors) as efh:
            for failure in failures:
                efh.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
    if not quiet:
        typer.echo(summary.line(), err=True)
    if summary.errors or summary.records == 0:
        raise typer.Exit(1)
