"""Decoding every encoding Chinese files come in, refusing what is not text, and writing safely.

The fixtures in fixtures/encodings/ were made by encoding the strings below
with Python's codecs (GBK, Big5, UTF-16 with BOM, UTF-8 with BOM, CRLF); the
hex dumps were checked by hand (e.g. GBK 渌 = E4 CB, 口 = BF DA).
"""

import os
import random
from pathlib import Path

import pytest

from zhclean.io import InputError, decode_bytes, open_atomic, read_text, write_text_atomic

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "encodings"

SIMPLIFIED = "渌口区：“三个聚焦”抓项目\n\n该项目总投资约80亿元，建成投产后，预计年发电量90亿千瓦时。\n"
TRADITIONAL = "行進在漣水大地，發展的熱浪撲面而來。\n巨石集團投資建設全球首個玻璃纖維零碳智能製造基地。\n"


@pytest.mark.parametrize(
    "name, text, encoding",
    [
        ("gbk.txt", SIMPLIFIED, "gb18030"),
        ("big5.txt", TRADITIONAL, "big5"),
        ("utf16.txt", SIMPLIFIED, "utf-16"),
        ("utf8-bom.txt", SIMPLIFIED, "utf-8-sig"),
        ("crlf.txt", SIMPLIFIED.replace("\n", "\r\n"), "utf-8"),
        ("mixed-utf8-gbk.txt", "今年以来已成功签约引进产业项目。\n总投资额达118亿元。\n", "utf-8+gb18030"),
    ],
)
def test_fixture_encodings_decode_to_the_text_they_were_made_from(name, text, encoding):
    decoded = read_text(FIXTURES / name)
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_fixture_bytes_are_what_their_names_say():
    assert (FIXTURES / "gbk.txt").read_bytes().startswith(bytes.fromhex("e4cb bfda"))  # 渌口 in GBK
    assert (FIXTURES / "utf16.txt").read_bytes().startswith(b"\xff\xfe")
    assert (FIXTURES / "utf8-bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (FIXTURES / "crlf.txt").read_bytes()


def test_valid_utf8_wins_even_when_it_is_also_valid_gbk():
    data = "中文测试".encode("utf-8")
    assert data.decode("gb18030").startswith("涓")  # the same bytes are valid GB18030 too (mojibake)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == ("中文测试", "utf-8")


def test_language_model_picks_gbk_where_charset_normalizer_guesses_big5():
    data = "总投资额达118亿元。".encode("gbk")
    decoded = decode_bytes(data)
    assert decoded.text == "总投资额达118亿元。"
    assert decoded.encoding == "gb18030"


def test_short_big5_is_read_as_big5():
    assert decode_bytes("居民稱為問題窩".encode("big5")).text == "居民稱為問題窩"


def test_utf16_without_bom_is_recognised_from_its_nul_pattern():
    assert decode_bytes("abc 中文\n".encode("utf-16-le")).text == "abc 中文\n"
    assert decode_bytes("abc 中文\n".encode("utf-16-be")).text == "abc 中文\n"


def test_a_few_odd_nuls_in_binary_are_not_utf16():
    # read as UTF-16-LE these bytes would be '扡c敤੦': rare characters, not text
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"abc\0def\n")


def test_utf32_with_bom():
    decoded = decode_bytes("中文\n".encode("utf-32"))
    assert (decoded.text, decoded.encoding) == ("中文\n", "utf-32")


def test_empty_input_is_empty_text():
    assert decode_bytes(b"").text == ""


def test_nul_bytes_mean_binary():
    with pytest.raises(InputError, match="binary") as info:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.kind == "binary"


def test_random_bytes_are_binary():
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NULs, so decoding is really tried
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.kind == "binary"


def test_mostly_control_characters_are_binary():
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 10)


def test_unsupported_encoding_is_reported_with_the_line():
    with pytest.raises(InputError, match=r"line 2 is not valid UTF-8, GB18030 or Big5") as info:
        decode_bytes(b"fine\ncaf\xe9 au lait\n")
    assert info.value.kind == "undecodable"


def test_utf8_cut_off_mid_character_is_reported_as_truncated():
    data = "今年以来".encode("utf-8")[:-1]
    with pytest.raises(InputError, match="middle of a UTF-8 character") as info:
        decode_bytes(data)
    assert info.value.kind == "truncated"


def test_missing_file_and_directory_errors_name_the_reason(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_atomic_write_keeps_mode_and_writes_utf8_without_bom(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_text_atomic(target, "中文\n")
    assert target.read_bytes() == "中文\n".encode("utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_new_files_get_the_usual_permissions_streamed_or_not(tmp_path):
    # mkstemp makes 0600 files; a new output or report must be readable like any file the user creates
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "whole.txt", "中文\n")
        with open_atomic(tmp_path / "streamed.jsonl") as fh:
            fh.write(b"{}\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "whole.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "streamed.jsonl").stat().st_mode & 0o777 == 0o644


def test_failed_atomic_write_leaves_original_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"original")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_text_atomic(target, "new\n")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
