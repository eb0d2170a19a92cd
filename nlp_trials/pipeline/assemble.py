"""Build the rule pipeline from the packaged config and ``patterns/``; load it back."""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from ..errors import NlpTrialsError

logger = logging.getLogger("nlp_trials")

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The repository checkout the package runs from (editable install): patterns/ and models/ live here.
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_CONFIG = PACKAGE_DIR / "configs" / "trials.cfg"
DEFAULT_PATTERNS = PROJECT_DIR / "patterns"
DEFAULT_MODEL = PROJECT_DIR / "models" / "trials_rules"


def assemble(
    *,
    config_path: str | Path = DEFAULT_CONFIG,
    patterns_dir: str | Path = DEFAULT_PATTERNS,
    output: str | Path | None = None,
) -> Language:
    """Create the pipeline from ``config_path``, load the rules from ``patterns_dir``, optionally save it.

    The patterns are validated on the way in (file, line and allowed values in every message).
    """
    from . import registrations  # noqa: F401  (registers the tokenizer and readers)
    from . import factories  # noqa: F401

    patterns_dir = Path(patterns_dir)
    if not patterns_dir.is_dir():
        raise NlpTrialsError(f"[E107] pattern directory {patterns_dir} does not exist")
    config = load_config(Path(config_path), overrides={"paths.patterns": str(patterns_dir)}, interpolate=False)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    if output is not None:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(output)
    return nlp


def load(path: str | Path | None = None, **kwargs) -> Language:  # type: ignore[no-untyped-def]
    """Load an assembled pipeline: ``path``, or by default ``models/trials_hybrid`` (rules plus the
    trained NER in ``models/ner_trials``), falling back to ``models/trials_rules`` without that NER;
    either is assembled on first use and again when its sources are newer.

    Extra keyword arguments go to :func:`spacy.load` (e.g. ``exclude=["trials_context"]``).
    """
    from . import registrations  # noqa: F401
    from . import factories  # noqa: F401

    if path is None:
        # The default is the best pipeline on held-apart data (README, Results): the hybrid when the
        # trained NER ships in models/ner_trials, else the rules alone.
        from ..train import ensure_hybrid

        hybrid = ensure_hybrid()
        if hybrid is not None:
            return spacy.load(hybrid, **kwargs)
        path = DEFAULT_MODEL
    return spacy.load(resolve_model(path), **kwargs)


def rule_sources() -> list[Path]:
    """The files a saved rule pipeline is built from: the config, the pattern files, and the code
    whose output is saved with it (the tokenizer splits the phrases, the ruler stores them)."""
    code = [PACKAGE_DIR / "pipeline" / name for name in ("tokenizer.py", "ruler.py", "token_matcher.py")]
    return [DEFAULT_CONFIG, *sorted(DEFAULT_PATTERNS.glob("*.jsonl")), *code]


def ensure_rules(path: str | Path = DEFAULT_MODEL) -> Path:
    """The default rule pipeline's folder, assembled when missing or older than its sources
    (:func:`rule_sources`), so that an edited pattern file or an updated checkout takes effect."""
    path = Path(path)
    built = path / "config.cfg"
    if not built.exists():
        logger.warning("assembling the rule pipeline into %s (first use)", path)
        assemble(output=path)
    else:
        newest = max((p.stat().st_mtime for p in rule_sources() if p.exists()), default=0.0)
        if built.stat().st_mtime < newest:
            logger.warning("assembling the rule pipeline into %s (its patterns or code changed)", path)
            assemble(output=path)
    return path


def resolve_model(path: str | Path) -> Path:
    """The folder to load for ``path``: the default pipelines are assembled on first use and again
    when their sources are newer; any other folder must hold a saved pipeline."""
    from ..train import DEFAULT_HYBRID, ensure_hybrid

    path = Path(path)
    if path.resolve() == DEFAULT_MODEL.resolve():
        ensure_rules(path)
    elif path.resolve() == Path(DEFAULT_HYBRID).resolve():
        ensure_hybrid(output=path)
    if not (path / "config.cfg").exists():
        raise NlpTrialsError(
            f"[E108] no pipeline at {path}: expected a folder saved by spaCy (with config.cfg); "
            "build one with `nlp-trials assemble -o DIR` or `nlp-trials assemble-hybrid`, "
            "or leave out --model for the default pipeline"
        )
    return path
