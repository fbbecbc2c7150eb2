import ast
import string
from pathlib import Path

import desktop_app
from desktop_app.rules.messages import MESSAGES


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for code, texts in MESSAGES.items():
        assert set(texts) == {"vi", "en"}, code
        assert texts["vi"].strip() and texts["en"].strip(), code
        vi, en = _fields(texts["vi"]), _fields(texts["en"])
        # language-specific fragments are allowed, but named for their language
        assert {f.removesuffix("_vi") for f in vi} == {f.removesuffix("_en") for f in en}, code


def test_every_code_a_rule_emits_has_a_message():
    root = Path(desktop_app.__file__).parent
    emitted = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"error", "warning"} and node.args
                    and isinstance(node.args[0], ast.Constant)):
                emitted.add(node.args[0].value)
    assert emitted, "found no rule calls: the scan is broken"
    assert emitted <= set(MESSAGES)
