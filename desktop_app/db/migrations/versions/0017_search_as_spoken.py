"""Search as clerks speak: a word index of names, a phone-tail index, the old CMND kept.

Clerks hear given names ("chị Nhung"), say names in any order and read a phone's last
digits; the name index (migration 0014) only finds a name from its first letter.

- ``person_name_word``: one row per word of each person's folded name (migration 0001's
  ``name_key``), kept by triggers on person as the last dose is (0014), so no writer can
  forget it. Its key orders a word's people given name first ("Nhung" in "Nguyễn Thị Nhung"
  before "Nhung" in "Lê Nhung Anh"), then by name and date of birth: the order a search
  shows, read from the front of the key. It carries the name key and date of birth, so a
  hit is then read from the covering name index by its exact key, never from the table.
  A key column cannot be NULL in a table without rowid: an unknown date of birth is ''.
  The words come from ``json_each`` over the key (letters and digits and single spaces:
  always a valid JSON string once the spaces are turned into '","'), since a trigger cannot
  hold a recursive query to split it.
- ``person_name_word_count``: how many people have each word, kept by the same triggers:
  a search reads the entries of its rarest typed word ("nhung", 2 % of people), never of
  the commonest ("nguyen", 40 %); a prefix's count is the sum over its few words.
- ``ix_person_phone_tail``: the last four digits of the phone, then the phone: a search by
  4 to 10 last digits reads one tail's few people in the index.
- ``old_id_number``: the 9-digit CMND the chip card's QR code still carries (issue #19):
  a person registered years ago under that number is found by scanning their new card.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_WORDS = "'[\"' || replace({row}.name_key, ' ', '\",\"') || '\"]'"
# rank 0: the given name (the key's last word); 1: any other word.
_ROWS = f"""
    SELECT w.value, CASE WHEN w.key = json_array_length({_WORDS}) - 1 THEN 0 ELSE 1 END,
           {{row}}.name_key, coalesce({{row}}.dob, ''), {{row}}.id
    FROM json_each({_WORDS}) AS w WHERE w.value <> ''"""
ADD_WORDS = ("INSERT OR IGNORE INTO person_name_word (word, rank, name_key, dob, person_id)"
             + _ROWS.format(row="NEW"))
# Each old row by its whole key (rank named, so each delete is a key lookup, not a scan of
# every "nguyen").
DROP_WORDS = f"""
    DELETE FROM person_name_word
    WHERE word IN (SELECT value FROM json_each({_WORDS.format(row="OLD")}))
      AND rank IN (0, 1) AND name_key = OLD.name_key AND dob = coalesce(OLD.dob, '')
      AND person_id = OLD.id"""

def count_up(also: str = "") -> str:
    """+1 for each distinct word of NEW (``also``: a further condition); COUNT_DOWN is -1
    for each of OLD's: a word's count is the number of people having it."""
    return f"""
    INSERT INTO person_name_word_count (word, n)
    SELECT DISTINCT value, 1 FROM json_each({_WORDS.format(row="NEW")})
    WHERE value <> '' {also}
    ON CONFLICT (word) DO UPDATE SET n = n + 1"""


COUNT_DOWN = f"""
    UPDATE person_name_word_count SET n = n - 1
    WHERE word IN (SELECT value FROM json_each({_WORDS.format(row="OLD")}))"""

TRIGGERS = {
    "person_name_word_insert": f"""
        CREATE TRIGGER person_name_word_insert AFTER INSERT ON person
        WHEN NEW.merged_into IS NULL BEGIN {ADD_WORDS}; {count_up()}; END""",
    "person_name_word_update": f"""
        CREATE TRIGGER person_name_word_update
        AFTER UPDATE OF name_key, dob, merged_into ON person BEGIN
            {COUNT_DOWN} AND OLD.merged_into IS NULL;
            {DROP_WORDS};
            {ADD_WORDS} AND NEW.merged_into IS NULL;
            {count_up('AND NEW.merged_into IS NULL')};
        END""",
    "person_name_word_delete": f"""
        CREATE TRIGGER person_name_word_delete AFTER DELETE ON person BEGIN
            {COUNT_DOWN} AND OLD.merged_into IS NULL;
            {DROP_WORDS};
        END""",
}


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch "move and copy" would drop person's triggers.
    op.add_column("person", sa.Column("old_id_number", sa.String(32)))
    op.create_index("ix_person_old_id_number", "person", ["old_id_number"],
                    sqlite_where=sa.text("old_id_number IS NOT NULL"))
    op.execute("""
        CREATE TABLE person_name_word (
            word TEXT NOT NULL, rank INTEGER NOT NULL, name_key TEXT NOT NULL, dob TEXT NOT NULL,
            person_id VARCHAR(36) NOT NULL,
            PRIMARY KEY (word, rank, name_key, dob, person_id)) WITHOUT ROWID""")
    # In key order: appended to the table's end, not scattered over a growing tree (a
    # million people's three million words, on a laptop's small page cache).
    every_person = _ROWS.format(row="person").replace("FROM json_each", "FROM person, json_each")
    op.execute("INSERT OR IGNORE INTO person_name_word (word, rank, name_key, dob, person_id)"
               + every_person + " AND person.merged_into IS NULL ORDER BY 1, 2, 3, 4, 5")
    op.execute("CREATE TABLE person_name_word_count ("
               " word TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    op.execute("INSERT INTO person_name_word_count (word, n)"
               " SELECT word, count(DISTINCT person_id) FROM person_name_word GROUP BY word")
    op.execute("CREATE INDEX ix_person_phone_tail ON person (substr(phone, -4), phone) "
               "WHERE merged_into IS NULL AND phone IS NOT NULL")
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP INDEX ix_person_phone_tail")
    op.execute("DROP TABLE person_name_word_count")
    op.execute("DROP TABLE person_name_word")
    op.drop_index("ix_person_old_id_number", "person")
    op.drop_column("person", "old_id_number")
