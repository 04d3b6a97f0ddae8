"""The damage mechanisms seen in the real seeds, one function each.

Each mechanism takes clean text and a seed (plus its own parameters) and
returns a :class:`~zhclean.testing.damage.Damaged` holding the damaged text and
the runs it damaged.  They reproduce the byte-level accidents described in
``../shared/notes/seed-damage-model.md`` rather than imitate their look, so a
repair that works here has to undo the real mechanism.

Density parameters (``rate``) count damaged runs per 1,000 characters; every
document gets at least one run when it has anywhere to put one.
"""

from __future__ import annotations

import dataclasses
import random
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import regex

from ..lang.punctuation import FULL_TO_HALF_DAMAGE
from .codecs import swallowing_gbk_decode
from .damage import Block, Damaged, Run, make_rng, runs_from_diff, splice

Seed = int | str | random.Random

_HAN = regex.compile(r"\p{Han}")
_ASCII_PUNCT = str.maketrans(FULL_TO_HALF_DAMAGE)


def _is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def _gbk2(ch: str) -> bool:
    """True if ``ch`` is one double-byte GBK character (Han or full-width punctuation)."""
    try:
        return len(ch.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def _count(text: str, rate: float) -> int:
    return max(1, round(len(text) * rate / 1000))


def _pick_spans(
    text: str,
    rng: random.Random,
    count: int,
    length: tuple[int, int],
    start_ok: Callable[[int], bool],
    char_ok: Callable[[str], bool],
) -> list[tuple[int, int]]:
    """Up to ``count`` non-overlapping spans of 1 line each, at least one character apart."""
    starts = [i for i in range(len(text)) if start_ok(i)]
    rng.shuffle(starts)
    taken: list[tuple[int, int]] = []
    for i in starts:
        if len(taken) >= count:
            break
        end = i
        limit = min(len(text), i + rng.randint(*length))
        while end < limit and text[end] != "\n" and char_ok(text[end]):
            end += 1
        if end == i or any(i <= e and end >= s for s, e in taken):
            continue
        taken.append((i, end))
    return sorted(taken)


def _han_spans(
    text: str,
    rng: random.Random,
    rate: float,
    length: tuple[int, int],
    char_ok: Callable[[str], bool] = _gbk2,
    start_ok: Callable[[int], bool] = lambda i: True,
    han_start: bool = True,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Random spans (starting on a Han character if ``han_start``), or ``spans`` when the caller places them."""
    if spans is not None:
        return sorted(spans)
    ok = lambda i: (_is_han(text[i]) or not han_start) and char_ok(text[i]) and start_ok(i)  # noqa: E731
    return _pick_spans(text, rng, _count(text, rate), length, ok, char_ok)


# --- phase-slipped GBK -------------------------------------------------------


@lru_cache(maxsize=None)
def _reading(ch: str) -> str:
    """pypinyin's context-free reading with tone marks, as a per-site annotation table holds it."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.TONE)[0]


def _straddled(prev: str, ch: str) -> str | None:
    """The Han character spelled by ``prev``'s trail byte and ``ch``'s lead byte, if any."""
    if not (_gbk2(prev) and _gbk2(ch)):
        return None
    try:
        spelled = bytes((prev.encode("gbk")[1], ch.encode("gbk")[0])).decode("gbk")
    except UnicodeDecodeError:
        return None
    return spelled if _is_han(spelled) else None


#: GBK codes of 。 ！ ？: the byte-level matches the seeds' tool cut the stream before.
_SENTENCE_MARK_CODES = {"。".encode("gbk"), "！".encode("gbk"), "？".encode("gbk")}


def _misaligned_mark(ch: str, nxt: str) -> bool:
    """True if ``ch``'s trail byte and ``nxt``'s lead byte spell 。 ！ or ？ (``。“`` = A1 [A3 A1] B0)."""
    return _gbk2(ch) and _gbk2(nxt) and bytes((ch.encode("gbk")[1], nxt.encode("gbk")[0])) in _SENTENCE_MARK_CODES


def _slip(span: str, mode: str, rng: random.Random, prev: str) -> str:
    data = span.encode("gbk")
    if mode == "cut":
        # the stream was cut after the first lead byte: it ends a piece as a lone ``?``,
        # and the next piece starts on the orphaned trail byte
        return "?" + swallowing_gbk_decode(data[1:])
    if mode == "lose":
        return swallowing_gbk_decode(data[1:])
    if mode == "gain":
        return swallowing_gbk_decode(bytes((rng.randint(0xB0, 0xF7),)) + data)
    if mode == "straddle":
        # ``(pinyin)`` was inserted after the lead byte because prev's trail + this lead
        # spell an annotated character (臉似 -> 98 CB = 標 -> ``?biāo)坪``)
        spelled = _straddled(prev, span[0])
        assert spelled is not None
        note = ("(" + _reading(spelled) + ")").encode("gbk")
        return swallowing_gbk_decode(data[:1] + note + data[1:])
    raise ValueError(f"unknown phase-slip mode {mode!r}")


def phase_slipped_gbk(
    text: str,
    seed: Seed = 0,
    *,
    rate: float = 3.0,
    length: tuple[int, int] = (2, 6),
    mode: str = "mixed",
    where: str = "anywhere",
    ascii_punctuation: bool = True,
    spans: Sequence[tuple[int, int]] | None = None,
) -> Damaged:
    """GBK runs read one byte out of phase, as in seeds 001 and 004.

    ``mode``: ``cut`` (the stream is cut after a lead byte, which prints as
    ``?``; ``。“全縣各級`` -> ``?!叭h各級``), ``straddle`` (a pinyin annotation
    lands between a character's lead and trail bytes; ``臉似乎在告訴`` ->
    ``臉?biāo)坪踉诟嬖V``), ``lose`` / ``gain`` (one byte lost or gained at the
    start), or ``mixed`` (``cut`` or ``straddle`` at random, the seeds' two
    sources).  Decoding uses the swallowing decoder; Private Use characters
    vanish and, with ``ascii_punctuation``, full-width ``！，：；？（）％`` in the
    garbled run become ASCII.  ``where="sentence_marks"`` cuts only where a
    character's trail byte and the next lead byte spell 。, ！ or ？ (as the
    seeds' tool did); ``spans`` places the runs instead of ``rate``.
    """
    rng = make_rng(seed, "phase_slipped_gbk")
    can_straddle = lambda i: i > 0 and _straddled(text[i - 1], text[i]) is not None  # noqa: E731
    if mode == "straddle":
        start_ok = can_straddle
    elif where == "sentence_marks":
        start_ok = lambda i: i + 1 < len(text) and _misaligned_mark(text[i], text[i + 1])  # noqa: E731
    elif where == "anywhere":
        start_ok = lambda i: True  # noqa: E731
    else:
        raise ValueError(f"unknown where {where!r}")
    reps = []
    for start, end in _han_spans(text, rng, rate, length, start_ok=start_ok, han_start=where != "sentence_marks", spans=spans):
        prev = text[start - 1] if start else ""
        m = mode
        if m == "mixed":
            m = "straddle" if can_straddle(start) and rng.random() < 0.5 else "cut"
        if m == "straddle" and not can_straddle(start):
            continue
        garbled = _slip(text[start:end], m, rng, prev)
        if ascii_punctuation:
            garbled = garbled.translate(_ASCII_PUNCT)
        if garbled != text[start:end]:
            reps.append((start, end, garbled))
    return splice(text, reps, "phase_slipped_gbk", rate=rate, length=length, mode=mode, where=where, ascii_punctuation=ascii_punctuation)


# --- whole-run misreadings -----------------------------------------------------


def _misread(
    name: str,
    text: str,
    rng: random.Random,
    rate: float,
    length: tuple[int, int],
    convert: Callable[[str], str | None],
    char_ok: Callable[[str], bool] = _gbk2,
    spans: Sequence[tuple[int, int]] | None = None,
    **params: Any,
) -> Damaged:
    reps = []
    for start, end in _han_spans(text, rng, rate, length, char_ok, spans=spans):
        garbled = convert(text[start:end])
        if garbled is not None and garbled != text[start:end]:
            reps.append((start, end, garbled))
    return splice(text, reps, name, rate=rate, length=length, **params)


def utf8_as_gbk(
    text: str,
    seed: Seed = 0,
    *,
    rate: float = 2.0,
    length: tuple[int, int] = (2, 12),
    codec: str = "gbk",
    lost_bytes: int = 0,
    spans: Sequence[tuple[int, int]] | None = None,
) -> Damaged:
    """UTF-8 bytes read as GBK or GB18030: ``你好`` -> ``浣犲ソ``.

    ``lost_bytes`` drops that many bytes at random inside each run first (a
    truncated transfer), which throws the rest of the run out of step.  With
    ``lost_bytes=0`` only spans whose bytes decode whole are damaged, so no
    byte is lost to a ``�`` at the run's edge: that is the lossless case.
    """
    rng = make_rng(seed, "utf8_as_gbk")

    def convert(span: str) -> str | None:
        if lost_bytes == 0:
            return _misread_whole(span, "utf-8", codec)
        data = bytearray(span.encode("utf-8"))
        for _ in range(min(lost_bytes, len(data) - 1)):
            del data[rng.randrange(len(data))]
        return bytes(data).decode(codec, errors="replace")

    return _misread("utf8_as_gbk", text, rng, rate, length, convert, spans=spans, codec=codec, lost_bytes=lost_bytes)


def gbk_as_latin1(
    text: str,
    seed: Seed = 0,
    *,
    rate: float = 2.0,
    length: tuple[int, int] = (2, 12),
    codec: str = "latin-1",
    spans: Sequence[tuple[int, int]] | None = None,
) -> Damaged:
    """GBK bytes read as Latin-1 or Windows-1252: ``中文`` -> ``ÖÐÎÄ``.

    ``cp1252`` uses ftfy's ``sloppy-windows-1252`` so the five bytes cp1252
    leaves undefined come through as C1 controls, as browsers show them.
    """
    rng = make_rng(seed, "gbk_as_latin1")
    if codec in ("cp1252", "windows-1252"):
        import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

        codec = "sloppy-windows-1252"
    return _misread("gbk_as_latin1", text, rng, rate, length, lambda s: s.encode("gbk").decode(codec), spans=spans, codec=codec)


def _big5(ch: str) -> bool:
    try:
        return len(ch.encode("big5")) == 2
    except UnicodeEncodeError:
        return False


def big5_as_gbk(text: str, seed: Seed = 0, *, rate: float = 2.0, length: tuple[int, int] = (2, 12), spans: Sequence[tuple[int, int]] | None = None) -> Damaged:
    """Big5 bytes of Traditional text read as GBK: ``臺灣`` -> ``籓芖``.

    Only spans whose Big5 bytes are all valid GBK are damaged (no byte lost).
    """
    rng = make_rng(seed, "big5_as_gbk")
    return _misread("big5_as_gbk", text, rng, rate, length, lambda s: _misread_whole(s, "big5", "gbk"), char_ok=_big5, spans=spans)


def _misread_whole(span: str, written: str, read: str) -> str | None:
    """Misread the longest stretch of ``span`` (two characters at least) whose bytes ``read`` decodes whole.

    The rest of the span stays clean, so no byte is lost to a ``�``.
    ``None`` when not even two characters decode.
    """
    for k in range(len(span), 1, -1):
        for i in range(len(span) - k + 1):
            try:
                return span[:i] + span[i : i + k].encode(written).decode(read) + span[i + k :]
            except UnicodeDecodeError:
                continue
    return None


def unrecoverable(text: str, seed: Seed = 0, *, rate: float = 1.0, length: tuple[int, int] = (1, 6), style: str = "kunkao", spans: Sequence[tuple[int, int]] | None = None) -> Damaged:
    """GBK bytes read as UTF-8: ``�`` runs, or ``锟斤拷`` once that text was saved and read as GBK again.

    ``style``: ``replacement`` stops at the first misreading (``�``);
    ``kunkao`` re-encodes those U+FFFD as UTF-8 and reads them as GBK.
    """
    rng = make_rng(seed, "unrecoverable")

    def convert(span: str) -> str:
        lost = span.encode("gbk").decode("utf-8", errors="replace")
        if style == "replacement":
            return lost
        if style == "kunkao":
            return lost.encode("utf-8").decode("gbk", errors="replace")
        raise ValueError(f"unknown style {style!r}")

    return _misread("unrecoverable", text, rng, rate, length, convert, spans=spans, style=style)


# --- inline pinyin -----------------------------------------------------------------


def _context_readings(line: str) -> list[str | None]:
    """pypinyin's reading of each character of ``line`` in context (phrases decide heteronyms)."""
    from pypinyin import Style, pinyin

    got = pinyin(line, style=Style.TONE, errors=lambda chunk: [None] * len(chunk))
    if len(got) != len(line):
        return [_reading(c) if _is_han(c) else None for c in line]
    return [g[0] or None for g in got]


def inline_pinyin(
    text: str,
    seed: Seed = 0,
    *,
    table_share: float = 0.1,
    brackets: str = "()",
    context: bool = False,
) -> Damaged:
    """Pinyin readings after characters: ``時(shí)``, or ``時（shí）`` with ``brackets="（）"``.

    As in the seeds, a per-site table (a random ``table_share`` of the Han
    characters in the document) is annotated at every occurrence with
    pypinyin's context-free reading (長 is always ``zhǎng``); ``context=True``
    uses pypinyin's reading in context instead.
    """
    rng = make_rng(seed, "inline_pinyin")
    chars = sorted({c for c in text if _is_han(c)})
    table = set(rng.sample(chars, max(1, round(len(chars) * table_share)))) if chars else set()
    reps = []
    pos = 0
    for line in text.split("\n"):
        readings = _context_readings(line) if context else [None] * len(line)
        for i, ch in enumerate(line):
            if ch in table:
                reading = readings[i] if context else _reading(ch)
                if reading and reading != ch:
                    reps.append((pos + i, pos + i + 1, ch + brackets[0] + reading + brackets[1]))
        pos += len(line) + 1
    return splice(text, reps, "inline_pinyin", table_share=table_share, brackets=brackets, context=context)


# --- script and punctuation -------------------------------------------------------


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def script_conversion(text: str, seed: Seed = 0, *, config: str = "s2t") -> Damaged:
    """Simplified text converted by OpenCC (``s2t``, ``s2tw``, ``s2hk``); every changed character is a run."""
    converted = _opencc(config).convert(text)
    if len(converted) == len(text):
        runs, i = [], 0
        while i < len(text):
            if text[i] != converted[i]:
                j = i
                while j < len(text) and text[j] != converted[j]:
                    j += 1
                runs.append(Run(i, j, i, j, "script_conversion"))
                i = j
            else:
                i += 1
    else:
        runs = runs_from_diff(text, converted, "script_conversion")
    return Damaged(text, converted, runs, "script_conversion", {"config": config})


#: ASCII stand-ins for curly quotes, as PDF extraction and some CMSs write them (seed 002: "五好").
_QUOTES_TO_ASCII = {"“": '"', "”": '"', "‘": "'", "’": "'"}


def halfwidth_punctuation(text: str, seed: Seed = 0, *, share: float = 1.0, quotes: bool = False) -> Damaged:
    """Full-width ``！，：；？（）％`` turned to ASCII as in seeds 001/004 (``。、“”—…`` left alone).

    ``quotes=True`` also writes curly quotes as ASCII ``"`` and ``'``, as in seed 002.
    """
    rng = make_rng(seed, "halfwidth_punctuation")
    table = FULL_TO_HALF_DAMAGE | (_QUOTES_TO_ASCII if quotes else {})
    reps = [(i, i + 1, table[c]) for i, c in enumerate(text) if c in table and rng.random() < share]
    return splice(text, reps, "halfwidth_punctuation", share=share, quotes=quotes)


def stray_html(text: str, seed: Seed = 0, *, p_close: float = 0.5, rate: float = 1.0) -> Damaged:
    """HTML a scraper left behind: ``</p>`` at paragraph ends, ``&nbsp;`` inside and before paragraphs."""
    rng = make_rng(seed, "stray_html")
    reps: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if rng.random() < p_close:
                reps.append((pos + len(line), pos + len(line), "</p>"))
            if rng.random() < p_close / 2:
                reps.append((pos, pos, "&nbsp;&nbsp;"))
        pos += len(line) + 1
    for start, _ in _han_spans(text, rng, rate, (1, 1), char_ok=lambda c: True):
        if start and not any(s == start for s, _, _ in reps):
            reps.append((start, start, "&nbsp;"))
    return splice(text, reps, "stray_html", p_close=p_close, rate=rate)


# --- layout -------------------------------------------------------------------------


def column_wrap(text: str, seed: Seed = 0, *, width: tuple[int, int] = (8, 30), joiner: str = "\n", paragraph_break: str = "\n") -> Damaged:
    """Paragraphs reflowed at one column width chosen in ``width``.

    ``joiner`` is what the wraps became: ``"\\n"`` (OCR style) or ``" "``
    (PDF style, as in seed 002, where paragraphs are also set apart by a
    blank line: ``paragraph_break="\\n\\n"``).
    """
    rng = make_rng(seed, "column_wrap")
    w = rng.randint(*width)
    reps = []
    hidden = []
    pos = 0
    for line in text.split("\n"):
        for cut in range(w, len(line), w):
            if not (line[cut - 1].isspace() or line[cut].isspace()):  # a wrap swallows the space it falls on
                reps.append((pos + cut, pos + cut, joiner))
        pos += len(line) + 1
        if pos <= len(text) and paragraph_break == joiner and line and len(line) % w == 0:
            hidden.append(pos - 1)  # the last line filled the column: this break reads as a wrap
        if paragraph_break != "\n" and pos <= len(text):
            reps.append((pos - 1, pos, paragraph_break))
    damaged = splice(text, reps, "column_wrap", width=w, joiner=joiner, paragraph_break=paragraph_break)
    damaged.hidden_breaks = hidden
    return damaged


#: Generator data: common surnames for made-up photo credits (not used by any filter).
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"


def _furniture(kind: str, rng: random.Random, han: Sequence[str], doc_han_run: str) -> str:
    def name() -> str:
        return rng.choice(_SURNAMES) + "".join(rng.choice(han) for _ in range(rng.randint(1, 2)))

    if kind == "caption":
        return ("图为" if rng.random() < 0.3 else "") + doc_han_run
    if kind == "credit":
        return rng.choice([f"{name()} 摄", f"本报记者 {name()} 摄", f"（新华社记者 {name()}摄）", f"{name()}/摄"])
    if kind == "folio":
        n = rng.randint(1, 24)
        return rng.choice([f"第{n}版", f"- {n} -", f"{2000 + rng.randint(0, 24)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice('一二三四五六日')}", f"责任编辑：{name()}"])
    raise ValueError(f"unknown furniture kind {kind!r}")


#: Furniture lands in running prose (a column or page break), not in headlines.
_PROSE_LINE = 30


def _line_lengths(text: str) -> list[int]:
    """For each character, the length of the line it is on."""
    out: list[int] = []
    for line in text.split("\n"):
        out.extend([len(line)] * (len(line) + 1))
    return out


def page_furniture(
    text: str,
    seed: Seed = 0,
    *,
    count: tuple[int, int] = (1, 3),
    kinds: Sequence[str] = ("caption", "credit", "folio"),
) -> Damaged:
    """Captions, photo credits and page furniture dropped into the middle of paragraphs.

    As in seeds 000 and 002 (``签订了征\\n\\n西河风光带\\n\\n拆协议``), each insert sits on lines
    of its own, cutting a sentence in two.  Captions are short Han phrases taken
    from the document; credits use made-up names.
    """
    rng = make_rng(seed, "page_furniture")
    han = [c for c in text if _is_han(c)] or ["文"]
    lines = {line.strip() for line in text.split("\n")}
    phrases = [p for p in regex.findall(r"\p{Han}{6,}", text)] or ["新闻图片说明"]
    line_of = _line_lengths(text)
    spots = _pick_spans(
        text, rng, rng.randint(*count), (1, 1), lambda i: line_of[i] >= _PROSE_LINE and 0 < i and _is_han(text[i - 1]) and _is_han(text[i]), lambda c: True
    )
    reps, furniture = [], []
    for start, _ in spots:
        phrase = rng.choice(phrases)
        size = rng.randint(4, min(12, len(phrase)))
        at = rng.randint(0, len(phrase) - size)
        item = _furniture(rng.choice(list(kinds)), rng, han, phrase[at : at + size])
        if item in lines:  # a line the text already has could not be told apart from the insert
            continue
        furniture.append(item)
        reps.append((start, start, "\n\n" + item + "\n\n"))
    damaged = splice(text, reps, "page_furniture", count=count, kinds=list(kinds))
    damaged.furniture = furniture
    return damaged


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for para in text.split("\n"):
        lines.extend(para[i : i + width] for i in range(0, max(len(para), 1), width))
    return [ln for ln in lines if ln]


def interleave_articles(
    articles: Sequence[str],
    seed: Seed = 0,
    *,
    width: tuple[int, int] = (8, 30),
    block_lines: tuple[int, int] = (3, 8),
    swaps: float = 0.2,
) -> Damaged:
    """Several articles set in column blocks and read back in a scrambled block order.

    Each article is wrapped at one column width and cut into blocks of a few
    lines; the blocks of all articles are merged in random order (each
    article's own order kept), then a share ``swaps`` of neighbouring blocks is
    swapped, as a PDF reader going down the wrong column would.  Blocks are
    separated by a blank line.  ``blocks`` records which article each block
    belongs to and where it sits in it.
    """
    rng = make_rng(seed, "interleave_articles")
    queues: list[list[tuple[int, int, str]]] = []
    for a, article in enumerate(articles):
        lines = _wrap(article, rng.randint(*width))
        blocks, i = [], 0
        while i < len(lines):
            k = rng.randint(*block_lines)
            blocks.append((a, len(blocks), "\n".join(lines[i : i + k])))
            i += k
        queues.append(blocks)
    order: list[tuple[int, int, str]] = []
    while any(queues):
        q = rng.choice([q for q in queues if q])
        order.append(q.pop(0))
    for i in range(len(order) - 1):
        if rng.random() < swaps:
            order[i], order[i + 1] = order[i + 1], order[i]
    parts, blocks, pos = [], [], 0
    for a, index, body in order:
        blocks.append(Block(pos, pos + len(body), a, index))
        parts.append(body)
        pos += len(body) + 2
    clean = "\n\n".join(articles)
    text = "\n\n".join(parts)
    return Damaged(clean, text, [], "interleave_articles", {"width": width, "block_lines": block_lines, "swaps": swaps}, blocks=blocks, articles=list(articles))


# --- registry and composition --------------------------------------------------------------

#: Single-document mechanisms by name.
MECHANISMS: dict[str, Callable[..., Damaged]] = {
    "phase_slipped_gbk": phase_slipped_gbk,
    "utf8_as_gbk": utf8_as_gbk,
    "gbk_as_latin1": gbk_as_latin1,
    "big5_as_gbk": big5_as_gbk,
    "unrecoverable": unrecoverable,
    "inline_pinyin": inline_pinyin,
    "script_conversion": script_conversion,
    "halfwidth_punctuation": halfwidth_punctuation,
    "stray_html": stray_html,
    "column_wrap": column_wrap,
    "page_furniture": page_furniture,
}


def combine(text: str, seed: Seed, steps: Iterable[tuple[str, dict[str, Any]]], name: str = "combined") -> Damaged:
    """Apply several mechanisms in order.

    Runs are re-derived by aligning the result with ``text``; each is named
    after the mechanisms whose damage it holds (``inline_pinyin+script_conversion``),
    so a benchmark can tell how each kind of damage fared inside the mix.
    """
    current = text
    labels: list[frozenset[str]] = [frozenset()] * len(text)  # mechanisms behind each character
    furniture: list[str] = []
    applied = []
    hidden: list[int] = []
    for k, (mech, params) in enumerate(steps):
        damaged = MECHANISMS[mech](current, make_rng(seed, name, k, mech), **params)
        labels = _carry_labels(labels, damaged, mech)
        current = damaged.text
        furniture.extend(damaged.furniture)
        if k == 0:  # later steps' offsets are not offsets into ``text``
            hidden = damaged.hidden_breaks
        applied.append({"mechanism": mech, **damaged.params})
    runs = [dataclasses.replace(r, mechanism="+".join(sorted(_labels_of(labels, r)) or [name])) for r in runs_from_diff(text, current, name)]
    result = Damaged(text, current, runs, name, {"steps": applied})
    result.furniture = furniture
    result.hidden_breaks = hidden
    return result


def _carry_labels(labels: list[frozenset[str]], damaged: Damaged, mech: str) -> list[frozenset[str]]:
    """Labels for ``damaged.text``: kept characters keep theirs, a run's output gets its input's plus ``mech``."""
    out: list[frozenset[str]] = []
    pos = 0
    for r in damaged.runs:
        out.extend(labels[pos : r.clean_start])
        inherited = frozenset().union(*labels[r.clean_start : r.clean_end]) | {mech}
        out.extend([inherited] * (r.end - r.start))
        pos = r.clean_end
    out.extend(labels[pos:])
    return out


def _labels_of(labels: list[frozenset[str]], run: Run) -> frozenset[str]:
    if run.end > run.start:
        return frozenset().union(*labels[run.start : run.end])
    return frozenset().union(*labels[max(0, run.start - 1) : run.start + 1])  # a deletion: ask its neighbours


#: What seeds 001 and 004 went through, in order (see the damage model).
SEEDLIKE = (
    ("script_conversion", {"config": "s2t"}),
    ("inline_pinyin", {}),
    ("phase_slipped_gbk", {"ascii_punctuation": False, "where": "sentence_marks", "rate": 2.0}),
    ("phase_slipped_gbk", {"ascii_punctuation": False, "mode": "straddle", "rate": 2.0}),
    ("halfwidth_punctuation", {}),
)

#: What seed 002 (PDF extraction) went through: column wraps joined by spaces,
#: a caption and credit block dropped mid-sentence, ASCII commas and quotes.
PDFLIKE = (
    ("column_wrap", {"joiner": " ", "paragraph_break": "\n\n", "width": (14, 20)}),
    ("page_furniture", {"kinds": ("caption", "credit")}),
    ("halfwidth_punctuation", {"quotes": True}),
)
