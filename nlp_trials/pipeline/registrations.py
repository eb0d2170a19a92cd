"""Every ``@registry.*`` function of nlp_trials, and nothing else.

Config files refer to these by versioned name (``[nlp.tokenizer] @tokenizers =
"nlp_trials.tokenizer.v1"``). They are exposed as entry points in pyproject.toml
(``[project.entry-points.spacy_tokenizers]``), so ``spacy.load`` finds them without importing
nlp_trials first; importing this module registers them too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from .context import read_context_rules
from .drug_spelling import spelling_vocabulary
from .patterns import read_pattern_files
from .term_lists import read_term_lists
from .tokenizer import make_trials_tokenizer


@registry.tokenizers("nlp_trials.tokenizer.v1")
def create_trials_tokenizer() -> Callable[[Language], Tokenizer]:
    """The trial-text tokenizer (:mod:`.tokenizer`), made the way ``spacy.Tokenizer.v1`` is.

    Returns:
        A function that takes the ``nlp`` object and returns its tokenizer.
    """
    return make_trials_tokenizer


@registry.readers("nlp_trials.read_patterns.v1")
def create_pattern_reader(directory: str, files: list[str]) -> list[dict[str, Any]]:
    """Span ruler patterns from ``files`` in ``directory``, validated (file and line in every error)."""
    return read_pattern_files(directory, files)


@registry.readers("nlp_trials.read_context_rules.v1")
def create_context_rules_reader(path: str) -> list[dict[str, Any]]:
    """ConText rules from a JSONL file such as ``patterns/context.jsonl``, validated."""
    return [rule.to_dict() for rule in read_context_rules(Path(path))]


@registry.readers("nlp_trials.read_term_lists.v1")
def create_term_lists_reader(path: str) -> list[dict[str, Any]]:
    """Word lists of the value rules from a JSONL file such as ``patterns/term_lists.jsonl``, validated."""
    return read_term_lists(Path(path)).to_dicts()


@registry.readers("nlp_trials.read_drug_spellings.v1")
def create_drug_spellings_reader(directory: str, files: list[str]) -> dict[str, Any]:
    """The canonical drug names a misspelt word may be corrected to and the other one-word drug phrases,
    from the drug pattern ``files`` in ``directory`` (validated like the rulers' patterns)."""
    return spelling_vocabulary(read_pattern_files(directory, files))
