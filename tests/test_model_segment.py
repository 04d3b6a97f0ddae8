"""``LanguageModel.segment`` returns the very path ``logprob`` scores."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean.lang.model import get_model

_TEXT = st.text(alphabet="中华人民共和国的是在有我们会员主席。，a1ā", max_size=20)


@settings(max_examples=80, deadline=None)
@given(_TEXT)
def test_segment_is_the_best_path(text):
    model = get_model()
    words = model.segment(text)
    assert "".join(words) == text
    path = sum(model.word_logp(w) if len(w) > 1 else model._char_logp(w) for w in words)
    assert path == pytest.approx(model.logprob(text))


def test_segment_finds_the_words():
    assert get_model().segment("中华人民共和国主席") == ["中华人民共和国", "主席"]
