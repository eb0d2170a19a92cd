"""spaCy token patterns matched through a prefix trie that only tries what a token can start.

spaCy's ``Matcher`` starts every pattern at every token, so its cost grows with tokens x patterns;
the generated regimen and lab files hold thousands of patterns that differ in one word (``every 21
days``, ``every 3 weeks``), and that product was ~90% of the pipeline's time. Here the patterns are
compiled once into a trie of token elements (a shared prefix is tested once), each node's children
are indexed by the exact ``ORTH``/``LOWER``/``NORM`` values that can start them, and leading
optional elements are expanded away, so at a token only the patterns that can begin with it are
followed. Results are what ``Matcher`` returns: every ``(key, start, end)`` whose tokens the pattern
accepts, zero-length matches dropped, each once.

Supported (the rest goes to spaCy's ``Matcher``, see :func:`supports`): token attributes ``ORTH``,
``TEXT``, ``LOWER``, ``NORM``, ``SHAPE``, ``PREFIX``, ``SUFFIX`` with a string or ``IN`` / ``NOT_IN``
/ ``REGEX``; the flags ``IS_*`` / ``LIKE_*`` with a bool; operators ``1 ? * + !`` and ``{n}``,
``{n,m}``, ``{n,}``, ``{,m}``. The module is pure: it works on lists of token attribute values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: String token attributes the trie matches, with the ``spacy.tokens.Token`` attribute each reads.
STRING_ATTRS: dict[str, str] = {
    "ORTH": "text",
    "TEXT": "text",
    "LOWER": "lower_",
    "NORM": "norm_",
    "SHAPE": "shape_",
    "PREFIX": "prefix_",
    "SUFFIX": "suffix_",
}
#: Boolean flags (``{"IS_STOP": true}``), each read from the ``Token`` attribute of the same name lower-cased.
FLAG_ATTRS: frozenset[str] = frozenset(
    {
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
        "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
        "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
    }
)
_OP_RE = re.compile(r"^\{(\d*)(,?)(\d*)\}$")
_INDEXED_ATTRS = ("ORTH", "LOWER", "NORM")

#: One test of a token: (attribute, kind, value) with kind "eq", "in", "not_in", "regex" or "flag".
Check = tuple[str, str, Any]
#: A compiled token spec: the checks that must all hold.
Predicate = tuple[Check, ...]


class TokenColumns(dict[str, list[Any]]):
    """Token attribute values of a document by pattern attribute, each column read on first use.

    Args:
        tokens: The document's tokens (a list, so each ``Token`` is made once).
    """

    def __init__(self, tokens: Sequence[Any]) -> None:
        super().__init__()
        self.tokens = tokens

    def __missing__(self, attr: str) -> list[Any]:
        name = token_attr_name(attr)
        column = self[attr] = [getattr(t, name) for t in self.tokens]
        return column


def token_attr_name(attr: str) -> str:
    """The ``Token`` attribute that holds a pattern attribute's value (``LOWER`` -> ``lower_``)."""
    return STRING_ATTRS.get(attr) or attr.lower()


def _attr(key: str) -> str:
    key = key.upper()
    return "ORTH" if key == "TEXT" else key


def _compile_spec(spec: Mapping[str, Any]) -> Predicate | None:
    checks: list[Check] = []
    for key, value in spec.items():
        if key.upper() == "OP":
            continue
        attr = _attr(key)
        if attr in FLAG_ATTRS:
            if not isinstance(value, bool):
                return None
            checks.append((attr, "flag", value))
        elif attr in STRING_ATTRS:
            if isinstance(value, str):
                checks.append((attr, "eq", value))
            elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN", "REGEX"}:
                for pkey in sorted(value):
                    pvalue = value[pkey]
                    if pkey == "REGEX" and isinstance(pvalue, str):
                        checks.append((attr, "regex", pvalue))
                    elif pkey in ("IN", "NOT_IN") and isinstance(pvalue, list) and set(map(type, pvalue)) <= {str}:
                        checks.append((attr, pkey.lower(), frozenset(pvalue)))
                    else:
                        return None
            else:
                return None
        else:
            return None
    return tuple(sorted(checks, key=lambda c: (c[0], c[1], repr(c[2]))))


def _expand_op(op: Any) -> tuple[str, ...] | None:
    """spaCy's operator as a sequence of the basic ones (``{1,3}`` -> ``1 ? ?``), as ``Matcher`` expands it."""
    if op is None:
        return ("1",)
    if op in ("1", "?", "*", "+", "!"):
        return (op,)
    match = _OP_RE.match(op) if isinstance(op, str) else None
    if not match:
        return None
    low, comma, high = match.groups()
    if not comma:
        high = low
    if not low and not high:
        return None
    n = int(low or 0)
    if not high:
        return ("1",) * n + ("*",)
    m = int(high)
    if m < n:
        return None
    return ("1",) * n + ("?",) * (m - n)


def compile_pattern(
    pattern: Sequence[Mapping[str, Any]], cache: dict[str, tuple[Predicate, tuple[str, ...]] | None] | None = None
) -> list[tuple[Predicate, str]] | None:
    """A token pattern as a list of (predicate, basic operator); ``None`` when the trie cannot run it.

    ``cache`` (a token spec's repr -> its compiled form) saves recompiling the specs that
    generated patterns repeat thousands of times.
    """
    if not isinstance(pattern, Sequence) or not pattern:
        return None
    out: list[tuple[Predicate, str]] = []
    for spec in pattern:
        if not isinstance(spec, Mapping):
            return None
        # repr, not canonical JSON: generated specs repeat with the same key order, and a missed
        # hit only costs a compile.
        ck = repr(spec) if cache is not None else None
        if ck is not None and ck in cache:
            compiled = cache[ck]
        else:
            op = next((v for k, v in spec.items() if k.upper() == "OP"), None)
            pred, ops = _compile_spec(spec), _expand_op(op)
            compiled = None if pred is None or ops is None else (pred, ops)
            if ck is not None:
                cache[ck] = compiled
        if compiled is None:
            return None
        out.extend((compiled[0], o) for o in compiled[1])
    return out


def supports(pattern: Sequence[Mapping[str, Any]]) -> bool:
    """Whether :class:`TokenTrie` can match ``pattern`` (otherwise use spaCy's ``Matcher``)."""
    return compile_pattern(pattern) is not None


def _leading_variants(elements: list[tuple[Predicate, str]]) -> list[list[tuple[Predicate, str]]]:
    """The pattern with its optional leading elements expanded, so that every variant starts with a token it must consume."""
    if not elements:
        return []
    (pred, op), rest = elements[0], elements[1:]
    if op == "?":
        return [[(pred, "1"), *rest], *_leading_variants(rest)]
    if op == "*":
        return [[(pred, "+"), *rest], *_leading_variants(rest)]
    return [elements]


@dataclass(eq=False)
class _Node:
    pred: int  # index into TokenTrie.predicates; -1 at the root
    op: str
    keys: list[int] = field(default_factory=list)
    children: dict[tuple[int, str], _Node] = field(default_factory=dict)
    # (attribute, value -> children) for children that must consume a token with that exact value;
    # None until the node is first reached
    index: list[tuple[str, dict[str, list[_Node]]]] | None = None
    rest: list[_Node] = field(default_factory=list)  # children every visit must try
    sure: bool = False  # its parent's index proves the whole predicate
    gates: list[tuple[str, re.Pattern[str], list[_Node]]] = field(default_factory=list)


class TokenTrie:
    """Many token patterns, matched together.

    Add patterns with :meth:`add` (each under an int key), then call :meth:`finish` once and
    :meth:`find` on each document's token attribute values.
    """

    def __init__(self) -> None:
        self.predicates: list[Predicate] = []
        self._pred_ids: dict[Predicate, int] = {}
        self._regexes: dict[str, re.Pattern[str]] = {}
        self._spec_cache: dict[str, tuple[Predicate, tuple[str, ...]] | None] = {}
        self._root = _Node(-1, "root")
        self.attrs: set[str] = set()
        self._finished = False
        self.size = 0

    def add(self, key: int, pattern: Sequence[Mapping[str, Any]]) -> bool:
        """Add ``pattern`` under ``key``; ``False`` (nothing added) when it is not supported."""
        elements = compile_pattern(pattern, self._spec_cache)
        if elements is None:
            return False
        self._finished = False
        self.size += 1
        for variant in _leading_variants(elements):
            node = self._root
            for pred, op in variant:
                pid = self._pred_id(pred)
                node.index = None  # a child may be new: index again when next reached
                node = node.children.setdefault((pid, op), _Node(pid, op))
            if key not in node.keys:
                node.keys.append(key)
        return True

    def _pred_id(self, pred: Predicate) -> int:
        pid = self._pred_ids.get(pred)
        if pid is None:
            pid = self._pred_ids[pred] = len(self.predicates)
            self.predicates.append(pred)
            for attr, kind, value in pred:
                self.attrs.add(attr)
                if kind == "regex" and value not in self._regexes:
                    self._regexes[value] = re.compile(value)
        return pid

    def finish(self) -> None:
        """Index the root (call after the last :meth:`add`; deeper nodes are indexed when first reached)."""
        self._index(self._root)
        self._finished = True

    def _index(self, node: _Node) -> None:
        # Most deep nodes are never reached on a given corpus, so they are indexed on first use.
        index: dict[str, dict[str, list[_Node]]] = {}
        node.rest = []
        gated: dict[str, list[_Node]] = {}
        for child in node.children.values():
            values = self._index_values(child) if child.op in ("1", "+") else None
            if values is None:
                attr = self._sole_regex_attr(child)
                (gated.setdefault(attr, []) if attr else node.rest).append(child)
                continue
            attr, strings, sole = values
            # A child reached through the index whose only check is the indexed one needs no test.
            child.sure = sole and child.op == "1"
            table = index.setdefault(attr, {})
            for string in strings:
                table.setdefault(string, []).append(child)
        node.index = list(index.items())
        # Children that are one regex each (numbers, code shapes) are tried at every token below the
        # root; one search with their alternation tells, for most tokens, that none can match.
        node.gates = []
        for attr, children in gated.items():
            regexes = [self.predicates[c.pred][0][2] for c in children]
            gate = re.compile("|".join(f"(?:{r})" for r in regexes)) if len(children) > 1 else None
            if gate is None or gate.groups:
                node.rest.extend(children)
            else:
                node.gates.append((attr, gate, children))

    def _sole_regex_attr(self, node: _Node) -> str | None:
        """The attribute of a node whose element consumes a token and is exactly one regex with no groups."""
        pred = self.predicates[node.pred]
        if node.op in ("1", "+") and len(pred) == 1 and pred[0][1] == "regex" and not self._regexes[pred[0][2]].groups:
            return pred[0][0]
        return None

    def _index_values(self, node: _Node) -> tuple[str, Iterable[str], bool] | None:
        pred = self.predicates[node.pred]
        for attr, kind, value in pred:
            if attr in _INDEXED_ATTRS and kind == "eq":
                return attr, (value,), len(pred) == 1
            if attr in _INDEXED_ATTRS and kind == "in":
                return attr, value, len(pred) == 1
        return None

    def find(self, tokens: Mapping[str, Sequence[Any]], length: int) -> list[tuple[int, int, int]]:
        """Every ``(key, start, end)`` match, each once, zero-length matches dropped, sorted.

        Args:
            tokens: For every attribute in :attr:`attrs`, the values of the document's tokens
                (strings for string attributes, bools for flags); looked up only when needed, so
                a mapping that computes a column on first access saves the unused ones.
            length: The number of tokens.
        """
        if not self._finished:
            self.finish()
        preds = self.predicates
        regexes = self._regexes
        cache: dict[int, bool] = {}

        def test(pid: int, pos: int) -> bool:
            slot = pid * length + pos
            hit = cache.get(slot)
            if hit is None:
                hit = True
                for attr, kind, value in preds[pid]:
                    tok = tokens[attr][pos]
                    if kind == "eq":
                        ok = tok == value
                    elif kind == "in":
                        ok = tok in value
                    elif kind == "not_in":
                        ok = tok not in value
                    elif kind == "regex":
                        ok = regexes[value].search(tok) is not None
                    else:
                        ok = bool(tok) == value
                    if not ok:
                        hit = False
                        break
                cache[slot] = hit
            return hit

        def push(node: _Node, pos: int, stack: list[tuple[_Node, int, bool]]) -> None:
            if node.index is None:
                self._index(node)
            for child in node.rest:
                stack.append((child, pos, False))
            if pos < length:
                for attr, gate, children in node.gates:
                    if gate.search(tokens[attr][pos]) is not None:
                        for child in children:
                            stack.append((child, pos, False))
                for attr, table in node.index:  # type: ignore[union-attr]
                    hits = table.get(tokens[attr][pos])
                    if hits:
                        for child in hits:
                            stack.append((child, pos, child.sure))

        found: set[tuple[int, int, int]] = set()
        root = self._root
        for start in range(length):
            stack: list[tuple[_Node, int, bool]] = []
            push(root, start, stack)
            if not stack:
                continue
            visited: set[tuple[int, int]] = set()
            while stack:
                node, pos, sure = stack.pop()
                op = node.op
                if op == "?" or op == "*":
                    # Only optional elements open two paths to the same (node, position).
                    mark = (id(node), pos)
                    if mark in visited:
                        continue
                    visited.add(mark)
                if op == "1":
                    if not (sure or (pos < length and test(node.pred, pos))):
                        continue
                    ends: Iterable[int] = (pos + 1,)
                elif op == "!":
                    if pos >= length or test(node.pred, pos):
                        continue
                    ends = (pos + 1,)
                elif op == "?":
                    ends = (pos, pos + 1) if pos < length and test(node.pred, pos) else (pos,)
                else:  # "*" or "+"
                    more = [pos] if op == "*" else []
                    end = pos
                    while end < length and test(node.pred, end):
                        end += 1
                        more.append(end)
                    ends = more
                keys, children = node.keys, node.children
                for end in ends:
                    if keys and end > start:
                        for key in keys:
                            found.add((key, start, end))
                    if children:
                        push(node, end, stack)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
