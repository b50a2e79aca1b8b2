"""The strategy matrix as a table: one row per step, in ladder order, with labels and bands."""

from __future__ import annotations

import pytest

from creditkit.receivables.collection import DEBTOR_TYPES, ladder_table, load_strategy


def test_every_step_of_every_ladder_in_order():
    s = load_strategy()
    t = ladder_table(s)
    assert list(t["debtor_type"].unique()) == list(DEBTOR_TYPES)
    assert len(t) == sum(len(s.ladders[d]) for d in DEBTOR_TYPES)
    for d in DEBTOR_TYPES:
        rows = t[t["debtor_type"] == d]
        assert rows["step_no"].tolist() == list(range(1, len(s.ladders[d]) + 1))
        assert rows["action"].tolist() == [st["action"] for st in s.ladders[d]]
        assert rows["days"].tolist() == [st["days"] for st in s.ladders[d]]
    assert "action_text" not in t.columns


def test_labels_and_bands_follow_the_language():
    zh = ladder_table(debtor_types=["willing_able"], lang="zh")
    en = ladder_table(debtor_types=["willing_able"], lang="en")
    visit = zh["action"] == "visit"
    # the visit of a willing-and-able customer is for medium and large debts only (min_band: medium)
    assert zh.loc[visit, "bands"].item() == "中额、大额" and en.loc[visit, "bands"].item() == "Medium, Large"
    assert zh.loc[zh["action"] == "call", "bands"].item() == "小额、中额、大额"
    assert en["action_text"].iloc[0] == "Reminder before due"


def test_unknown_type_and_language_are_refused():
    with pytest.raises(ValueError, match="debtor_types"):
        ladder_table(debtor_types=["rich"])
    with pytest.raises(ValueError, match="lang"):
        ladder_table(lang="fr")
