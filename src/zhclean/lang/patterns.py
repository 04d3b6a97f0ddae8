"""Newspaper layout patterns: bylines, datelines, credits, captions, footers, boilerplate.

This is the one place where zhclean says what the furniture of a Chinese
newspaper page looks like.  Every pattern is matched against a whole stripped
line (``fullmatch``) or anchored at its end (``$``), never searched for inside
running text: ``记者`` and ``摄`` also occur in ordinary sentences
(``张少荣告诉记者：…``), so a pattern that could fire mid-sentence would tag
body text as a byline.

Both Simplified and Traditional forms are listed where they differ
(``责任编辑``/``責任編輯``), because layout runs on whatever script the
input uses.
"""

from __future__ import annotations

import regex

# --- building blocks ---------------------------------------------------------

#: A Chinese personal name as printed in bylines: two to four Han characters,
#: or a two-character name padded to three columns with a space (``张 咪``).
_NAME = r"(?:\p{Han}{2,4}|\p{Han}[ \u3000]\p{Han})"
#: One or more names separated by spaces, ``、`` or ``，``.
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME})*"
#: Reporter roles that introduce names in a byline (Simplified and Traditional).
_ROLE = (
    r"(?:特约记者|见习记者|實習記者|实习记者|记者|記者|通讯员|通訊員|评论员|評論員|特约评论员|"
    r"实习生|實習生|撰稿|撰文|执笔|執筆|摄影|攝影|文/图|文／图|文|图)"
)
#: A reporter role anywhere in a line (a byline must name one).
ROLE = regex.compile(_ROLE)
#: A newspaper, agency or medium that may precede a role (``株洲日报全媒体记者``).
_MEDIUM = (
    r"(?:(?:\p{Han}{0,10}?(?:日报|日報|晚报|晚報|报社|報社|新闻网|新聞網|电视台|電視台|融媒体中心|融媒體中心)|本报|本報|新华社|新華社)?"
    r"(?:全媒体|全媒體|融媒)?)"
)
#: Opening and closing brackets, full-width or half-width.
_OPEN = r"[（(〔【]"
_CLOSE = r"[）)〕】]"

# --- byline ------------------------------------------------------------------

#: A byline line: optional ``□``/``■`` bullet, then one or more
#: ``<medium><role>[/ ]<names>`` groups (``□ 郴州日报全媒体记者 雷明辉 谭志文``,
#: ``株洲日报全媒体记者/邹怡敏``, ``通讯员/刘晓欢 刘艺锋``), or a role alone
#: (``□ 本报评论员``).
BYLINE = regex.compile(
    rf"[□■◎●]?[ \u3000]*(?:{_MEDIUM}{_ROLE}(?:[ \u3000]*[/／:：]?[ \u3000]*{_NAMES})?[ \u3000]*)+"
)

#: Names in brackets, as a line of their own at the end of an article
#: (``(杨丁香 赵建平)``, ``(周 俊 何邵林 蒋加强)``).
BRACKETED_NAMES = regex.compile(rf"{_OPEN}[ \u3000]*{_NAMES}[ \u3000]*{_CLOSE}")

#: A bare list of two or more names separated by spaces (``刘爱明 张 咪 傅相玮 甘 敏``).
#: Shape alone is not enough (``项目为王 实干为先`` has the same shape), so
#: :func:`zhclean.layout.looks_like_names` also checks surnames.
NAME_LIST = regex.compile(rf"{_NAME}(?:[ \u3000]+{_NAME})+")

# --- dateline ----------------------------------------------------------------

#: A paragraph that opens with a dateline: ``株洲日报讯(全媒体记者/言静)``,
#: ``本报北京1月31日电 （记者杜一菲）``, ``新华社北京5月20日电``.
DATELINE = regex.compile(
    r"[\s\u3000]*(?:"
    r"\p{Han}{1,12}?(?:日报|日報|晚报|晚報|报|報|网|網)讯|"  # 株洲日报讯
    r"本报(?:\p{Han}{0,8})?讯|本報(?:\p{Han}{0,8})?訊|"  # 本报讯 / 本报长沙讯
    r"(?:本报|本報|新华社|新華社|中新社|中新网|人民网)\p{Han}{0,10}?\d{1,2}月\d{1,2}日(?:电|電)"
    r")"
)

# --- photo credit and caption -------------------------------------------------

#: A photo credit as a whole line: ``何勇 摄``, ``何勇/摄``, ``株洲日报全媒体通讯员/丁志鹏 供图``,
#: ``通讯员/曲宏 易溪 摄``, ``本版图片由苏仙区委宣传部提供``, ``企业供图``.
CREDIT = regex.compile(
    rf"{_OPEN}?[ \u3000]*(?:"
    rf"(?:{_MEDIUM}{_ROLE}[ \u3000]*[/／]?[ \u3000]*)?(?:{_NAMES})?[ \u3000]*[/／]?[ \u3000]*(?:摄|攝|供图|供圖|制图|製圖|绘|繪)|"
    r"(?:本版|本文|上|下|左|右)?(?:图片|圖片|照片|图|圖)\p{Han}{0,3}由[^，。,]{1,30}?(?:提供|供图|供圖)"
    rf")[ \u3000]*{_CLOSE}?"
)

#: A credit at the end of a longer line (a caption or a photo-news paragraph
#: that carries its credit): ``…神农城景区。企业供图``, ``城东新区 (本版图片由…提供)``.
#: Anchored at the end; the credit must follow punctuation or a space so
#: a sentence ending in ``摄`` (``拍摄``) is not cut.
TRAILING_CREDIT = regex.compile(
    rf"(?:(?<=[。！？”\s\u3000])|(?<=^))(?:{CREDIT.pattern})$"
)

#: A caption opens with ``图为`` ("the photo shows"): ``图为国家级自然保护区``.
CAPTION_OPENING = regex.compile(r"(?:图|圖)(?:为|為)")

#: Words that never open a paragraph: particles that close a phrase begun
#: before them and conjunctions that join on to it (``及多项配套工程``,
#: ``的病，就没有必要住院``).  A piece that opens with one, as the language
#: model segments it, continues text cut off before it.
CONTINUATION_WORDS = frozenset(
    "的 地 得 了 着 著 过 過 们 們 及 以及 与 與 并且 並且 而且 或者 或".split()
)

#: Words that never close a paragraph: prepositions, conjunctions, adverbs
#: and particles that need what follows them (``…然而周公旦却把他与``).  A
#: piece whose last word, as the language model segments it, is one of these
#: stops in mid-sentence.
OPEN_ENDED_WORDS = frozenset(
    "与 與 和 及 以及 或 并 並 而 把 被 对 對 将 將 从 從 向 为 為 给 給 让 讓 于 於 由 在 的 是 就 都 也 还 還 又 再 才 已 已经 已經 正在 不 没有 沒有 很 更 最".split()
)

# --- editor footer, boilerplate, page furniture --------------------------------

#: An editor footer: ``责任编辑:刘琪琪 美术编辑:许 辛 校对:张 武`` (an order
#: number may precede it).
EDITOR_FOOTER = regex.compile(
    r"(?:\d+[ \u3000]*)?(?:责任编辑|責任編輯|责编|責編|美术编辑|美術編輯|编辑|編輯|校对|校對|版式|组版|組版)"
    r"[ \u3000]*[:：|｜].*"
)

#: Site boilerplate: breadcrumbs (``時政 > 正文``), review credits (``一審 | 段王潔``),
#: hotline, QQ group, publisher-address and ICP licence lines.
BOILERPLATE = regex.compile(
    r"(?:"
    r"[^\n>]{1,16}(?:[ \u3000]*>[ \u3000]*[^\n>]{1,16})*[ \u3000]*>[ \u3000]*(?:正文|正文内容|详情)|"  # 首页 > 时政 > 正文
    r"[一二三四初终終][审審][ \u3000]*[|｜:：][ \u3000]*.{1,20}|"
    r".*(?:新闻热线|新聞熱線|举报电话|舉報電話|投稿QQ群|投稿邮箱|投稿郵箱|联络QQ群|聯絡QQ群|E-mail[:：]|版权所有|版權所有|All Rights Reserved).*|"
    r".*(?:ICP备|ICP備|ICP证|ICP證|公网安备|公網安備)[^\n]{0,30}|"
    r".*(?:主办|主辦)[ \u3000]*(?:地址|单位|單位)[:：].*|"
    r"(?:上一篇|下一篇|返回顶部|返回頂部|分享到|扫一扫|掃一掃|打印本页|關閉窗口|关闭窗口)[:：]?.{0,40}"
    r")"
)

#: Words one of which every boilerplate line contains: a cheap test that
#: spares running text the full :data:`BOILERPLATE` match.
BOILERPLATE_HINT = regex.compile(
    r">|[审審][ \u3000]*[|｜:：]|热线|熱線|电话|電話|QQ|邮箱|郵箱|E-mail|版权|版權|Rights|ICP|公网安备|公網安備|主办|主辦|"
    r"上一篇|下一篇|返回|分享到|扫一扫|掃一掃|打印本页|关闭窗口|關閉窗口"
)

#: How a line that ends in a photo credit ends: a cheap test before :data:`TRAILING_CREDIT`.
CREDIT_ENDING = regex.compile(r"(?:摄|攝|供图|供圖|制图|製圖|绘|繪|提供)[ \u3000]*[）)〕】]?[ \u3000]*$")

#: Page furniture: page numbers and section names (``第3版``, ``A04``, ``同城·新媒``).
PAGE_FURNITURE = regex.compile(
    r"(?:第[ \u3000]*[0-9０-９一二三四五六七八九十]+[ \u3000]*[版页頁]|"
    r"[A-Z]?\d{1,3}(?:版)?|[-—–][ \u3000]*\d{1,3}[ \u3000]*[-—–]|"
    r"\p{Han}{2,4}[·・]\p{Han}{2,4}|"
    r"\d{4}年\d{1,2}月\d{1,2}日[ \u3000]*(?:星期|週|周)[一二三四五六日天])"
)

#: A kicker: a place or organisation that introduces a headline, ending in a
#: colon (``湘潭市:``, ``永州冷水滩区:``).
KICKER = regex.compile(r"\p{Han}[\p{Han}·]{1,14}[:：]")

#: A Markdown heading (``# 协调发展的苏仙传奇``, ``## 产业项目大建设``).
MARKDOWN_HEADING = regex.compile(r"(#{1,6})[ \u3000]+\S.*")

#: Common Chinese surnames (single and compound), used to tell a list of
#: names from a two-part headline.  Source: the most frequent surnames of the
#: 2020 census (公安部《二〇二〇年全国姓名报告》) plus the traditional
#: compound surnames of 百家姓.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庄樊葛牛涂欧阳晏甘殷关"
    "左颜耿聂倪骆季祝焦纪鲁宁柴欧梅卜蓝华伍单倪舒温廉项凌霍虞尚芦兰麦饶包傅蒙钮池谷岳钟柏邢翁管屈游盛丛帅阎冉竺鄢匡湛詹时郎缪佘于卓全路苗祁谈苟商喻习晋"
    "張劉陳楊黃趙吳周孫馬鄭謝韓鄧馮彭蕭葉蘇呂盧鍾姜崔譚陸範賈鄒熊龍賀顧龔萬錢嚴湯賴樊聶駱紀魯寧藍華單溫饒龐盛閆閻"
) | frozenset(["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "歐陽", "司馬"])
