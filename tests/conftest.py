"""Shared fixtures and the opt-in --slow marker (runs that read ../shared/corpora)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="needs --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def samples() -> dict[str, Path]:
    """The five seed records shipped in corpus/samples, keyed by their number ("000".."004")."""
    return {p.name[:3]: p for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    """The rule pipeline assembled once per test session from the repository's config and patterns."""
    from nlp_trials.pipeline.assemble import assemble

    out = tmp_path_factory.mktemp("models") / "trials_rules"
    assemble(output=out)
    return out


@pytest.fixture(scope="session")
def nlp(model_dir):
    import spacy

    return spacy.load(model_dir)
