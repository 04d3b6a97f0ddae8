"""Protected spans: URLs (with Chinese in them), Markdown link targets, indented code.

Every expected span was read by hand: what a browser or a Markdown renderer
would take as the link or the code, and nothing of the sentence around it.
"""

from __future__ import annotations

import pytest

import zhclean
from zhclean.protect import protected_spans


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in protected_spans(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the acceptance audit's links: a Han run followed by more URL stays in it
        ("详见 https://zh.wikipedia.org/wiki/中文?a=1,2&b=(3) 。", ["https://zh.wikipedia.org/wiki/中文?a=1,2&b=(3)"]),
        ("链接：http://baike.baidu.com/item/长城(古代建筑)，很有用。", ["http://baike.baidu.com/item/长城(古代建筑)"]),
        ("搜索 https://www.baidu.com/s?wd=长城,故宫 即可", ["https://www.baidu.com/s?wd=长城,故宫"]),
        ("网址 https://zh.wikipedia.org/wiki/時間?x=1 。", ["https://zh.wikipedia.org/wiki/時間?x=1"]),
        ("见https://zh.wikipedia.org/wiki/长城_(古代建筑)的介绍", ["https://zh.wikipedia.org/wiki/长城_(古代建筑)"]),
        # a query value in Chinese ends the link, the sentence mark after it does not belong to it
        ("见http://a.cn/s?q=测试。下一句", ["http://a.cn/s?q=测试"]),
        # a link set off by spaces may end in a Chinese path segment
        ("详见 www.a.cn/中文/历史 一文", ["www.a.cn/中文/历史"]),
        # Chinese glued to a link with nothing URL-like after it is the sentence, not the link
        ("访问http://a.cn了解详情", ["http://a.cn"]),
        ("访问http://a.cn/了解详情", ["http://a.cn/"]),
        ("访问https://a.cn/x?a=1,2了解详情", ["https://a.cn/x?a=1,2"]),
        ("访问http://a.cn/关于我们,了解更多", ["http://a.cn/"]),
        ("见http://a.cn/新闻?", ["http://a.cn/"]),
        ("http://a.cn/x.", ["http://a.cn/x"]),
        ("(见http://a.cn/x)", ["http://a.cn/x"]),
        ("见http://a.cn/x(1)。", ["http://a.cn/x(1)"]),
        # a note in parentheses glued to a link is not part of it
        ("见http://a.cn/x(中文说明)。", ["http://a.cn/x"]),
        ("http://", []),
    ],
)
def test_urls_keep_their_chinese_parts_and_no_more(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ('[链接](https://example.com "title")。', ['](https://example.com "title")']),
        ("![图](img/a(1).png)说明", ["](img/a(1).png)"]),
        ("[文档](/wiki/中文)，见上", ["](/wiki/中文)"]),
    ],
)
def test_markdown_link_targets(text, expected):
    assert spans(text) == expected


def test_indented_code_block_after_a_blank_line():
    text = '下面是示例代码：\n\n    def hello(name):\n        print("你好, " + name)\n\n后文。'
    assert spans(text) == ['    def hello(name):\n        print("你好, " + name)']
    # string literals and comments in Chinese do not make a block prose
    text = '代码:\n\n    msg = "欢迎来到我们的网站，请先登录"\n    # 打印\n    print(msg)\n'
    assert spans(text) == ['    msg = "欢迎来到我们的网站，请先登录"\n    # 打印\n    print(msg)']


@pytest.mark.parametrize(
    "text",
    [
        # Chinese paragraphs indented by spaces, with half-width marks a damaged page may have
        "正文\n\n    今天天气很好,我们去公园(散步);\n    iPhone(苹果手机)是一款手机。\n",
        "    他说:\"你好\"。\n    x 是一个变量;\n",
        # not after a blank line: a wrapped, indented line of a paragraph
        "前文\n    x = 1;\n",
        # indented English prose has no code in it
        "\n    Hello, world. How are you?\n",
    ],
)
def test_indented_prose_is_not_code(text):
    assert spans(text) == []


def test_pipeline_leaves_links_and_code_alone():
    # acceptance pass 4, items 3 and 7: these came out with ？，（） inside the link or the code
    for text in [
        "详见 https://zh.wikipedia.org/wiki/中文?a=1,2&b=(3) 。\n",
        "链接：http://baike.baidu.com/item/长城(古代建筑)，很有用。\n",
        "搜索 https://www.baidu.com/s?wd=长城,故宫 即可\n",
        '**粗体**，[链接](https://example.com "title")。\n',
        '下面是示例代码：\n\n    def hello(name):\n        print("你好, " + name)\n',
    ]:
        assert zhclean.fix_text(text) == text
    # the sentence around a protected link is still normalised
    assert zhclean.fix_text("见[链接](https://a.cn/x?a=1,2),很有用\n") == "见[链接](https://a.cn/x?a=1,2)，很有用\n"


def test_script_conversion_skips_links_and_code():
    assert zhclean.fix_text("网址 https://zh.wikipedia.org/wiki/時間?x=1 。\n", script_to="hans") == (
        "网址 https://zh.wikipedia.org/wiki/時間?x=1 。\n"
    )
    text = '示例：\n\n    x = "時間"\n    print(x)\n\n這是時間。\n'
    assert zhclean.fix_text(text, script_to="hans") == '示例：\n\n    x = "時間"\n    print(x)\n\n这是时间。\n'
