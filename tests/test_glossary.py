"""One voice (issue #19): the catalogue and the Vietnamese Qt translations use the terms of
resources/i18n/glossary.md and none of the words it lists as "Not"."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_app.rules.messages import CATALOGUE as MESSAGES

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "vaxdesk_vi.ts"
GLOSSARY = ROOT / "resources" / "i18n" / "glossary.md"
VI_FILL = ROOT / "resources" / "i18n" / "vi_glossary.json"  # where new strings get their vi

# Old-style accent placement: the mark on the second vowel of an open oa/oe/uy syllable
# ("khoá", "huỷ"); not after q ("quý" is right), not when the syllable goes on ("hoàn").
OLD_STYLE = re.compile(r"(?<![qQ])(o[áàảãạ]|o[éèẻẽẹ]|u[ýỳỷỹỵ])(?![a-zà-ỹđ])", re.IGNORECASE)
FORBIDDEN_VI = ["nền tảng", "hệ thống trung ương", "máy chủ", "token", "(UTC)",
                "hủy mũi tiêm", "đã hủy", '{"', "mật khẩu cơ sở dữ liệu", "hạn dùng"]
FORBIDDEN_EN = ["central server", "central system", "the server", "server ", "(UTC)", '{"']


def vietnamese_texts() -> list[tuple[str, str]]:
    texts = [(f"catalogue {code}", entry["vi"]) for code, entry in MESSAGES.items()]
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        texts.append((f".ts “{source}”", translation))
    fills = json.loads(VI_FILL.read_text(encoding="utf-8"))
    texts += [(f"vi_glossary.json “{source}”", vi) for source, vi in fills.items()]
    return texts


def english_texts() -> list[tuple[str, str]]:
    texts = [(f"catalogue {code}", entry["en"]) for code, entry in MESSAGES.items()]
    texts += [(".ts source", m.findtext("source") or "")
              for m in ET.parse(TS).getroot().iter("message")]
    return texts


def test_the_glossary_names_every_word_the_scan_forbids():
    glossary = GLOSSARY.read_text(encoding="utf-8").lower()
    for word in [*FORBIDDEN_VI, *FORBIDDEN_EN]:
        if word != '{"':
            assert word.lower() in glossary, word


def test_no_old_style_accents():
    found = [(where, m.group(0), text) for where, text in vietnamese_texts()
             for m in [OLD_STYLE.search(text)] if m]
    assert found == []


@pytest.mark.parametrize("word", FORBIDDEN_VI)
def test_no_forbidden_vietnamese_word(word):
    # "--token", VAXDESK_SYNC_TOKEN, "issue-token" and "revoke-token" are names of an
    # option, a variable and commands, typed as they are.
    found = [where for where, text in vietnamese_texts()
             if word.lower() in text.lower().replace("--token", "")
             .replace("vaxdesk_sync_token", "").replace("issue-token", "")
             .replace("revoke-token", "")]
    assert found == []


@pytest.mark.parametrize("word", FORBIDDEN_EN)
def test_no_forbidden_english_word(word):
    # "--server" is the name of a command-line option, typed as it is.
    assert [where for where, text in english_texts()
            if word.lower() in text.lower().replace("--server", "")] == []


def test_the_site_is_one_word_never_bare_co_so():
    # "cơ sở" alone sat beside "cơ sở dữ liệu" (the database) and "điểm tiêm" (15 texts to
    # 9) for the same site. A provincial file's column is quoted as the file names it.
    bare = re.compile(r"cơ sở(?! dữ liệu)", re.IGNORECASE)
    found = [(where, text) for where, text in vietnamese_texts()
             if bare.search(text.replace("“Cơ sở tiêm”", ""))]
    assert found == []


def test_void_and_cancel_share_no_word():
    ts = {m.findtext("source"): m.findtext("translation")
          for m in ET.parse(TS).getroot().iter("message")}
    void_words = set(ts["Void dose…"].lower().split())
    assert not void_words & set(ts["Cancel"].lower().split())
    assert ts["Cancel"] == "Hủy bỏ"


def test_the_scan_sees_an_old_spelling():
    assert OLD_STYLE.search("Mật khẩu khoá ký") and OLD_STYLE.search("Huỷ")
    assert not OLD_STYLE.search("khóa hoàn thoại quý hủy Thanh Hóa")
