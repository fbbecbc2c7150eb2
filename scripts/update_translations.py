"""Refresh the UI translations: extract strings, fill new ones, compile.

    python scripts/update_translations.py

1. pyside6-lupdate collects every tr() string under desktop_app/ui into
   resources/i18n/vaxdesk_vi.ts (existing translations are kept; removed strings are marked
   obsolete and dropped).
2. Strings still untranslated get their Vietnamese from resources/i18n/vi_glossary.json if it
   has them (the glossary is where new strings are translated in review); the .ts stays the
   file translators edit with Qt Linguist. A key "Context::source" gives one context its own
   word where the same English means another thing elsewhere: Qt's own dialogs
   (desktop_app/ui/qt_texts.py) list a file's "Name" ("QFileSystemModel::Name": "Tên"), our
   screens a person's ("Name": "Họ và tên").
3. pyside6-lrelease compiles the .qm the app loads.
4. The glossary is written back as the .ts has it: strings gone from the UI are dropped and a
   translation changed in Qt Linguist replaces the glossary's, so the two never disagree
   (tests/test_glossary.py scans both); a context translated unlike the plain entry keeps a
   "Context::source" entry.
5. English needs no translation but for a number's noun: resources/i18n/vaxdesk_en.ts holds
   only the strings counted with %n, their singular and plural from en_plurals.json
   ("%n record(s)" reads "1 record", "2 records"), compiled to vaxdesk_en.qm.
tests/ui/test_i18n.py fails when this script has not been run after a UI change.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TS = I18N / "vaxdesk_vi.ts"
QM = I18N / "vaxdesk_vi.qm"
GLOSSARY = I18N / "vi_glossary.json"
EN_TS = I18N / "vaxdesk_en.ts"
EN_QM = I18N / "vaxdesk_en.qm"
EN_PLURALS = I18N / "en_plurals.json"
IN_CONTEXT = "::"  # a glossary key "QFileSystemModel::Name": that context's own word


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop_app" / "ui").rglob("*.py"))


def extract(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", "vi_VN", "-ts", str(ts)], cwd=ROOT, check=True,
                   capture_output=True)


def fill_from_glossary(ts: Path, glossary: dict[str, str]) -> list[str]:
    """Translate unfinished messages from the glossary; return sources still missing."""
    tree = ET.parse(ts)
    missing = []
    for context, message in _messages(tree):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if translation.get("type") != "unfinished":
            continue
        vi = glossary.get(f"{context}{IN_CONTEXT}{source}", glossary.get(source))
        if vi is None:
            missing.append(source)
            continue
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            ET.SubElement(translation, "numerusform").text = vi
        else:
            translation.text = vi
        del translation.attrib["type"]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def _messages(tree: ET.ElementTree) -> list[tuple[str, ET.Element]]:
    return [(context.findtext("name") or "", message)
            for context in tree.getroot().iter("context") for message in context.iter("message")]


def glossary_as_translated(ts: Path, glossary: dict[str, str]) -> dict[str, str]:
    """The glossary with the .ts's finished translations, and only the strings it has. A
    string one context translates unlike the others is kept as "Context::source"; the plain
    entry stays the glossary's word while some context still uses it."""
    found: dict[tuple[str, str], str] = {}
    for context, message in _messages(ET.parse(ts)):
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")]
        found[(context, message.findtext("source") or "")] = \
            forms[0] if forms else translation.text or ""
    plain: dict[str, str] = {}
    for (_, source), vi in found.items():
        if source not in plain or vi == glossary.get(source):
            plain[source] = vi
    done = plain | {f"{context}{IN_CONTEXT}{source}": vi
                    for (context, source), vi in found.items() if vi != plain[source]}
    return {key: done[key] for key in glossary if key in done} | {
        key: vi for key, vi in done.items() if key not in glossary}


def english_plurals(vi_ts: Path, en_ts: Path, plurals: dict[str, list[str]]) -> list[str]:
    """Write the English .ts: each string counted with %n (numerus in the Vietnamese .ts)
    with its singular and plural forms; return the counted strings with no forms yet."""
    root = ET.Element("TS", version="2.1", language="en_GB")
    missing = []
    for context in ET.parse(vi_ts).getroot().iter("context"):
        counted = [m for m in context.iter("message") if m.get("numerus") == "yes"]
        if not counted:
            continue
        into = ET.SubElement(root, "context")
        ET.SubElement(into, "name").text = context.findtext("name")
        for message in counted:
            source = message.findtext("source") or ""
            forms = plurals.get(source)
            if forms is None:
                missing.append(source)
                continue
            entry = ET.SubElement(into, "message", numerus="yes")
            ET.SubElement(entry, "source").text = source
            translation = ET.SubElement(entry, "translation")
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
    ET.indent(root)
    ET.ElementTree(root).write(en_ts, encoding="utf-8", xml_declaration=True)
    return missing


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)


def main() -> int:
    I18N.mkdir(parents=True, exist_ok=True)
    extract(TS)
    glossary = json.loads(GLOSSARY.read_text(encoding="utf-8")) if GLOSSARY.exists() else {}
    missing = fill_from_glossary(TS, glossary)
    compile_qm(TS, QM)
    GLOSSARY.write_text(json.dumps(glossary_as_translated(TS, glossary), ensure_ascii=False,
                                   indent=2) + "\n", encoding="utf-8")
    plurals = json.loads(EN_PLURALS.read_text(encoding="utf-8")) if EN_PLURALS.exists() else {}
    missing += [f"{source} (English plural)" for source in english_plurals(TS, EN_TS, plurals)]
    compile_qm(EN_TS, EN_QM)
    for source in missing:
        print(f"untranslated: {source!r}")
    print(f"{TS.relative_to(ROOT)}: {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
