"""Hand-placed spans for the regimen linker tests."""

from __future__ import annotations

from typing import Any

from nlp_trials.link.spans import Entity


def ents(text: str, *spans: tuple[str, str] | tuple[str, str, str | None] | tuple[str, str, str | None, dict[str, Any]]) -> list[Entity]:
    """Entities for ``(substring, label[, norm[, value]])``, each found after the previous one."""
    out, pos = [], 0
    for span in spans:
        sub, label = span[0], span[1]
        norm = span[2] if len(span) > 2 else None
        value = span[3] if len(span) > 3 else None
        i = text.index(sub, pos)
        out.append(Entity(i, i + len(sub), label, sub, norm=norm, value=value))  # type: ignore[arg-type]
        pos = i + len(sub)
    return out
