"""The ``trials_linker`` component: relations between the final entities, stored as plain offsets.

The rules live in :mod:`nlp_trials.link`; this class only converts ``doc.ents`` to plain data, asks
the regimen and eligibility rules for relations, and writes them to ``doc._.trial_relations`` as
``{"head": [start, end], "tail": [start, end], "label": ...}`` in text order.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..link.eligibility import eligibility_relations
from ..link.regimen import regimen_relations
from ..link.spans import entities_of
from .extensions import register_extensions


class TrialsLinker:
    """Adds relations to each doc; reads ``doc.ents`` (after the resolver) and nothing else."""

    def __init__(self, name: str = "trials_linker") -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        entities = entities_of(doc)
        text = doc.text  # joined from the tokens at each access: read once
        seen: set[tuple[int, int, int, int, str]] = set()
        stored = []
        for rel in regimen_relations(text, entities) + eligibility_relations(text, entities):
            key = (rel.head.start, rel.head.end, rel.tail.start, rel.tail.end, rel.label)
            if key not in seen:
                seen.add(key)
                stored.append(rel.to_dict())
        stored.sort(key=lambda r: (r["head"][0], r["tail"][0], r["label"]))
        doc._.trial_relations = stored
        return doc
