"""Base model policy shared by every schema object."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TrialsModel(BaseModel):
    """Base of every nlp_trials model.

    Unknown keys fail loudly (a misspelt field in a user's JSON must not vanish silently), and
    assignments are validated so objects built step by step stay valid.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
