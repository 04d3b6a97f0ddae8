"""Convert between Traditional and Simplified script with OpenCC.  (Placeholder: passes text through until this filter lands.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import Filter, Step, register


@register
@dataclass(frozen=True)
class Script(Filter):
    name = "script"
    summary = "convert between Traditional and Simplified script with OpenCC"

    def apply(self, text: str) -> Step:
        return Step(text)
