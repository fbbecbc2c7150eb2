"""What an audit entry is about, in words, when the code writes it under a fixed id of its
own rather than a record's: the call-back list exported, every record queued to be sent
again, a paper form's answer, the sync round, a setting. The trail (the app's and the CSV)
read "Điểm tiêm call_backs" and "Hàng chờ đồng bộ all" where a supervisor reads words."""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterator
from pathlib import Path

import desktop_app
from desktop_app import settings
from desktop_app.services import audit_trail, callbacks
from desktop_app.services import sync as syncing
from desktop_app.services.audit import kind_words, record_words

SOURCE = Path(desktop_app.__file__).parent
# Where the entity and its id stand among a writer's arguments (store.audit_entry,
# store._audit) or in the row bulk_sql.AUDIT_INSERT is executed with.
WRITERS = {"audit_entry": (1, 2), "_audit": (2, 3)}
INSERT_ROW = (3, 4)


def test_the_call_back_export_and_sending_all_again_are_named_in_words(db, site, boss,
                                                                        tmp_path):
    """From the site manager's review (mgrrev): both read as the program's own ids, in
    the app's trail and in the CSV."""
    from desktop_app.services import audit

    callbacks.export_call_backs(db, tmp_path / "goi-lai.xlsx", actor=boss)
    syncing.send_all_again(db, actor=boss)
    on_screen = [e.record for e in audit_trail.trail_page(db, "vi", actor=boss).entries]
    audit.export(db, tmp_path / "nhat-ky.csv", "vi", actor=boss)
    with open(tmp_path / "nhat-ky.csv", encoding="utf-8-sig", newline="") as f:
        in_csv = [row[3] for row in csv.reader(f)][1:]
    for records in (on_screen, in_csv):
        raw = [r for r in records if "call_backs" in r or r.endswith(" all")]
        assert not raw, raw
        assert "Danh sách gọi tiêm mũi tiếp theo" in records
        assert "Mọi hồ sơ đã đồng bộ" in records
    [again] = [e.what for e in audit_trail.trail_page(db, "vi", actor=boss).entries
               if e.record == "Mọi hồ sơ đã đồng bộ"]
    assert again.endswith(": Số hồ sơ xếp hàng gửi lại “0”"), again  # not "queued “0”"


def _fixed_ids(node: ast.AST) -> Iterator[str]:
    """The ids an argument always or sometimes is: a literal, a setting's key, either side
    of an ``or`` ("file_id or file or 'paper'")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _fixed_ids(value)
    elif isinstance(node, ast.Attribute) and node.attr == "key" and \
            isinstance(node.value, ast.Attribute) and \
            isinstance(node.value.value, ast.Name) and node.value.value.id == "settings":
        yield getattr(settings, node.value.attr).key


def _pair(entity: ast.AST, entity_id: ast.AST) -> Iterator[tuple[str, str]]:
    if isinstance(entity, ast.Constant) and isinstance(entity.value, str):
        for fixed in _fixed_ids(entity_id):
            yield entity.value, fixed


def written_fixed_ids() -> set[tuple[str, str]]:
    """Every (entity, entity_id) the code writes into the trail with an id of its own,
    read from the source: each call of a writer, each row executed with AUDIT_INSERT and
    each bulk entry dict. An id computed (a record's, a file's name) is not fixed."""
    pairs: set[tuple[str, str]] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                args = node.args
                if name in WRITERS and len(args) > max(WRITERS[name]):
                    pairs.update(_pair(*(args[i] for i in WRITERS[name])))
                elif len(args) == 2 and isinstance(args[0], ast.Name) and \
                        args[0].id == "AUDIT_INSERT" and isinstance(args[1], ast.Tuple):
                    pairs.update(_pair(*(args[1].elts[i] for i in INSERT_ROW)))
            elif isinstance(node, ast.Dict):
                keys = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                        if isinstance(k, ast.Constant)}
                if "entity" in keys and "entity_id" in keys:
                    pairs.update(_pair(keys["entity"], keys["entity_id"]))
    return pairs


def test_no_entry_the_code_writes_under_an_id_of_its_own_shows_that_id():
    pairs = written_fixed_ids()
    # The walk sees them (it would pass on finding nothing at all).
    assert {("site", "call_backs"), ("outbox", "all"), ("file", "paper"), ("site", "sync"),
            ("setting", settings.CURRENT_SITE.key)} <= pairs, pairs
    for entity, entity_id in sorted(pairs):
        for lang in ("vi", "en"):
            said, kind = record_words(entity, entity_id, lang), kind_words(entity, lang)
            assert kind != entity, (entity, lang)
            # Not the kind and the id as stored ("Site call_backs", "Setting: shoe_size");
            # "" (a refusal with no account: actor.require) shows nothing to hide.
            assert not entity_id or said not in (f"{kind} {entity_id}", f"{kind}: {entity_id}"), \
                (entity, entity_id, lang, said)


def test_a_name_no_account_has_is_said_so():
    """``login_waits.who_tried`` gives its id through a call the walk cannot follow."""
    from desktop_app.services.login_waits import UNKNOWN_ACCOUNT

    assert record_words("user", UNKNOWN_ACCOUNT, "en") == "No such account"


def test_a_site_an_import_named_is_said_by_its_code_and_name_not_its_uuid(db, site, boss,
                                                                           tmp_path):
    """A site made for an import's records (services/site.site_for_records) is a record
    whose id is a UUID: the trail read "Điểm tiêm 01a25188-6008-…"."""
    from desktop_app.services import audit
    from desktop_app.services.site import site_for_records

    other = site_for_records(db, "HN-0002", "Trạm Y tế Phường Kim Mã", actor=boss)
    [made] = [e for e in audit_trail.trail_page(db, "vi", actor=boss).entries
              if e.what.startswith("Tạo mới: Điểm tiêm “HN-0002")]
    assert made.record == "Điểm tiêm: HN-0002 Trạm Y tế Phường Kim Mã", made.record
    audit.export(db, tmp_path / "nhat-ky.csv", "en", actor=boss)
    with open(tmp_path / "nhat-ky.csv", encoding="utf-8-sig", newline="") as f:
        in_csv = [row[3] for row in csv.reader(f)][1:]
    # The CSV keeps the id beside the words, as it does for a person (for scripts).
    assert f"Site {other.id}: HN-0002 Trạm Y tế Phường Kim Mã" in in_csv
