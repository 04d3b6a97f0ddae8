"""Repair Chinese mojibake runs (phase-slipped GBK, UTF-8 read as GBK, GBK read as Latin-1).  (Placeholder: passes text through until this filter lands.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import Filter, Step, register


@register
@dataclass(frozen=True)
class Mojibake(Filter):
    name = "mojibake"
    summary = "repair Chinese mojibake runs (phase-slipped GBK, UTF-8 read as GBK, GBK read as Latin-1)"

    def apply(self, text: str) -> Step:
        return Step(text)
