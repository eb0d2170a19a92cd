"""Drug-dose schedules: what is given, how much, how, on which days and how often (``Trial.regimens``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import TrialsModel

DoseBasis = Literal["flat", "m2", "kg", "auc"]


class RegimenDose(TrialsModel):
    """The amount given per administration, a single value or a range."""

    value: float | None = Field(default=None, title="Value", description="The amount, when a single number (e.g. 1.2 for '1.2 mg/m^2'); null for a range.")
    low: float | None = Field(default=None, title="Low", description="Lower end of a dose range ('200-300mg' -> 200); null for a single value.")
    high: float | None = Field(default=None, title="High", description="Upper end of a dose range ('200-300mg' -> 300); null for a single value.")
    parts: list[float] | None = Field(
        default=None,
        title="Parts",
        description="The amounts of a fixed-dose combination written with slashes, in the order of the drug's name ('sacubitril/valsartan 49/51 mg' -> [49, 51], 'trimethoprim/sulfamethoxazole 160/800 mg' -> [160, 800]); value is then null. Null otherwise.",
    )
    unit: str | None = Field(default=None, title="Unit", description="UCUM unit of the amount ('mg', 'mg/m2', 'mg/kg', 'mg/d'); null for an AUC target.")
    basis: DoseBasis = Field(
        title="Basis",
        description="What the amount is relative to: 'flat' (a fixed amount), 'm2' (per square metre of body surface), 'kg' (per kilogram of body weight), 'auc' (a carboplatin-style AUC target in mg/mL*min).",
    )
    text: str = Field(title="Text", description="The dose as written in the source.")

    @model_validator(mode="after")
    def _value_or_range(self) -> "RegimenDose":
        if self.value is None and self.low is None and self.high is None and not self.parts:
            raise ValueError("a dose needs a value, a low/high range or parts")
        return self


class RegimenFrequency(TrialsModel):
    """How often a drug is given."""

    text: str = Field(title="Text", description="The frequency as written ('QD', 'twice daily', 'every 21 days', 'Q3W').")
    times_per_day: float | None = Field(default=None, ge=0, title="Times per day", description="Administrations per day when the frequency is within a day (QD -> 1, BID -> 2, every 8 hours -> 3); null otherwise.")
    interval_days: float | None = Field(default=None, ge=0, title="Interval in days", description="Days between administrations or cycles (daily -> 1, weekly/QW -> 7, Q3W/every 21 days -> 21); null when not stated.")


class Regimen(TrialsModel):
    """One drug as an arm, intervention or description gives it, with every part of its schedule that the text states.

    Nothing is invented: a drug named without a dose has a null dose; days, cycle and frequency are
    only those written for this drug (or shared by the drugs of one sentence when the text says so).
    """

    drug: str = Field(title="Drug", description="Normalized drug name (the vocabulary's preferred name, lower case), or the text when the vocabulary has none.")
    drug_id: str | None = Field(default=None, title="Drug id", description="Vocabulary id of the drug (e.g. 'DRUGBANK:DB00515'), when known.")
    drug_text: str = Field(title="Drug text", description="The drug as written in the source.")
    dose: RegimenDose | None = Field(default=None, title="Dose", description="Amount per administration, or null when the text gives none.")
    route: str | None = Field(default=None, title="Route", description="Route of administration, normalized: 'intravenous', 'oral', 'subcutaneous', 'intramuscular', 'intrathecal', 'topical', 'inhalation', 'ophthalmic' ...; null when not stated.")
    days: list[int] = Field(default_factory=list, title="Days", description="Days of the cycle on which the drug is given ('Days 1 to 5' -> [1, 2, 3, 4, 5], 'd1,8' -> [1, 8]; 'weekly for 3 weeks of a 28-day cycle' -> [1, 8, 15]; 'on days 1 and 4 weekly for 2 weeks' -> [1, 4, 8, 11]); empty when not stated.")
    cycle_days: int | None = Field(default=None, ge=1, title="Cycle length", description="Length of one cycle in days ('every 21 days', 'Q3W', '21-day cycle' -> 21; 'weekly for 4 weeks, repeated every 6 weeks' -> 42); null when not stated, or when the only week-or-longer frequency cannot be the cycle because the days run past it ('weekly on days 1, 8 and 15').")
    frequency: RegimenFrequency | None = Field(default=None, title="Frequency", description="How often the drug is given within its days, or between doses; null when not stated.")
    cycles: int | None = Field(default=None, ge=1, title="Cycles", description="Number of cycles ('for 4 cycles' -> 4); null when not stated.")
    doses: int | None = Field(
        default=None,
        ge=1,
        title="Doses",
        description="How many administrations the text counts ('every 12 hours for 6 doses' -> 6, 'every 3 hrs x 3' -> 3, 'weekly x 4' -> 4), per cycle when there is one; null when not stated. A count per day ('every 4 hours x 3 doses daily') is the frequency's times_per_day instead. For a drug given several times a day with no days stated, the dose intensity counts these doses per cycle.",
    )
    duration_days: float | None = Field(default=None, ge=0, title="Duration in days", description="How long the drug is given ('for 2 years' -> 730), when stated; null otherwise.")
    dose_intensity: float | None = Field(
        default=None,
        ge=0,
        title="Dose intensity per week",
        description="Planned dose per week in the dose's unit without its time, when dose, days and cycle are known (gemcitabine 1000 mg/m2 on days 1 and 8 every 21 days -> 666.7; dexamethasone 40 mg/d on 12 days of 35 -> 96; 20 mg/m2/wk -> 20); the mean of a dose range's ends; null otherwise, for a rate per hour or minute, and when the days do not fit the cycle (days past its end, or days of each week of a longer course).",
    )
    option_group: int | None = Field(default=None, ge=0, title="Option group", description="Regimens that are alternatives to each other share one number: drugs ('investigator's choice of topotecan, gemcitabine, ...') or doses of one drug ('sorafenib 200 or 400 mg', 'capecitabine 1000 mg/m2 or 1250 mg/m2 twice daily': one regimen per dose, each with the details written after the last); null for a regimen that is not one of several options.")
    source: str = Field(title="Source field", description="The field the regimen was read from: 'arms[1].description', 'interventions[0].description', 'detailed_description', 'brief_summary'.")
    arm: str | None = Field(default=None, title="Arm", description="Label of the arm it belongs to, when known.")
    intervention: str | None = Field(default=None, title="Intervention", description="Name of the intervention it belongs to, when known.")
    text: str = Field(title="Text", description="The source characters the regimen spans (from the drug to its last detail), exactly source_field[start:end].")
    start: int = Field(ge=0, title="Start", description="Character offset of the regimen's text in its source field.")
    end: int = Field(ge=0, title="End", description="Character offset just past the regimen's text in its source field.")
