"""Topic overlap between pieces of one page, from the page's own vocabulary.

Articles on one page differ in their names: places (``江华瑶族自治县``),
organisations (``祁阳市公安局``), subjects (``河长``, ``头盔``).  Many of these
are not in any dictionary, so topics are bags of Han character bigrams,
weighted by how few lines of this page use them (idf over the page's lines;
bigrams on a single line are dropped)
and with bigrams that are common words everywhere (``工作``, ``发展``, by the
language model's unigram frequency) turned down.  Similarity is the cosine
of the two bags.
"""

from __future__ import annotations

import math
from collections import Counter

import regex

from ..lang.model import get_model, to_simplified

_HAN_RUN = regex.compile(r"\p{Han}+")
# Bigrams more frequent than this (log-probability as a word) carry little topic.
_COMMON_WORD_LOGP = -10.0
_COMMON_WEIGHT = 0.25
# A bigram that is no word and holds a character this frequent on its own
# (``的``, ``了``, ``是``, ``来``) mostly straddles two words (``来的``, ``在一``):
# any two texts share it.
_FUNCTION_CHAR_LOGP = -6.5

Bag = dict[str, float]


def bigrams(text: str) -> list[str]:
    out = []
    for run in _HAN_RUN.findall(to_simplified(text)):
        out.extend(run[k : k + 2] for k in range(len(run) - 1))
    return out


class TopicModel:
    """idf weights from the lines of one page."""

    def __init__(self, lines: list[str]):
        df: Counter[str] = Counter()
        n = 0
        for line in lines:
            grams = set(bigrams(line))
            if grams:
                n += 1
                df.update(grams)
        model = get_model()
        self.weight: dict[str, float] = {}
        for gram, count in df.items():
            if count < 2:
                # Used on one line only: it can never be shared between two
                # pieces of text, and would only dilute the cosine.
                continue
            w = math.log(1.0 + n / count)
            lp = model.word_logp(gram)
            if lp is not None and lp > _COMMON_WORD_LOGP:
                w *= _COMMON_WEIGHT
            elif lp is None and any(frequent_char(ch) for ch in gram):
                w *= _COMMON_WEIGHT
            self.weight[gram] = w

    def bag(self, text: str) -> Bag:
        bag: Bag = {}
        for gram in bigrams(text):
            w = self.weight.get(gram)
            if w:
                bag[gram] = bag.get(gram, 0.0) + w
        return bag


def frequent_char(ch: str) -> bool:
    """Whether ``ch`` on its own is one of the commonest words (``的``, ``了``, ``是``, ``来``)."""
    lp = get_model().word_logp(ch)
    return lp is not None and lp > _FUNCTION_CHAR_LOGP


def merge(a: Bag, b: Bag) -> Bag:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + v
    return out


def cosine(a: Bag, b: Bag) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)
