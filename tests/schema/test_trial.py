"""The Trial contract: every field described, schema snapshot, JSON round trip, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from nlp_trials.cli.schema import trial_schema
from nlp_trials.schema import Age, Arm, Criterion, Eligibility, Enrollment, Intervention, Outcome, Source, Trial

SNAPSHOT = Path(__file__).with_name("trial.schema.json")


def _trial() -> Trial:
    return Trial(
        id="NCT00000001",
        source=Source(path="x.json", format="ctgov-json", index=3),
        title="A study",
        phases=["PHASE1", "PHASE2"],
        enrollment=Enrollment(count=40, type="ESTIMATED"),
        arms=[Arm(label="A", type="EXPERIMENTAL", interventions=["Drug X"])],
        interventions=[Intervention(name="Drug X", type="DRUG", other_names=["X-1"])],
        eligibility=Eligibility(
            minimum_age=Age(value=18, unit="YEARS"),
            sex="ALL",
            healthy_volunteers=False,
            text="* Age 18",
            criteria=[Criterion(id="I1", kind="inclusion", text="Age 18", start=2, end=8, marker="*")],
        ),
        outcomes=[Outcome(kind="primary", measure="ORR", time_frame="1 year")],
    )


def test_round_trip_through_json_is_identity():
    trial = _trial()
    assert Trial.model_validate_json(trial.model_dump_json()) == trial
    assert Trial(**trial.model_dump()) == trial


def test_every_field_has_a_description():
    def walk(schema: dict, where: str) -> None:
        for name, prop in schema.get("properties", {}).items():
            assert prop.get("description"), f"{where}.{name} has no description"

    full = trial_schema()
    walk(full, "Trial")
    for name, sub in full.get("$defs", {}).items():
        walk(sub, name)


def test_schema_matches_committed_snapshot():
    # The snapshot is the published contract: regenerate it with `nlp-trials schema -o` on purpose.
    assert trial_schema() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        Trial.model_validate({"source": {"format": "text"}, "titel": "typo"})


def test_unknown_format_is_rejected():
    with pytest.raises(ValidationError):
        Source(format="pdf")


def test_criterion_end_before_start_is_rejected():
    with pytest.raises(ValidationError, match="before start"):
        Criterion(id="I1", kind="inclusion", text="", start=5, end=2)
