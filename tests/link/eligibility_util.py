"""Hand-placed spans for the eligibility linker tests, with values parsed as the pipeline parses them."""

from __future__ import annotations

from nlp_trials.link.spans import Entity
from nlp_trials.quantities import parse_duration, parse_quantity


def espans(text: str, *spans: tuple) -> list[Entity]:
    """Entities for ``(substring, label[, norm[, context flags]])``, each found after the previous one.

    LAB_VALUE and DOSE values are parsed with :func:`parse_quantity`, DURATION with :func:`parse_duration`.
    """
    out, pos = [], 0
    for span in spans:
        sub, label = span[0], span[1]
        norm = span[2] if len(span) > 2 else None
        context = {k: True for k in span[3]} if len(span) > 3 else {}
        i = text.index(sub, pos)
        value = None
        if label in ("LAB_VALUE", "DOSE"):
            q = parse_quantity(sub)
            value = q.to_dict() if q is not None else None
        elif label == "DURATION":
            q = parse_duration(sub)
            value = q.to_dict() if q is not None else None
        out.append(Entity(i, i + len(sub), label, sub, norm=norm, value=value, context=context))
        pos = i + len(sub)
    return out
