"""Drug names misspelt by one letter: "temzolomide", "capectiabine", "doxorubucin", "pacilitaxel".

Trial records are typed by hand; 1,610 oncology records hold about 50 such misspellings of drugs the
vocabulary knows (temozolomide four ways). A word is read as a drug when it is one edit (a letter
added, dropped or changed, or two next to each other swapped) from exactly one canonical drug name,
and both are long and share their first and last three letters. The guards are what keep English words out: "glutamate" is one letter
from "glutarate", "fertility" from a brand "feritility", "homocysteine" from "homocystine"; none of
those is a canonical name with a DrugBank id of nine letters or more and the same edges.

The candidate names, and every other one-word drug phrase (which is never corrected: "quinolone" is
no misspelt "quinbolone", "thymoglobulin" no "thyroglobulin"), come from the drug pattern files at
assemble time (``initialize(vocabulary=...)``, read by ``nlp_trials.read_drug_spellings.v1``) and
travel with the pipeline; the component never reads ``patterns/`` itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, ensure_path

from ..errors import ComponentError, message
from ..labels import DRUG
from .patterns import parse_pattern_id

#: Shortest word corrected: below nine letters, one edit turns English words into drug names
#: ("central" / "centrax", "alcohol" / "alkohol").
MIN_LETTERS = 9
#: Letters at each end a misspelling keeps ("targeting" is no "targretin").
EDGE = 3
#: File name of the names inside a saved component directory.
NAMES_FILE = "names.json"


def canonical_names(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Name -> pattern id of the drug phrases that can be corrected to: one word of letters only,
    at least :data:`MIN_LETTERS` long, the normalized name of its own id (not a brand or a spelling
    variant), with a DrugBank id."""
    names: dict[str, str] = {}
    for record in records:
        pattern, span_id = record.get("pattern"), record.get("id")
        if record.get("label") != DRUG or not isinstance(pattern, str) or not span_id:
            continue
        name = pattern.lower()
        if len(name) < MIN_LETTERS or not name.isalpha() or not name.isascii():
            continue
        parsed = parse_pattern_id(span_id)
        if parsed.key == name and (parsed.code or "").startswith("DRUGBANK:"):
            names.setdefault(name, span_id)
    return names


def known_words(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every one-word drug phrase of ``records``, lower-cased: brands and spelling variants too."""
    return {r["pattern"].lower() for r in records if r.get("label") == DRUG and isinstance(r.get("pattern"), str) and " " not in r["pattern"]}


def spelling_vocabulary(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the component needs from the drug patterns: ``names`` (name -> id, :func:`canonical_names`)
    and ``known`` (the other one-word phrases, sorted)."""
    records = list(records)
    names = canonical_names(records)
    return {"names": names, "known": sorted(known_words(records) - names.keys())}


def edge_index(names: Iterable[str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """The names by their first and last :data:`EDGE` letters: a misspelling keeps both, so these are
    the only names a word can be corrected to."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name in names:
        index[name[:EDGE], name[-EDGE:]].add(name)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def one_edit(a: str, b: str) -> bool:
    """Is ``b`` one edit from ``a``: a letter added, dropped or changed, or two neighbours swapped?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]  # b has a letter more
    if a[i + 1:] == b[i + 1:]:
        return True  # one letter changed
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def correct(
    word: str, names: Mapping[str, str], index: Mapping[tuple[str, str], tuple[str, ...]], known: Collection[str] = frozenset()
) -> str | None:
    """The one name of ``names`` that ``word`` is one edit from (:func:`one_edit`), with the same first
    and last :data:`EDGE` letters; None when there is none or more than one, or ``word`` is a name
    itself or one of the ``known`` words."""
    w = word.lower()
    if len(w) < MIN_LETTERS or w in names or w in known or not w.isalpha():
        return None
    found = [n for n in index.get((w[:EDGE], w[-EDGE:]), ()) if one_edit(w, n)]
    return found[0] if len(found) == 1 else None


class TrialsDrugSpelling:
    """Pipeline component: adds a DRUG span, with the corrected name's id, for each word no other span
    covers that :func:`correct` reads as a misspelt drug.

    Place it after the rulers and the value rules and before ``trials_abbreviations`` (so that
    "temzolomide (TMZ)" defines TMZ) and ``trials_resolver``.
    """

    def __init__(
        self, name: str = "trials_drug_spelling", *, spans_key: str, names: Mapping[str, str] | None = None, known: Iterable[str] = ()
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self._set({"names": dict(names or {}), "known": list(known)})

    def _set(self, vocabulary: Mapping[str, Any]) -> None:
        self.names: dict[str, str] = dict(vocabulary["names"])
        self.known: frozenset[str] = frozenset(vocabulary["known"])
        self.index = edge_index(self.names)

    def _vocabulary(self) -> dict[str, Any]:
        return {"names": self.names, "known": sorted(self.known)}

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, vocabulary: Any = None) -> None:
        """Replace the names and known words with ``vocabulary`` (:func:`spelling_vocabulary`) when given."""
        if vocabulary is not None:
            self._set(vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        if not self.names:
            return doc
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        covered = {i for s in spans for i in range(s.start, s.end)}
        added = []
        for token in doc:
            if token.i in covered or len(token) < MIN_LETTERS or not token.is_alpha or token.is_upper:
                continue
            name = correct(token.text, self.names, self.index, self.known)
            if name is not None:
                added.append(Span(doc, token.i, token.i + 1, label=DRUG, span_id=self.names[name]))
        if added:
            doc.spans[self.spans_key] = spans + added
        return doc

    # -- serialization: the names, as one JSON object

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The names and known words as bytes."""
        return util.to_bytes({"names": lambda: srsly.json_dumps(self._vocabulary())}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> TrialsDrugSpelling:
        """Load names saved by :meth:`to_bytes`."""
        util.from_bytes(bytes_data, {"names": lambda b: self._set(srsly.json_loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write ``names.json`` (``{"names": {...}, "known": [...]}``) into directory ``path``."""
        util.to_disk(ensure_path(path), {NAMES_FILE: lambda p: srsly.write_json(p, self._vocabulary())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> TrialsDrugSpelling:
        """Load a directory written by :meth:`to_disk`.

        Raises:
            ComponentError: When the directory or its names file does not exist.
        """
        path = ensure_path(path)
        if NAMES_FILE not in exclude and not (path / NAMES_FILE).is_file():
            raise ComponentError(message("E138", component=self.name, path=path, detail=f"no {NAMES_FILE} file"))
        util.from_disk(path, {NAMES_FILE: lambda p: self._set(srsly.read_json(p))}, exclude)
        return self
