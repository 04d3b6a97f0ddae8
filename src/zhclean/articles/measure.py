"""Measurements of a piece of text that the splitter's decisions rest on."""

from __future__ import annotations

from ..lang.punctuation import CLOSERS, SENTENCE_END

# Half-width forms of sentence ends: the seeds' damage turned ``！？`` into ``!?``.
_SENTENCE_END = SENTENCE_END | frozenset("!?")
_CLOSING = CLOSERS | frozenset("\"')")


def display_width(text: str) -> float:
    """Printed width in em.  Letters and digits are half-width; punctuation is
    counted full-width even when ASCII, because Chinese typesetting prints it
    full-width and damaged text often carries the ASCII form (``,`` for ``，``)."""
    return sum(0.5 if (ch.isascii() and ch.isalnum()) else 1.0 for ch in text if not ch.isspace())


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence (``。``, ``！``, optionally followed by closers)."""
    t = text.rstrip()
    while t and t[-1] in _CLOSING:
        t = t[:-1]
    return bool(t) and t[-1] in _SENTENCE_END


#: Bracket and quotation pairs (openers, closers) whose state a cut between two lines may leave open.
MARK_PAIRS = (("（(", "）)"), ("“「", "”」"))


def first_mark(text: str, pair: tuple[str, str]) -> str | None:
    """Which side of ``pair`` the first of its marks in ``text`` is on: ``pair[0]`` (opening), ``pair[1]`` or None.

    On reversed text, the side of the last mark: ``pair[0]`` means the text leaves one open.
    """
    for ch in text:
        if ch in pair[0]:
            return pair[0]
        if ch in pair[1]:
            return pair[1]
    return None
