"""``nlp-trials extract``: trial records in, one validated Trial JSON object per record out."""

from __future__ import annotations

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
from ..guard import DEFAULT_SECONDS
from ..records import check_format, iter_paths, parse_file
from ..resume import skip_written
from ..schema import Trial
from ._util import FORMAT_HELP, app, open_output, refuse_resume_to_stdout, write_errors


@dataclass
class ExtractSummary:
    files: int = 0
    records: int = 0
    criteria: int = 0
    errors: int = 0
    skipped: int = 0

    def line(self) -> str:
        skipped = f", {self.skipped} already in the output (resumed)" if self.skipped else ""
        return (
            f"extract: {self.records} records, {self.criteria} criteria from {self.files} files{skipped}; "
            f"{self.errors} errors"
        )


class TrialWriter:
    """Writes one Trial as indented JSON, or several as JSON Lines, deciding when the second arrives.

    Holding back only the first record keeps memory flat however many records stream through.
    """

    def __init__(self, fh: IO[str], *, lines_only: bool = False) -> None:
        self._fh = fh
        self._first: Trial | None = None
        self._lines_only = lines_only
        self.count = 0

    def write(self, trial: Trial) -> None:
        self.count += 1
        if self.count == 1 and not self._lines_only:
            self._first = trial
            return
        if self._first is not None:
            self._fh.write(self._first.model_dump_json() + "\n")
            self._first = None
        self._fh.write(trial.model_dump_json() + "\n")
        # A record is on disk once written, so an interrupted run loses none that it finished.
        self._fh.flush()

    def close(self) -> None:
        if self._first is not None:
            self._fh.write(self._first.model_dump_json(indent=2) + "\n")
            self._first = None


def read_records(
    paths: list[str], *, format: str | None = None, progress: bool = False, time_limit: float | None = DEFAULT_SECONDS
) -> Iterator[Trial | RecordError]:
    """Yield a Trial or a RecordError per record of every file under ``paths`` (``-`` is stdin)."""
    files = list(iter_paths(paths))
    for path in tqdm(files, desc="extract", unit="file", disable=None if progress else True, file=sys.stderr):
        yield from parse_file(path, format=format, time_limit=time_limit)


def extract(
    paths: list[str],
    *,
    format: str | None = None,
    progress: bool = False,
    nlp: Language | None = None,
    n_process: int = 1,
    done: frozenset[str] = frozenset(),
    skipped: list[int] | None = None,
    time_limit: float | None = DEFAULT_SECONDS,
) -> Iterator[Trial | RecordError]:
    """Records under ``paths`` as Trials; with ``nlp``, enriched with the pipeline and linker's objects.

    Records whose key is in ``done`` (already in a resumed output) are left out before the pipeline
    runs; ``skipped[0]`` counts them.
    """
    items = skip_written(read_records(paths, format=format, progress=progress, time_limit=time_limit), done, skipped if skipped is not None else [0])
    if nlp is None:
        yield from items
    else:
        yield from enrich_trials(items, nlp, n_process=n_process)


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files, folders (searched recursively for .json, .jsonl, .xml, .txt, .md), or - for standard input.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: standard output). Written to OUT.partial record by record and moved to OUT when the run ends, so OUT is whole or absent; an interrupted run leaves OUT.partial for --resume.", dir_okay=False)] = None,
    format: Annotated[str, typer.Option("-f", "--format", help=FORMAT_HELP)] = "auto",
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Also write each failed record as a JSON line {path, index, reason} to this file.", dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no closing summary.")] = False,
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to tag and link the texts with (default: the hybrid pipeline models/trials_hybrid, or models/trials_rules without models/ner_trials; assembled on first use).", file_okay=False)] = None,
    no_nlp: Annotated[bool, typer.Option("--no-nlp", help="Only read and split the records: no entity pipeline, no regimens, thresholds or windows (much faster).")] = False,
    n_process: Annotated[int, typer.Option("-n", "--n-process", min=1, help="Processes for the pipeline and linker (whole records per process, the pipeline loaded once in each); output order is kept.")] = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds a single record may take to be read and split before it is skipped with an [E017] error, so one pathological record cannot stall a batch.")] = DEFAULT_SECONDS,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run: keep the records already in OUT.partial (or in a finished OUT), skip them in the input, append the rest. Output is then always JSON Lines. Records that failed are tried again.")] = False,
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
    refuse_resume_to_stdout(resume, output)
    summary = ExtractSummary(files=len(list(iter_paths(paths))))
    failures: list[RecordError] = []
    skipped = [0]
    with open_output(output, resume=resume) as (fh, done):
        writer = TrialWriter(fh, lines_only=resume)
        for item in extract(paths, format=fmt, progress=not quiet, nlp=nlp, n_process=n_process, done=done, skipped=skipped, time_limit=time_limit):
            if isinstance(item, RecordError):
                summary.errors += 1
                failures.append(item)
                typer.echo(f"error: {item.one_line()}", err=True)
                continue
            summary.records += 1
            summary.criteria += len(item.eligibility.criteria)
            writer.write(item)
        writer.close()
    summary.skipped = skipped[0]
    write_errors(errors, failures)
    if not quiet:
        typer.echo(summary.line(), err=True)
    if summary.errors or summary.records + summary.skipped == 0:
        raise typer.Exit(1)
