"""Regimens as a flat table, one row per regimen: what ``nlp-trials schedules`` writes (CSV or JSON Lines)."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from ..schema import Regimen, Trial

#: Columns in order. ``days`` and ``parts`` (a fixed-dose combination's amounts) are lists in JSON
#: Lines and "1,8" in CSV; missing values are empty/null.
COLUMNS: tuple[str, ...] = (
    "trial_id", "arm", "intervention", "drug", "drug_id", "drug_text", "dose", "low", "high", "parts", "unit", "basis", "route",
    "days", "cycle_days", "frequency", "times_per_day", "interval_days", "cycles", "doses", "duration_days", "dose_intensity",
    "option_group", "source", "start", "end", "text",
)


def regimen_row(trial: Trial, regimen: Regimen) -> dict[str, Any]:
    """The flat row of one regimen of ``trial``."""
    dose, freq = regimen.dose, regimen.frequency
    return {
        "trial_id": trial.id,
        "arm": regimen.arm,
        "intervention": regimen.intervention,
        "drug": regimen.drug,
        "drug_id": regimen.drug_id,
        "drug_text": regimen.drug_text,
        "dose": dose.value if dose else None,
        "low": dose.low if dose else None,
        "high": dose.high if dose else None,
        "parts": list(dose.parts) if dose and dose.parts else None,
        "unit": dose.unit if dose else None,
        "basis": dose.basis if dose else None,
        "route": regimen.route,
        "days": list(regimen.days),
        "cycle_days": regimen.cycle_days,
        "frequency": freq.text if freq else None,
        "times_per_day": freq.times_per_day if freq else None,
        "interval_days": freq.interval_days if freq else None,
        "cycles": regimen.cycles,
        "doses": regimen.doses,
        "duration_days": regimen.duration_days,
        "dose_intensity": regimen.dose_intensity,
        "option_group": regimen.option_group,
        "source": regimen.source,
        "start": regimen.start,
        "end": regimen.end,
        "text": regimen.text,
    }


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(_csv_value(v)) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class RegimenTableWriter:
    """Streams rows to ``fh`` as CSV (with a header) or JSON Lines."""

    def __init__(self, fh: IO[str], fmt: str) -> None:
        self.format = fmt
        self._fh = fh
        self.rows = 0
        self._csv = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writeheader()

    def write(self, trial: Trial) -> None:
        for regimen in trial.regimens:
            row = regimen_row(trial, regimen)
            if self._csv is not None:
                self._csv.writerow({k: _csv_value(v) for k, v in row.items()})
            else:
                self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            self.rows += 1
        # A trial's rows reach the disk together, so an interrupted run loses no finished trial.
        self._fh.flush()
