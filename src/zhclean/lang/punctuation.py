"""Chinese and Latin punctuation sets, named once and shared by every filter.

References: GB/T 15834-2011 (use of punctuation marks) for the full-width forms
used in Simplified Chinese text.
"""

from __future__ import annotations

#: Marks that end a sentence in Chinese text (a closing quote or bracket may follow).
SENTENCE_END = frozenset("。！？…")

#: Closing marks that may follow a sentence end and still end the sentence.
CLOSERS = frozenset("”’」』）》】〕")

#: Openers that pair with CLOSERS.
OPENERS = frozenset("“‘「『（《【〔")

#: Every full-width punctuation mark that appears in running Chinese text.
CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’「」『』（）《》〈〉【】〔〕…—·～－／％＋＝＜＞")

#: Half-width marks that should be full-width between Chinese characters (GB/T 15834).
HALF_TO_FULL = {
    ",": "，",
    ":": "：",
    ";": "；",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}

#: Full-width marks that the seeds' damage turned into ASCII (see
#: ../shared/notes/seed-damage-model.md): used to undo that normalisation.
FULL_TO_HALF_DAMAGE = {"！": "!", "，": ",", "：": ":", "；": ";", "？": "?", "（": "(", "）": ")", "％": "%"}
