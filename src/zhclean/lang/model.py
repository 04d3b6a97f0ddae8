"""A small model of written Chinese, for choosing between candidate readings.

It is a unigram word model built from the word frequencies in jieba's
``dict.txt`` (MIT licence, ~349k words, shipped inside the ``jieba`` package).
A string is scored by its most probable segmentation (the same dynamic
programme jieba uses), so ``学校`` scores far above ``学?快`` and a join that
completes a word (``征`` + ``拆``) scores above one that does not.

Traditional text is converted to Simplified with OpenCC before scoring, since
the frequencies are Simplified.  Non-Han characters are scored by class
(common punctuation, Latin letters and digits, everything else) so candidates
that mix text and punctuation remain comparable.

The model is loaded once per process, on first use.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

import regex

from .punctuation import CJK_PUNCTUATION

_HAN = regex.compile(r"\p{Han}")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")

# Log-probabilities for characters the word list cannot score.  They are set
# near the frequency of such characters in running news text: CJK punctuation
# is roughly one character in eight, Latin letters and digits are uncommon,
# and anything else (box drawing, private use, ``?``) is very rare.
_LOGP_CJK_PUNCT = math.log(0.02)
_LOGP_ASCII_ALNUM = math.log(0.002)
_LOGP_SPACE = math.log(0.001)
_LOGP_OTHER = math.log(1e-7)
# A Han character missing from the dictionary even as a single-character word.
_LOGP_UNKNOWN_HAN_MARGIN = math.log(0.1)


class LanguageModel:
    """Word-unigram scorer over jieba's frequency dictionary."""

    def __init__(self, freq: dict[str, int], max_word_len: int = 8):
        self.freq = freq
        self.total = float(sum(freq.values()))
        self.log_total = math.log(self.total)
        self.max_word_len = max_word_len
        self.min_logp = math.log(min(freq.values())) - self.log_total + _LOGP_UNKNOWN_HAN_MARGIN

    def word_logp(self, word: str) -> float | None:
        f = self.freq.get(word)
        return math.log(f) - self.log_total if f else None

    def _char_logp(self, ch: str) -> float:
        if _HAN.match(ch):
            lp = self.word_logp(ch)
            return lp if lp is not None else self.min_logp
        if ch in CJK_PUNCTUATION:
            return _LOGP_CJK_PUNCT
        if ch.isascii() and ch.isalnum():
            return _LOGP_ASCII_ALNUM
        if ch.isspace():
            return _LOGP_SPACE
        return _LOGP_OTHER

    def _lexicon(self) -> dict[str, float | None]:
        """Log-probability of every word of 2-8 characters, and ``None`` for
        each string that only begins longer words: the segmenting loop stops
        extending a word as soon as no dictionary word starts that way.

        Built on first use (~0.3 s); the values are exactly ``word_logp``'s.
        """
        lex = self.__dict__.get("_lex")
        if lex is None:
            top = self.max_word_len
            lex = {w[:k]: None for w in self.freq if len(w) > 2 for k in range(2, min(len(w), top + 1))}
            lt = self.log_total
            lex.update((w, math.log(f) - lt) for w, f in self.freq.items() if 2 <= len(w) <= top)
            self._lex = lex
            self._chars: dict[str, float] = {}
        return lex

    def _forward(self, text: str, best: list[float], start: int, end: int) -> None:
        """Extend ``best`` (``best[i]``: log-probability of the best segmentation
        of ``text[:i]``) with every character and dictionary word starting at
        ``start``..``end - 1`` and ending by ``end``."""
        get = self._lexicon().get
        chars = self._chars
        top = self.max_word_len
        inf = -math.inf
        for i in range(start, end):
            base = best[i]
            if base == inf:
                continue
            ch = text[i]
            clp = chars.get(ch)
            if clp is None:
                clp = chars[ch] = self._char_logp(ch)
            if base + clp > best[i + 1]:
                best[i + 1] = base + clp
            stop = i + top if i + top < end else end
            for j in range(i + 2, stop + 1):
                lp = get(text[i:j], 1.0)
                if lp is None:
                    continue  # only the start of longer words
                if lp == 1.0:
                    break  # no word starts this way
                if base + lp > best[j]:
                    best[j] = base + lp

    def logprob(self, text: str, *, simplify: bool = True) -> float:
        """Log-probability of ``text`` under its best segmentation.

        ``simplify`` converts Traditional characters first (OpenCC t2s).
        """
        if not text:
            return 0.0
        if simplify:
            text = to_simplified(text)
        n = len(text)
        best = [0.0] + [-math.inf] * n
        self._forward(text, best, 0, n)
        return best[n]

    def logprob_each(self, prefix: str, middles: list[str], suffix: str = "") -> list[float]:
        """``[logprob(prefix + m + suffix) for m in middles]``, with the work on
        ``prefix`` done once: a beam search scores hundreds of candidate
        characters after the same prefix.

        Each piece is converted to Simplified on its own, so a Traditional
        phrase that OpenCC converts only as a whole (乾隆) may score slightly
        differently than in :meth:`logprob`.
        """
        prefix, suffix = to_simplified(prefix), to_simplified(suffix)
        lex = self._lexicon()
        get = lex.get
        top = self.max_word_len
        inf = -math.inf
        p = len(prefix)
        best = [0.0] + [inf] * p
        self._forward(prefix, best, 0, p)  # the prefix once (as in logprob) ...
        # ... then only the words that start in the prefix and may run past its end
        live = [i for i in range(max(0, p - top + 1), p) if best[i] != inf and (p - i < 2 or prefix[i:p] in lex)]
        out = []
        for m in middles:
            text = prefix + (_simplified_piece(m) if m else "") + suffix
            n = len(text)
            cur = best + [inf] * (n - p)
            for i in live:
                base = cur[i]
                for j in range(p + 1, min(n, i + top) + 1):
                    lp = get(text[i:j], 1.0)
                    if lp is None:
                        continue
                    if lp == 1.0:
                        break
                    if base + lp > cur[j]:
                        cur[j] = base + lp
            self._forward(text, cur, p, n)
            out.append(cur[n])
        return out

    def segment(self, text: str, *, simplify: bool = True) -> list[str]:
        """``text`` cut into its most probable words (the path ``logprob`` scores).

        Pieces are slices of ``text`` itself, so Traditional input gives
        Traditional words.  Added for the mojibake filter, which asks whether a
        repair forms real words with its neighbours.
        """
        scored = to_simplified(text) if simplify else text
        if len(scored) != len(text):
            scored = text
        n = len(scored)
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        get = self._lexicon().get  # as in _forward: stop extending once no word starts that way
        chars = self._chars
        for i in range(n):
            base = best[i]
            if base == -math.inf:
                continue
            clp = chars.get(scored[i])
            if clp is None:
                clp = chars[scored[i]] = self._char_logp(scored[i])
            if base + clp > best[i + 1]:
                best[i + 1], back[i + 1] = base + clp, i
            for j in range(i + 2, min(n, i + self.max_word_len) + 1):
                lp = get(scored[i:j], 1.0)
                if lp is None:
                    continue
                if lp == 1.0:
                    break
                if base + lp > best[j]:
                    best[j], back[j] = base + lp, i
        words, j = [], n
        while j > 0:
            words.append(text[back[j] : j])
            j = back[j]
        return words[::-1]

    def per_char(self, text: str, *, simplify: bool = True) -> float:
        """Average log-probability per character: comparable across lengths."""
        return self.logprob(text, simplify=simplify) / max(1, len(text))

    def join_gain(self, left: str, right: str, context: int = 4) -> float:
        """How much more probable ``left + right`` is than the two apart.

        Positive when a word spans the join (``签订了征`` + ``拆协议``), about
        zero when the join falls between words, negative never.  Only the
        ``context`` characters either side of the join are scored.
        """
        a, b = left[-context:], right[:context]
        return self.logprob(a + b) - self.logprob(a) - self.logprob(b)


@lru_cache(maxsize=1)
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s, used only for scoring (never written to output by this module).

    Lone surrogates (which OpenCC cannot encode) are scored as ``�``.
    """
    try:
        return _opencc_t2s().convert(text)
    except UnicodeEncodeError:
        return _opencc_t2s().convert(_SURROGATE.sub("\ufffd", text))


@lru_cache(maxsize=65536)
def _simplified_piece(text: str) -> str:
    return to_simplified(text)


def _jieba_dict_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise RuntimeError("jieba is not installed; it provides the word frequencies zhclean scores with")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


@lru_cache(maxsize=1)
def get_model() -> LanguageModel:
    """The shared model, loaded from jieba's dictionary on first use (~1 s)."""
    freq: dict[str, int] = {}
    with open(_jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2:
                try:
                    count = int(parts[1])
                except ValueError:
                    continue
                if count > 0:
                    freq[parts[0]] = count
    return LanguageModel(freq)
