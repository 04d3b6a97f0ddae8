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

#: Marks that may not start a line in Chinese typesetting (the line-start rule of
#: GB/T 15834 and JIS X 4051 "kinsoku"): a typesetter never wraps before them, so a
#: space before one is never a column wrap or column boundary, only a stray space.
NO_LINE_START = frozenset("，。、；：？！…”’」』）》】〕")

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

#: What may follow a mark that ends Latin text (``How are you? 你好吗``,
#: ``"The Wampus,"上時``): a space, a line end, a quote or bracket.  Such a mark
#: stays half-width; a mark followed directly by a Han character
#: (``Lalande Medal，以及``) belongs to the Chinese sentence.
AFTER_LATIN_MARK = frozenset(" \t\u00a0\n\r\"'”’)]")

#: Question words and particles (Simplified and Traditional): a ``?`` glued to the
#: next Han character ends a question only in a clause that asks one
#: (``为什么?为什么``, ``他是谁?你知道吗``).  A ``?`` inside a clause without them
#: is far more often a character lost to an encoding (clean drcd: ``那?社會``,
#: ``另一?法``, ``大?城``); 75% of the clean corpus's ``？`` before a Han character
#: follow one of these in their clause.
QUESTION_WORDS = (
    "吗", "嗎", "呢", "吧", "么", "麼", "啊", "呀", "谁", "誰", "哪", "怎", "何", "几", "幾", "多少",
    "难道", "難道", "岂", "豈", "否", "啥", "咋", "是不是", "有没有", "有沒有", "能不能", "会不会", "會不會",
)

#: Full-width marks that the seeds' damage turned into ASCII (see
#: ../shared/notes/seed-damage-model.md): used to undo that normalisation.
FULL_TO_HALF_DAMAGE = {"！": "!", "，": ",", "：": ":", "；": ";", "？": "?", "（": "(", "）": ")", "％": "%"}

# --- Normalising punctuation (GB/T 15834-2011), used by the punctuation filter ---

#: Quote pairs by style: double (opening, closing) and single (opening, closing).
#: GB/T 15834 uses curly quotes, with single quotes inside double ones; Traditional
#: text (Taiwan, Hong Kong) uses corner brackets 「」 with 『』 inside.
QUOTE_STYLES = {
    "curly": {'"': ("“", "”"), "'": ("‘", "’")},
    "corner": {'"': ("「", "」"), "'": ("『", "』")},
}

#: Which straight quote each typographic quote stands for, and on which side.
QUOTE_SIDES = {"“": ('"', "open"), "”": ('"', "close"), "‘": ("'", "open"), "’": ("'", "close"),
               "「": ('"', "open"), "」": ('"', "close"), "『": ("'", "open"), "』": ("'", "close")}

#: A quote right after one of these opens (说：“, 以“, （“).
OPENS_AFTER = frozenset("，,、：:；;（(【《〈[—")

#: A quote right before one of these closes (”，  ”。  ”）).
CLOSES_BEFORE = frozenset("，,、：:；;！!？?。)）】》〉]")

#: Chinese ellipsis and dash: two characters wide (GB/T 15834 4.11, 4.9).
ELLIPSIS = "……"
DASH = "——"

#: Full-width ASCII letters and digits (Ａ, ｂ, ３) and their ASCII forms.
FULLWIDTH_ALNUM = {
    chr(c): chr(c - 0xFEE0)
    for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
