"""``trials_ruler``: spaCy's ``span_ruler`` output, faster to run and to load.

It takes the same pattern records (``{"label", "pattern", "id"}``, phrases and token patterns) and
writes the same spans to ``doc.spans[spans_key]``: every match, as a Span with the record's label
and id, deduplicated and sorted, added to what is already there. Two things differ, both for speed:

* Token patterns run through :class:`~nlp_trials.pipeline.token_matcher.TokenTrie`, which only
  tries the patterns a token can start (spaCy's ``Matcher`` tries all of them at every token);
  patterns the trie does not support fall back to a ``Matcher``.
* Phrases are tokenized once, when they are added, and saved with their tokens (``rules.msgpack``),
  so loading a saved pipeline neither re-tokenizes ~80k phrases nor creates a lexeme per phrase
  key; all phrases share one ``PhraseMatcher`` key and their labels and ids are looked up by
  their token strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import ComponentError, message
from .token_matcher import TokenColumns, TokenTrie, token_attr_name
from .tokenizer import is_line_wrap

#: The one PhraseMatcher key all phrases share.
_PHRASE_KEY = "TRIALS_RULER_PHRASE"
_RULES_FILE = "rules.msgpack"
_FORMAT_VERSION = 1
#: The most token sequences a phrase is matched by besides its own (see TrialsRuler._case_variants).
_MAX_CASE_VARIANTS = 8
PHRASE_ATTRS: tuple[str, ...] = ("LOWER", "ORTH")


def without_line_wraps(doc: Doc) -> tuple[Doc, list[int]] | None:
    """``doc`` without the line-break tokens of wrapped lines (:func:`.tokenizer.is_line_wrap`),
    and the position in ``doc`` of each token of that view; None when ``doc`` has no wrap.

    The view is a new Doc of the same vocab whose words are the other tokens, a word before a wrap
    followed by a space, so phrases and token patterns match across the wrap as across a space.
    """
    wraps = [t.i for t in doc if is_line_wrap(t)]
    if not wraps:
        return None
    dropped = set(wraps)
    positions = [t.i for t in doc if t.i not in dropped]
    words = [doc[i].text for i in positions]
    spaces = [bool(doc[i].whitespace_) or (i + 1) in dropped for i in positions]
    return Doc(doc.vocab, words=words, spaces=spaces), positions


class TrialsRuler:
    """Span ruler over phrases and token patterns (see the module docstring).

    Args:
        nlp: The pipeline; its tokenizer splits the phrases.
        name: The component name.
        spans_key: The ``doc.spans`` group the spans go to.
        phrase_matcher_attr: ``LOWER`` (case-insensitive phrases) or ``ORTH``.
        overwrite: Replace the group instead of adding to it.
    """

    def __init__(
        self, nlp: Language, name: str = "trials_ruler", *, spans_key: str, phrase_matcher_attr: str = "LOWER", overwrite: bool = False
    ) -> None:
        if phrase_matcher_attr not in PHRASE_ATTRS:
            raise ComponentError(message("E112", component=name, value=phrase_matcher_attr))
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.phrase_matcher_attr = phrase_matcher_attr
        self.overwrite = overwrite
        self.clear()

    def clear(self) -> None:
        """Remove every pattern."""
        # One row per record, in the order added: [key, pattern, phrase tokens or None], and for a
        # phrase that capitals tokenize differently, a fourth item: those token sequences.
        self._rows: list[list[Any]] = []
        self._keys: list[tuple[str, str]] = []
        self._key_of: dict[tuple[str, str], int] = {}
        self._phrases: dict[tuple[str, ...], list[int]] = {}
        self._trie = TokenTrie()
        self._fallback = Matcher(self.nlp.vocab, validate=True)
        self._phrase_matcher = PhraseMatcher(self.nlp.vocab, attr=self.phrase_matcher_attr)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The records, as they were added."""
        out = []
        for key, pattern, _ in self._rows:
            label, span_id = self._keys[key]
            record: dict[str, Any] = {"label": label, "pattern": pattern}
            if span_id:
                record["id"] = span_id
            out.append(record)
        return out

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the patterns, sorted."""
        return tuple(sorted({label for label, _ in self._keys}))

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add pattern records; phrases are tokenized here, with the pipeline's tokenizer.

        Raises:
            ComponentError: (E110) naming the pattern's position when a record is malformed.
        """
        records = list(patterns)
        checked = [self._check(index, record) for index, record in enumerate(records)]
        phrases: list[list[Any]] = []
        for key, pattern in checked:
            row = [key, pattern, None]
            self._rows.append(row)
            if isinstance(pattern, str):
                phrases.append(row)
            else:
                self._add_tokens(key, pattern)
        attr = token_attr_name(self.phrase_matcher_attr)
        for row, doc in zip(phrases, self.nlp.tokenizer.pipe(row[1] for row in phrases)):
            row[2] = [getattr(t, attr) for t in doc]
            if attr == "lower_":
                variants = self._case_variants(row[1], row[2])
                if variants:
                    row.append(variants)
        self._index_phrases(phrases)
        self._trie.finish()

    def _case_variants(self, phrase: str, tokens: list[str]) -> list[list[str]]:
        """Other lower-cased token sequences the phrase has when written in capitals.

        The tokenizer keeps "CAR-T" or "TCR-T" whole but splits "car-t" (code names are upper
        case), so a lower-cased phrase would never match the capitalized text. Each word holding a
        non-letter is tokenized upper-cased and title-cased too; the distinct results (at most
        :data:`_MAX_CASE_VARIANTS`) are matched as well.
        """
        tokenizer = self.nlp.tokenizer
        chunks = phrase.split(" ")
        options: list[list[tuple[str, ...]]] = []
        varied = False
        for chunk in chunks:
            if not chunk:
                continue
            forms = [tuple(t.lower_ for t in tokenizer(chunk))]
            if not chunk.isalpha():
                for cased in (chunk.upper(), chunk.title()):
                    form = tuple(t.lower_ for t in tokenizer(cased))
                    if form not in forms:
                        forms.append(form)
            varied = varied or len(forms) > 1
            options.append(forms)
        if not varied:
            return []
        sequences: list[list[str]] = [[]]
        for forms in options:
            sequences = [seq + list(form) for seq in sequences for form in forms][:_MAX_CASE_VARIANTS]
        return [seq for seq in sequences if seq != tokens]

    def _check(self, index: int, record: Any) -> tuple[int, str | list[dict[str, Any]]]:
        def fail(detail: str) -> ComponentError:
            return ComponentError(message("E110", component=self.name, index=index, detail=detail))

        if not isinstance(record, dict):
            raise fail(f"expected an object, found {type(record).__name__}")
        unknown = set(record) - {"label", "pattern", "id"}
        if unknown:
            raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
        label, pattern, span_id = record.get("label"), record.get("pattern"), record.get("id") or ""
        if not isinstance(label, str) or not label:
            raise fail("'label' must be a non-empty string")
        if not isinstance(span_id, str):
            raise fail("'id' must be a string")
        if isinstance(pattern, str):
            if not pattern.strip():
                raise fail("an empty phrase")
        elif not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
            raise fail("'pattern' must be a phrase (string) or a non-empty list of token objects")
        return self._key(label, span_id), pattern

    def _key(self, label: str, span_id: str) -> int:
        key = self._key_of.get((label, span_id))
        if key is None:
            key = self._key_of[(label, span_id)] = len(self._keys)
            self._keys.append((label, span_id))
        return key

    def _add_tokens(self, key: int, pattern: list[dict[str, Any]]) -> None:
        if not self._trie.add(key, pattern):
            # Rare features (POS, extension attributes, FUZZY ...) keep spaCy's semantics exactly.
            self._fallback.add(str(key), [pattern])

    def _index_phrases(self, phrases: Iterable[list[Any]]) -> None:
        """Make ``[key, text, tokens]`` rows matchable (this runs for every phrase on every load: kept lean)."""
        add_string = self.nlp.vocab.strings.add
        table = self._phrases
        keywords = []
        for row in phrases:
            key = row[0]
            # row[3], when present, holds the phrase's tokens as capitals tokenize it (_case_variants).
            for tokens in [row[2], *(row[3] if len(row) > 3 else ())]:
                tokens = tuple(tokens)
                keys = table.get(tokens)
                if keys is None:
                    table[tokens] = [key]
                    keywords.append([add_string(t) for t in tokens])
                elif key not in keys:
                    keys.append(key)
        if keywords:
            self._phrase_matcher.add(_PHRASE_KEY, keywords)

    def phrase_id(self, tokens: Sequence[str], label: str) -> str | None:
        """The id of the phrase of these tokens (as ``phrase_matcher_attr`` reads them, lower-cased
        for ``LOWER``) with ``label``, or None when no phrase of that label has them: how
        :mod:`.ellipsis` checks that "breast" + "cancer" is a name the vocabulary knows."""
        for key in self._phrases.get(tuple(tokens), ()):
            found_label, span_id = self._keys[key]
            if found_label == label:
                return span_id
        return None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, patterns: Any = None) -> None:
        """Replace the patterns with ``patterns`` (the config's reader validates them, file and line).

        The arguments are typed ``Any`` because spaCy validates them with a model built from this
        signature outside this module; ``add_patterns`` checks each record.
        """
        self.clear()
        if patterns:
            self.add_patterns(patterns)

    def match(self, doc: Doc) -> list[Span]:
        """The deduplicated, sorted spans of every match in ``doc``; a match may run across the
        line break of a wrapped line ("Creatinine\n clearance", :func:`without_line_wraps`)."""
        unwrapped = without_line_wraps(doc)
        if unwrapped is None:
            return self._match(doc)
        view, positions = unwrapped
        # A match over the view covers the same words in ``doc``, with the wraps between them.
        return sorted(
            Span(doc, positions[s.start], positions[s.end - 1] + 1, label=s.label, span_id=s.id)
            for s in self._match(view)
        )

    def _match(self, doc: Doc) -> list[Span]:
        keys = self._keys
        found: set[tuple[int, int, int]] = set()
        length = len(doc)
        columns = TokenColumns(list(doc))
        if self._trie.size:
            found.update(self._trie.find(columns, length))
        if len(self._fallback):
            strings = self.nlp.vocab.strings
            found.update((int(strings[m_id]), start, end) for m_id, start, end in self._fallback(doc))
        if self._phrases:
            values = columns[self.phrase_matcher_attr]
            for _, start, end in self._phrase_matcher(doc):
                for key in self._phrases.get(tuple(values[start:end]), ()):
                    found.add((key, start, end))
        spans = {Span(doc, start, end, label=keys[key][0], span_id=keys[key][1]) for key, start, end in found if start != end}
        return sorted(spans)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        spans = [] if self.overwrite or self.spans_key not in doc.spans else list(doc.spans[self.spans_key])
        spans.extend(matches)
        doc.spans[self.spans_key] = spans
        return doc

    # Serialization: the records with their phrase tokens, so loading tokenizes nothing.
    def _state(self) -> dict[str, Any]:
        return {
            "version": _FORMAT_VERSION,
            "phrase_matcher_attr": self.phrase_matcher_attr,
            "keys": [list(k) for k in self._keys],
            "rows": self._rows,
        }

    def _load_state(self, state: Any, where: str) -> None:
        def fail(detail: str) -> ComponentError:
            return ComponentError(message("E111", component=self.name, path=where, detail=detail))

        if not isinstance(state, dict) or state.get("version") != _FORMAT_VERSION:
            raise fail(f"not a rules file of version {_FORMAT_VERSION}")
        if state.get("phrase_matcher_attr") != self.phrase_matcher_attr:
            raise fail(
                f"phrases were tokenized for {state.get('phrase_matcher_attr')!r}, the component matches {self.phrase_matcher_attr!r}"
            )
        self.clear()
        try:
            for label, span_id in state["keys"]:
                self._key(label, span_id)
            phrases = []
            n_keys = len(self._keys)
            for row in state["rows"]:
                key, pattern, tokens = row[:3]
                if not (type(key) is int and 0 <= key < n_keys):
                    raise fail(f"pattern key {key!r} out of range")
                self._rows.append(row)
                if tokens is not None:
                    phrases.append(row)
                else:
                    self._add_tokens(key, pattern)
            self._index_phrases(phrases)
            self._trie.finish()
        except (KeyError, TypeError, ValueError) as e:
            raise fail(f"malformed rules ({e})") from None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # msgpack, not JSON: it reads five times faster, and the readable source is patterns/.
        srsly.write_msgpack(path / _RULES_FILE, self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TrialsRuler:
        file = Path(path) / _RULES_FILE
        try:
            state = srsly.read_msgpack(file)
        except (OSError, ValueError) as e:
            raise ComponentError(message("E111", component=self.name, path=file, detail=e)) from None
        self._load_state(state, str(file))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> TrialsRuler:
        self._load_state(srsly.msgpack_loads(data), "<bytes>")
        return self
