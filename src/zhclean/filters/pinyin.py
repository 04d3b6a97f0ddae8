"""Remove inline pinyin readings such as 時(shí).  (Placeholder: passes text through until this filter lands.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import Filter, Step, register


@register
@dataclass(frozen=True)
class Pinyin(Filter):
    name = "pinyin"
    summary = "remove inline pinyin readings such as 時(shí)"

    def apply(self, text: str) -> Step:
        return Step(text)
