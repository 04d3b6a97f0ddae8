"""A short damaged text that makes every filter load its lazily built tables.

Worker processes clean it once before any real work (see
``zhclean.runner.warm_up``), so the language model, the pinyin readings and
the mojibake tables are loaded once in the parent and inherited by forked
workers, instead of being rebuilt in each worker in the middle of the run.
It is not used to decide anything: only its side effect (loading) matters.
"""

#: One sentence of each kind of damage the default pipeline repairs.
WARM_UP_TEXT = (
    "時(shí)間到了，"  # Traditional characters with an inline pinyin note
    "浣犲ソ世界ÖÐÎÄ"  # UTF-8 read as GBK, GBK read as Latin-1
    "</p>&nbsp;"  # stray HTML
    "你好,世界!我們\n的 工作\n\n"  # half-width punctuation, a column wrap
    "是建设社会主义現代化國家。"  # mixed scripts
)
