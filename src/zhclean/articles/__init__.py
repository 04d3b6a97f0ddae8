"""Separate interleaved newspaper articles and put each back in reading order.

>>> from zhclean.articles import split_articles
>>> [a.headline for a in split_articles("标题一\\n\\n正文第一段。")]
['标题一']
"""

from .fragments import Fragment, fragment_text
from .split import Article, Link, SplitResult, render, split_articles, split_document

__all__ = ["Article", "Fragment", "Link", "SplitResult", "fragment_text", "render", "split_articles", "split_document"]
