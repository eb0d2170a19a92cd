r"""Every regex compiled in nlp_trials stays fast on adversarial strings (no catastrophic backtracking).

The regexes are collected by importing every module of the package and scanning its globals (and
the lists, tuples, sets and dicts held in them) for compiled patterns, so a new regex is covered the
day it is added. Each one is run on long runs of the characters regexes typically repeat (spaces,
line breaks, digits, letters, "a.", "((", list markers ...) followed by a tail that makes the match
fail: the input that turns nested or adjacent quantifiers into exponential or high-polynomial
backtracking.

* ``match`` (anchored, as the code mostly calls them on a position inside a long criterion) runs on
  ``MATCH_LENGTH`` characters: a sound pattern is linear there, while one whose optional parts share
  the same blanks (``\s*-?\s*``) is quadratic or worse and blows far past the bound.
* ``search`` tries every start position, so any pattern that begins with a repeat is quadratic by
  nature; it runs on ``SEARCH_LENGTH`` characters, where quadratic costs milliseconds and only
  cubic-or-worse (or exponential) backtracking reaches the bound.

This is a guard against blow-up, not a timing benchmark: the bound (``BOUND`` seconds per regex and
string, enforced by interrupting the match with :mod:`nlp_trials.guard`) is orders of magnitude
above what a sound regex needs on these strings, so only a pathological pattern can hit it, whatever
the machine's load.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import nlp_trials
from nlp_trials import guard

#: Seconds one regex may take on one adversarial string before it counts as blown up.
BOUND = 2.0
#: Length of the adversarial runs for ``match``: a linear pattern needs milliseconds, a quadratic one
#: (2.5e9 steps) far more than the bound.
MATCH_LENGTH = 50_000
#: Length for ``search``: quadratic (every start position) costs milliseconds, cubic 1e9 steps.
SEARCH_LENGTH = 1_000

ATOMS = [" ", "\n", "\t", " \n", "\n ", "a", "A", "aA", "1", "1.", "1 ", "1,", "1-", "a.", "a ", "a-", "((", "))", "-", "*",
         "* ", ".", "..", ":", "/", "1/", "x1", "e", "%", "≥", "—", "<", "&", "\\", "a1 ", "mg ", "I", "or ", ", "]
TAILS = ["\x00!", "a"]


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(nlp_trials.__path__, "nlp_trials."):
        if info.name.endswith("__main__"):
            continue  # running it would start the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = list(value.values()) + list(value) if isinstance(value, dict) else value if isinstance(value, (list, tuple, set, frozenset)) else [value]
            for v in values:
                if isinstance(v, re.Pattern) and isinstance(v.pattern, str) and id(v) not in found:
                    found[id(v)] = (f"{info.name}.{name}", v)
    return dict(sorted(found.values(), key=lambda item: item[0]))


PATTERNS = _patterns()


def test_the_scan_finds_the_package_regexes() -> None:
    assert len(PATTERNS) > 50
    assert "nlp_trials.records.ctgov_xml._DECLARATION" in PATTERNS


@pytest.mark.parametrize("name", list(PATTERNS))
def test_regex_survives_adversarial_runs(name: str) -> None:
    if not guard.available():
        pytest.skip("needs SIGALRM to interrupt a runaway match")
    pattern = PATTERNS[name]
    slow = []
    for how, length in (("match", MATCH_LENGTH), ("search", SEARCH_LENGTH)):
        run_ = getattr(pattern, how)
        for atom in ATOMS:
            run = atom * (length // len(atom))
            for tail in TAILS:
                text = run + tail
                try:
                    guard.run_with_budget(lambda: run_(text), BOUND)  # noqa: B023
                except guard.RecordTimeout:
                    slow.append(f"{how} on {atom!r} * {length // len(atom)} + {tail!r}")
    assert not slow, f"{name} = {pattern.pattern!r} backtracks catastrophically: {', '.join(slow)}"
