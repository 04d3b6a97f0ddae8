"""Rejoin wrapped lines and set captions, credits and bylines apart.  (Placeholder: passes text through until this filter lands.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import Filter, Step, register


@register
@dataclass(frozen=True)
class Layout(Filter):
    name = "layout"
    summary = "rejoin wrapped lines and set captions, credits and bylines apart"

    def apply(self, text: str) -> Step:
        return Step(text)
