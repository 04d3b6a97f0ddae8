"""A character bigram model of written Chinese, derived from jieba's word frequencies.

The word-unigram model (:mod:`zhclean.lang.model`) scores a string by its
best segmentation, so it cannot tell ``毒品（够导致`` from ``毒品，能够导致``
beyond the words it finds: every lone character costs only its own
frequency, whatever stands next to it.  This model looks at neighbours.

It is built from the same data (jieba's ``dict.txt``, MIT licence), read as
a generative story: a word of frequency ``f`` is a run of characters, so

- inside a word, ``a`` is followed by ``b`` with weight ``f`` for every word
  holding ``ab``;
- after a word's last character the next word starts, with the start
  character drawn from how often each character begins a word.

Hence ``P(b | a) = (inside[a, b] + ends[a] * P_start(b)) / count[a]``:
smoothed by construction, nothing shipped but the dictionary jieba already
installs.  Characters outside the dictionary (punctuation, Latin, digits)
are word boundaries scored by the word model's classes.  Traditional text is
converted to Simplified first, as in the word model.

Built on first use (~1 s), once per process.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from .model import LanguageModel, get_model, to_simplified


class CharBigramModel:
    """``logprob(text)``: log-probability of ``text`` as a chain of characters."""

    def __init__(self, freq: dict[str, int], words: LanguageModel):
        inside: Counter[str] = Counter()  # "ab" -> weight of words holding ab
        count: Counter[str] = Counter()
        ends: Counter[str] = Counter()
        starts: Counter[str] = Counter()
        for w, f in freq.items():
            starts[w[0]] += f
            ends[w[-1]] += f
            for k, ch in enumerate(w):
                count[ch] += f
                if k:
                    inside[w[k - 1 : k + 1]] += f
        n_start = sum(starts.values())
        #: log P(b starts a word) for every character that starts one, and the floor for the rest
        self._start = {ch: math.log(f / n_start) for ch, f in starts.items()}
        self._floor = math.log(0.5 / n_start)
        self._p_start = {ch: f / n_start for ch, f in starts.items()}
        self._inside = inside
        self._count = count
        self._ends = ends
        self._words = words

    def start_logp(self, ch: str) -> float:
        """log P(``ch`` begins a word): how the model scores a character after a boundary."""
        lp = self._start.get(ch)
        if lp is not None:
            return lp
        if ch in self._count:  # only ever inside words
            return self._floor
        return self._words._char_logp(ch)

    def pair_logp(self, a: str, b: str) -> float:
        """log P(``b`` | ``a``), both already Simplified."""
        n = self._count.get(a)
        if not n or b not in self._count:
            return self.start_logp(b)
        p_start = self._p_start.get(b, 0.5 / 1e9)
        return math.log((self._inside.get(a + b, 0) + self._ends[a] * p_start) / n)

    def logprob(self, text: str, *, simplify: bool = True) -> float:
        """Sum of ``log P(c_i | c_{i-1})``, the first character scored as a word start."""
        if not text:
            return 0.0
        if simplify:
            text = to_simplified(text)
        total = self.start_logp(text[0])
        pair = self.pair_logp
        for k in range(1, len(text)):
            total += pair(text[k - 1], text[k])
        return total


@lru_cache(maxsize=1)
def get_chargram() -> CharBigramModel:
    """The shared character model, built from jieba's dictionary on first use."""
    words = get_model()
    return CharBigramModel(words.freq, words)
