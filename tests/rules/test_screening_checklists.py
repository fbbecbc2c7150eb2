"""The two checklists as data: a code means one thing whichever form asks it (the record
and its audit show one label, the suggestion one outcome), and each form asks what it must."""

from desktop_app.rules.screening import Outcome, checklist, suggested_outcome


def test_a_code_both_forms_ask_means_the_same_in_each():
    child, adult = {i.code: i for i in checklist(7).items}, {i.code: i for i in checklist(40).items}
    for code in child.keys() & adult.keys():
        assert child[code] == adult[code], code


def test_children_are_not_asked_pregnancy_and_are_sent_to_hospital_for_heart_disease():
    child = checklist(17)
    assert not [c for c in child.codes() if "PREGNANT" in c]
    for code in ("CONGENITAL_OR_CHRONIC_DISEASE", "HEART_LUNG_SOUNDS_ABNORMAL"):
        assert suggested_outcome([code]) == Outcome.REFER


def test_age_not_known_asks_every_item_of_both_once():
    both = [i.code for i in checklist(None).items]
    assert len(both) == len(set(both))
    assert set(both) == checklist(7).codes() | checklist(40).codes()
