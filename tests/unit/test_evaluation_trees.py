"""Expert rule tree and learned tree (creditkit.evaluation.trees)."""

import numpy as np
import pandas as pd
import pytest

from creditkit.errors import SchemaError
from creditkit.evaluation import (
    UCI_COST_MATRIX,
    EvaluationError,
    apply_rule_tree,
    cost_threshold,
    credit_cost,
    fit_credit_tree,
    load_rule_tree,
    tree_features,
    tree_rules,
)

TREE = load_rule_tree()
CUSTOMERS = pd.DataFrame(
    {
        "max_days_overdue_12m": [10, 10, 10, 10, 60, 60],
        "years_in_business": [5, 5, 1, 1, 9, 9],
        "current_ratio": [1.5, 0.9, 1.5, 1.5, 2.0, 2.0],
        "order_amount": [0, 0, 50_000, 500_000, 0, 0],
        "has_guarantee": [False, False, False, True, True, False],
    },
    index=["c1", "c2", "c3", "c4", "c5", "c6"],
)


def test_rule_tree_decisions_and_paths():
    out = apply_rule_tree(TREE, CUSTOMERS, lang="en")
    assert out["decision"].tolist() == [
        "approve", "approve_reduced", "approve_reduced", "approve_secured", "approve_secured", "cash_only",
    ]
    assert out.loc["c4", "path"] == "history:yes > years:no > new_firm_order:no > guarantee:yes"
    assert out.loc["c6", "path"] == "history:no > guarantee:no"
    assert out.loc["c6", "path_text"].endswith("Decline credit: cash only")


def test_rule_tree_only_needs_facts_on_the_path():
    out = apply_rule_tree(TREE, {"max_days_overdue_12m": 90, "has_guarantee": False})
    assert out.loc[0, "decision"] == "cash_only"


def test_rule_tree_missing_fact_is_a_schema_error():
    with pytest.raises(SchemaError, match="years_in_business"):
        apply_rule_tree(TREE, {"max_days_overdue_12m": 0})


def test_rule_tree_features():
    assert TREE.features == ["current_ratio", "has_guarantee", "max_days_overdue_12m", "order_amount", "years_in_business"]


def test_rule_tree_bad_child_is_an_error(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("root: a\nnodes:\n  a: {feature: x, op: '<', value: 1, if_yes: b, if_no: nowhere}\n"
                 "  b: {decision: ok}\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="nowhere"):
        load_rule_tree(p)


def test_rule_tree_cycle_is_an_error(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("root: a\nnodes:\n  a: {feature: x, op: '<', value: 1, if_yes: b, if_no: c}\n"
                 "  b: {feature: x, op: '<', value: 0, if_yes: a, if_no: c}\n  c: {decision: ok}\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="cycle"):
        load_rule_tree(p)


def test_rule_tree_bad_operator_is_an_error(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("root: a\nnodes:\n  a: {feature: x, op: '~', value: 1, if_yes: b, if_no: b}\n  b: {decision: ok}\n",
                 encoding="utf-8")
    with pytest.raises(EvaluationError, match="op"):
        load_rule_tree(p)


def test_apply_rule_tree_type_error():
    with pytest.raises(TypeError):
        apply_rule_tree({"root": "a"}, CUSTOMERS)


def test_uci_cost_matrix():
    assert UCI_COST_MATRIX.loc["bad", "accept"] == 5 and UCI_COST_MATRIX.loc["good", "reject"] == 1


def test_credit_cost_worked():
    c = credit_cost([0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 1, 1])
    assert c["bad_accepted"] == 1 and c["good_rejected"] == 1
    assert c["total_cost"] == 6.0 and c["average_cost"] == 1.0
    assert c["accuracy"] == pytest.approx(4 / 6)
    assert c["confusion"].loc["bad", "accept"] == 1


def test_credit_cost_bad_labels_are_an_error():
    with pytest.raises(ValueError, match="y_pred"):
        credit_cost([0, 1], [0, 2])


def test_credit_cost_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="equal length"):
        credit_cost([0, 1], [0])


def test_cost_threshold():
    assert cost_threshold() == pytest.approx(1 / 6)
    assert cost_threshold(cost_bad_accepted=1, cost_good_rejected=1) == 0.5
    with pytest.raises(ValueError):
        cost_threshold(cost_bad_accepted=-1)


def test_tree_features_one_hot():
    X, y = tree_features(pd.DataFrame({"housing": ["own", "rent", "own"], "age": [30, 40, 50], "x_code": [1, 2, 3],
                                       "bad": [0, 1, 0]}))
    assert X.columns.tolist() == ["age", "housing=own", "housing=rent"]
    assert y.tolist() == [0, 1, 0]


def test_learned_tree_rules_on_german_credit():
    from creditkit.datasets import load_german

    X, y = tree_features(load_german())
    model = fit_credit_tree(X, y, max_depth=2, min_samples_leaf=50)
    rules = tree_rules(model)
    assert len(rules) == 4 and rules["n"].sum() == 1000
    assert rules["rule"].str.startswith("IF ").all()
    assert "checking_status" in rules["rule"].iloc[0]
    # the leaves' bad rates average back to the sample bad rate (0.30)
    assert np.average(rules["bad_rate"], weights=rules["n"]) == pytest.approx(y.mean())
    X_zh, _ = tree_features(load_german(lang="zh"))  # the same levels, labelled in Chinese
    zh = tree_rules(fit_credit_tree(X_zh, y, max_depth=2, min_samples_leaf=50), lang="zh")
    assert zh["rule"].str.startswith("如果").all()
    assert zh["n"].tolist() == rules["n"].tolist()  # the same tree on the Chinese labels
    assert "支票账户状态 是「无支票账户」" in " ".join(zh["rule"]) and "checking" not in " ".join(zh["rule"])


def test_cost_weighted_tree_is_cheaper_than_plain_tree():
    from creditkit.datasets import load_german

    X, y = tree_features(load_german())
    plain = fit_credit_tree(X, y)
    weighted = fit_credit_tree(X, y, class_weight={0: 1, 1: 5})
    assert credit_cost(y, weighted.predict(X))["average_cost"] < credit_cost(y, plain.predict(X))["average_cost"]
    # unweighted bad rates survive the class weights
    r = tree_rules(weighted)
    assert np.average(r["bad_rate"], weights=r["n"]) == pytest.approx(y.mean())


def test_fit_credit_tree_bad_depth_is_an_error():
    with pytest.raises(ValueError, match="max_depth"):
        fit_credit_tree(pd.DataFrame({"x": [1, 2]}), [0, 1], max_depth=0)


def test_fit_credit_tree_needs_dataframe():
    with pytest.raises(TypeError):
        fit_credit_tree(np.array([[1], [2]]), [0, 1])


def test_tree_rules_needs_fitted_tree():
    with pytest.raises(TypeError):
        tree_rules(object())


def _chain_yaml(n, *, back_to=None):
    """A rule tree of ``n`` nodes in which both answers of node i lead to node i + 1.

    The last node is a leaf, or with ``back_to`` a question leading back to that node.
    """
    lines = ["root: n0", "nodes:"]
    for i in range(n - 1):
        lines.append(f"  n{i}: {{feature: x, op: '>=', value: {i}, if_yes: n{i + 1}, if_no: n{i + 1}}}")
    if back_to is None:
        lines.append(f"  n{n - 1}: {{decision: done}}")
    else:
        lines.append(f"  n{n - 1}: {{feature: x, op: '<', value: 0, if_yes: n{back_to}, if_no: n{back_to}}}")
    return "\n".join(lines) + "\n"


def test_long_chain_tree_loads_and_runs(tmp_path):
    # every node has two ways to the next one: 2**1999 walks, one pass over 2,000 nodes
    p = tmp_path / "chain.yaml"
    p.write_text(_chain_yaml(2000), encoding="utf-8")
    tree = load_rule_tree(p)
    assert len(tree.nodes) == 2000 and tree.is_leaf("n1999")
    out = apply_rule_tree(tree, {"x": 5000})
    assert out.loc[0, "decision"] == "done" and out.loc[0, "path"].count(">") == 1998


class _CountingNodes(dict):
    """Node table that counts look-ups and refuses to go on past a budget."""

    def __init__(self, *args, budget):
        super().__init__(*args)
        self.budget, self.lookups = budget, 0

    def __getitem__(self, key):
        self.lookups += 1
        if self.lookups > self.budget:
            raise AssertionError(f"validation looked up more than {self.budget} nodes")
        return super().__getitem__(key)


def test_validation_looks_each_node_up_once():
    from creditkit.evaluation.trees import _validate_tree

    n = 2000
    nodes = {f"n{i}": {"feature": "x", "op": "<", "value": i, "if_yes": f"n{i + 1}", "if_no": f"n{i + 1}"}
             for i in range(n - 1)}
    nodes[f"n{n - 1}"] = {"decision": "done"}
    counted = _CountingNodes(nodes, budget=2 * n)
    _validate_tree("n0", counted)
    assert counted.lookups <= n


def test_cycle_in_long_chain_is_named(tmp_path):
    p = tmp_path / "loop.yaml"
    p.write_text(_chain_yaml(200, back_to=150), encoding="utf-8")
    with pytest.raises(EvaluationError) as info:
        load_rule_tree(p)
    msg = str(info.value)
    assert msg.startswith(f"{p}, line 202: rule tree has a cycle: n150 → n151")
    assert "n199 → n150 (50 nodes)" in msg and "key 'if_yes'" in msg


def test_cost_matrix_and_cost_defaults_come_from_the_dataset_module():
    import inspect

    from creditkit.datasets import GERMAN_COST_MATRIX
    from creditkit.evaluation import compare_tree_policies
    from creditkit.scorecard.metrics import cutoff_table

    assert (UCI_COST_MATRIX.to_numpy() == GERMAN_COST_MATRIX).all()
    for fn in (credit_cost, cost_threshold, compare_tree_policies, cutoff_table):
        params = inspect.signature(fn).parameters
        assert params["cost_bad_accepted"].default == GERMAN_COST_MATRIX[1, 0]
        assert params["cost_good_rejected"].default == GERMAN_COST_MATRIX[0, 1]
