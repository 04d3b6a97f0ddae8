"""Normalise half-width punctuation in Chinese text to GB/T 15834.  (Placeholder: passes text through until this filter lands.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import Filter, Step, register


@register
@dataclass(frozen=True)
class Punctuation(Filter):
    name = "punctuation"
    summary = "normalise half-width punctuation in Chinese text to GB/T 15834"

    def apply(self, text: str) -> Step:
        return Step(text)
