"""Decision trees for credit approval: an expert rule tree and a learned tree.

(a) The expert tree is data (``data/expert_rule_tree.yaml``): questions a
credit manager asks in turn, ending in a decision. :func:`apply_rule_tree`
runs customers through it and reports the path that decided each.

(b) The learned tree is a scikit-learn ``DecisionTreeClassifier`` fitted on
past customers (German credit); :func:`tree_rules` prints its rules in plain
words and :func:`credit_cost` scores its decisions with the UCI cost matrix
(accepting a bad customer costs 5, rejecting a good one costs 1).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_keys, check_number, yaml_value
from ..datasets import GERMAN_COST_MATRIX
from ..errors import SchemaError
from ..i18n import check_lang, label_or_name
from ._common import file_error, packaged_yaml, yaml_texts

__all__ = [
    "RuleTree",
    "load_rule_tree",
    "apply_rule_tree",
    "tree_features",
    "fit_credit_tree",
    "tree_rules",
    "UCI_COST_MATRIX",
    "credit_cost",
    "cost_threshold",
    "compare_tree_policies",
]

_OPS = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne, "in": lambda a, b: a in b,
}

@dataclass(frozen=True)
class RuleTree:
    """An expert decision tree.

    Attributes
    ----------
    root : str
        Id of the first question.
    nodes : dict
        ``{id: spec}``; a question has ``feature``, ``op``, ``value``, ``if_yes``,
        ``if_no`` and ``text``; a leaf has ``decision`` and ``text``.
    name : dict
        ``{"zh": ..., "en": ...}``.
    """

    root: str
    nodes: dict
    name: dict

    def is_leaf(self, node_id) -> bool:
        """Whether ``node_id`` is a decision."""
        return "decision" in self.nodes[node_id]

    @property
    def features(self) -> list:
        """Customer facts the tree asks about."""
        return sorted({n["feature"] for n in self.nodes.values() if "feature" in n})


_QUESTION_KEYS = ("feature", "op", "value", "text", "if_yes", "if_no")
_LEAF_KEYS = ("decision", "text")
_BRANCHES = ("if_yes", "if_no")


def _validate_tree(root, nodes, *, root_at=None):
    """Check that ``root`` and every branch name a node and that no walk from the root loops.

    One depth-first walk from the root visits each node once (linear in the
    size of the tree). A node still on the walk's path that is reached again
    closes a cycle, which the message spells out (``a → b → a``), at the
    file and line of the branch that closes it.

    Parameters
    ----------
    root : str
    nodes : dict
        ``{id: spec}``, as in :class:`RuleTree`.
    root_at : tuple of (mapping, key), optional
        Where the root was named, for the message when it is not a node.

    Raises
    ------
    EvaluationFileError
        An unknown root or branch, a question without feature/op/value/
        branches, an unknown operator, or a cycle.
    """
    if root not in nodes:
        mapping, key = root_at or ({}, None)
        raise file_error(mapping, key, f"rule tree key 'root' names {root!r}, which is not a node; "
                                       f"nodes are {', '.join(map(repr, list(nodes)[:20]))}")
    for nid, spec in nodes.items():
        if "decision" in spec:
            continue
        for key in ("feature", "op", "value", *_BRANCHES):
            if key not in spec:
                raise file_error(spec, None, f"rule tree node {nid!r} lacks the required key {key!r}")
        if spec["op"] not in _OPS:
            raise file_error(spec, "op", f"rule tree node {nid!r} key 'op' is {spec['op']!r}; use one of {', '.join(_OPS)}")
        for branch in _BRANCHES:
            if spec[branch] not in nodes:
                raise file_error(spec, branch, f"rule tree node {nid!r} key {branch!r} points to unknown node {spec[branch]!r}")

    def branches(nid):
        spec = nodes[nid]
        return iter(()) if "decision" in spec else ((b, spec[b]) for b in _BRANCHES)

    on_path, done = {root}, set()
    path, pending = [root], [branches(root)]
    while pending:
        step = next(pending[-1], None)
        if step is None:
            finished = path.pop()
            on_path.discard(finished)
            done.add(finished)
            pending.pop()
            continue
        branch, child = step
        if child in on_path:
            loop = path[path.index(child):] + [child]
            shown = loop if len(loop) <= 12 else [*loop[:5], "…", *loop[-5:]]
            cycle = " → ".join(shown) + ("" if len(loop) <= 12 else f" ({len(loop) - 1} nodes)")
            raise file_error(nodes[path[-1]], branch, f"rule tree has a cycle: {cycle} "
                                                      f"(node {path[-1]!r} key {branch!r} leads back to {child!r})")
        if child not in done:
            on_path.add(child)
            path.append(child)
            pending.append(branches(child))


def _check_node(nodes, nid):
    """Check the keys and the kinds of value of one node read from YAML."""
    spec = yaml_value(nodes, nid, "mapping", what="rule tree 'nodes'")
    if "decision" in spec:
        check_keys(spec, _LEAF_KEYS, required=("decision",), what=f"leaf node {nid!r}")
        yaml_value(spec, "decision", "text", what=f"leaf node {nid!r}")
    else:
        what = f"question node {nid!r}"
        check_keys(spec, _QUESTION_KEYS, required=("feature", "op", "value", *_BRANCHES), what=what)
        yaml_value(spec, "feature", "text", what=what)
        yaml_value(spec, "op", "text", what=what)
        if spec["op"] == "in":
            values = yaml_value(spec, "value", "list", what=what)
            for i in range(len(values)):
                yaml_value(values, i, ("text", "number", "bool"), what=f"{what} 'value'")
        else:
            yaml_value(spec, "value", ("text", "number", "bool"), what=what)
        for branch in _BRANCHES:
            yaml_value(spec, branch, "text", what=what)
    yaml_texts(spec, "text", what=f"node {nid!r}")
    return spec


def load_rule_tree(path=None):
    """Read an expert rule tree from YAML (default: the packaged one).

    Parameters
    ----------
    path : str or Path, optional
        A file in the layout of the packaged ``data/expert_rule_tree.yaml``:
        ``name`` ({zh, en}), ``root`` (a node id) and ``nodes``, a mapping of
        node ids to questions (``feature``, ``op``, ``value``, ``if_yes``,
        ``if_no``, ``text``) or leaves (``decision``, ``text``).

    Raises
    ------
    TypeError
        ``path`` is not a str or Path.
    ConfigError
        The file cannot be read as YAML, or a node breaks the layout: a leaf
        with a question's key, a question without ``op`` or a branch, a node
        written as a list. The message names file, line and key.
    EvaluationFileError
        An unknown root or branch target, an unknown operator, or a cycle
        (spelled out node by node). It is both a ``ConfigError`` and an
        ``EvaluationError``.

    Examples
    --------
    >>> t = load_rule_tree()
    >>> t.root, t.is_leaf("approve")
    ('history', True)
    """
    what = "rule tree"
    data = packaged_yaml(path, "expert_rule_tree.yaml", what=what)
    check_keys(data, ("name", "root", "nodes"), required=("root", "nodes"), what=what)
    name = yaml_texts(data, "name", what=what)
    root = yaml_value(data, "root", "text", what=what)
    nodes = yaml_value(data, "nodes", "mapping", what=what)
    for nid in nodes:
        if not isinstance(nid, str):
            raise file_error(nodes, nid, f"rule tree node ids must be text, got {nid!r}; write it in quotes")
        _check_node(nodes, nid)
    _validate_tree(root, nodes, root_at=(data, "root"))
    return RuleTree(root, nodes, name)


def apply_rule_tree(tree, customers, *, lang="zh"):
    """Run customers through an expert rule tree.

    Parameters
    ----------
    tree : RuleTree
    customers : pandas.DataFrame or dict
        One row per customer (a dict = one customer) with the facts the tree
        asks about (``tree.features``).
    lang : {"zh", "en"}, default "zh"
        Language of the ``path_text`` column.

    Returns
    -------
    pandas.DataFrame
        Index of ``customers``; columns ``decision``, ``leaf``, ``path``
        (node ids and answers, e.g. ``history:yes > years:no > new_firm_order:yes``)
        and ``path_text`` (the questions and answers in words).

    Raises
    ------
    SchemaError
        A fact the tree needs is missing for a customer on its path.

    Examples
    --------
    >>> t = load_rule_tree()
    >>> out = apply_rule_tree(t, {"max_days_overdue_12m": 10, "years_in_business": 5,
    ...                           "current_ratio": 1.5, "order_amount": 0, "has_guarantee": False})
    >>> out.loc[0, "decision"], out.loc[0, "path"]
    ('approve', 'history:yes > years:yes > liquidity:yes')
    """
    if not isinstance(tree, RuleTree):
        raise TypeError(f"tree must be a RuleTree, got {type(tree).__name__}")
    check_lang(lang)
    if isinstance(customers, dict):
        customers = pd.DataFrame([customers])
    if not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be a DataFrame or dict, got {type(customers).__name__}")
    yes_no = {True: "yes", False: "no"}
    words = {"zh": {"yes": "是", "no": "否"}, "en": {"yes": "yes", "no": "no"}}[lang]
    rows = []
    for idx, row in customers.iterrows():
        nid, steps, texts = tree.root, [], []
        while not tree.is_leaf(nid):
            spec = tree.nodes[nid]
            feat = spec["feature"]
            if feat not in row.index or pd.isna(row[feat]):
                raise SchemaError(f"customer {idx!r}: the tree needs {feat!r} at node {nid!r}, which is missing")
            answer = bool(_OPS[spec["op"]](row[feat], spec["value"]))
            steps.append(f"{nid}:{yes_no[answer]}")
            texts.append(f"{spec.get('text', {}).get(lang, nid)} {words[yes_no[answer]]}")
            nid = spec["if_yes"] if answer else spec["if_no"]
        leaf = tree.nodes[nid]
        texts.append("→ " + leaf.get("text", {}).get(lang, leaf["decision"]))
        rows.append({"decision": leaf["decision"], "leaf": nid, "path": " > ".join(steps), "path_text": " ".join(texts)})
    return pd.DataFrame(rows, index=customers.index)


# --------------------------------------------------------------------------- learned tree

def tree_features(data, *, target="bad", drop_codes=True):
    """One-hot feature table for a tree, with readable column names.

    Categorical columns become ``column=value`` indicator columns; numeric
    columns stay as they are; columns ending in ``_code`` (raw UCI codes) are
    dropped by default.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series or None)
        Features and the target (None when ``target`` is not a column).

    Examples
    --------
    >>> import pandas as pd
    >>> X, y = tree_features(pd.DataFrame({"housing": ["own", "rent"], "age": [30, 40], "bad": [0, 1]}))
    >>> X.columns.tolist(), y.tolist()
    (['age', 'housing=own', 'housing=rent'], [0, 1])
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame, got {type(data).__name__}")
    y = data[target] if target in data.columns else None
    X = data.drop(columns=[target]) if y is not None else data
    if drop_codes:
        X = X.drop(columns=[c for c in X.columns if str(c).endswith("_code")])
    cats = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    X = pd.get_dummies(X, columns=cats, prefix_sep="=", dtype=float)
    return X, y


def fit_credit_tree(X, y, *, max_depth=3, min_samples_leaf=30, class_weight=None, random_state=0):
    """Fit a small, readable decision tree on past customers.

    Parameters
    ----------
    X : pandas.DataFrame
        Features (see :func:`tree_features`).
    y : array-like of {0, 1}
        1 = bad.
    max_depth : int, default 3
        Kept small so that the rules can be read out.
    min_samples_leaf : int, default 30
    class_weight : dict or "balanced", optional
        ``{0: 1, 1: 5}`` makes the tree weigh a bad customer as the UCI cost
        matrix does.
    random_state : int, default 0

    Returns
    -------
    sklearn.tree.DecisionTreeClassifier
        Fitted; ``feature_names_in_`` holds the column names.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"duration_months": [6, 12, 36, 48] * 10})
    >>> y = [0, 0, 1, 1] * 10
    >>> fit_credit_tree(X, y, min_samples_leaf=5).predict(pd.DataFrame({"duration_months": [10, 40]})).tolist()
    [0, 1]
    """
    from sklearn.tree import DecisionTreeClassifier

    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a DataFrame with named columns, got {type(X).__name__}")
    if not isinstance(max_depth, int) or isinstance(max_depth, bool) or max_depth < 1:
        raise ValueError(f"max_depth must be a positive int, got {max_depth!r}")
    model = DecisionTreeClassifier(
        max_depth=max_depth, min_samples_leaf=min_samples_leaf, class_weight=class_weight, random_state=random_state
    )
    return model.fit(X, np.asarray(y))


def _condition(name, threshold, goes_left, lang):
    if "=" in name:
        col, val = name.split("=", 1)
        is_cat = True
    else:
        col, val, is_cat = name, None, False
    if lang == "zh":  # the variable's Chinese label where the catalogue has one
        col = label_or_name(col, "zh")
    if is_cat:
        positive = not goes_left  # left branch: indicator <= 0.5, i.e. not this value
        if lang == "zh":
            return f"{col} {'是' if positive else '不是'}「{val}」"
        return f"{col} is {'' if positive else 'not '}'{val}'"
    op = "<=" if goes_left else ">"
    return f"{col} {op} {threshold:g}"


def tree_rules(model, *, lang="en", feature_names=None):
    """The rules of a fitted tree in plain words, one per leaf.

    Parameters
    ----------
    model : sklearn.tree.DecisionTreeClassifier
        Fitted on 0/1 labels (1 = bad).
    lang : {"zh", "en"}, default "en"
    feature_names : list of str, optional
        Default: ``model.feature_names_in_``.

    Returns
    -------
    pandas.DataFrame
        One row per leaf: ``rule`` (text), ``n`` (training customers),
        ``bad_rate`` (share of bad among them; unweighted when the tree was
        fitted with a ``class_weight`` dict, weighted for ``"balanced"``),
        ``prediction`` (1 = bad) and ``conditions`` (list).

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"duration_months": [6, 12, 36, 48] * 10})
    >>> m = fit_credit_tree(X, [0, 0, 1, 1] * 10, max_depth=1, min_samples_leaf=5)
    >>> tree_rules(m)["rule"].tolist()
    ['IF duration_months <= 24 THEN good', 'IF duration_months > 24 THEN bad']
    """
    check_lang(lang)
    t = getattr(model, "tree_", None)
    if t is None:
        raise TypeError("model must be a fitted sklearn DecisionTreeClassifier")
    names = list(feature_names if feature_names is not None else getattr(model, "feature_names_in_", []))
    if len(names) != t.n_features:
        names = [f"x{i}" for i in range(t.n_features)]
    classes = list(model.classes_)
    bad_col = classes.index(1) if 1 in classes else len(classes) - 1
    rows = []

    def walk(node, conds):
        left, right = t.children_left[node], t.children_right[node]
        if left == right:  # leaf
            n = int(t.n_node_samples[node])
            value = t.value[node][0]
            # value holds (possibly weighted) class fractions; recover the unweighted bad rate
            weights = getattr(model, "class_weight", None)
            frac = value / value.sum()
            if isinstance(weights, dict):
                raw = frac / np.array([weights.get(c, 1.0) for c in classes])
                frac = raw / raw.sum()
            pred = int(classes[int(np.argmax(value))])
            verdict = {("en", 1): "bad", ("en", 0): "good", ("zh", 1): "坏客户", ("zh", 0): "好客户"}[(lang, pred)]
            joiner = " AND " if lang == "en" else " 且 "
            head = ("IF " if lang == "en" else "如果 ") + (joiner.join(conds) if conds else ("always" if lang == "en" else "所有客户"))
            rule = f"{head} {'THEN' if lang == 'en' else '则'} {verdict}"
            rows.append({"rule": rule, "n": n, "bad_rate": float(frac[bad_col]), "prediction": pred, "conditions": list(conds)})
            return
        name, thr = names[t.feature[node]], float(t.threshold[node])
        walk(left, conds + [_condition(name, thr, True, lang)])
        walk(right, conds + [_condition(name, thr, False, lang)])

    walk(0, [])
    return pd.DataFrame(rows)


#: :data:`creditkit.datasets.GERMAN_COST_MATRIX` with labels: rows = actual
#: (good, bad), columns = decision (accept, reject). Accepting a bad customer
#: costs 5, rejecting a good one 1.
UCI_COST_MATRIX = pd.DataFrame(
    GERMAN_COST_MATRIX, index=pd.Index(["good", "bad"], name="actual"),
    columns=pd.Index(["accept", "reject"], name="decision"),
)
_BAD_ACCEPTED = float(GERMAN_COST_MATRIX[1, 0])
_GOOD_REJECTED = float(GERMAN_COST_MATRIX[0, 1])


def credit_cost(y_true, y_pred, *, cost_bad_accepted=_BAD_ACCEPTED, cost_good_rejected=_GOOD_REJECTED):
    """Accuracy and misclassification cost of accept/reject decisions.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        1 = the customer turned out bad.
    y_pred : array-like of {0, 1}
        1 = predicted bad, i.e. rejected.
    cost_bad_accepted : float, default 5
        Cost of accepting a bad customer (UCI German credit).
    cost_good_rejected : float, default 1
        Cost of rejecting a good customer.

    Returns
    -------
    dict
        ``accuracy``, ``total_cost``, ``average_cost`` (per applicant),
        ``bad_accepted``, ``good_rejected``, ``n`` and ``confusion`` (DataFrame
        actual × decision).

    Examples
    --------
    >>> c = credit_cost([0, 0, 1, 1], [0, 1, 0, 1])
    >>> c["accuracy"], c["total_cost"], c["average_cost"]
    (0.5, 6.0, 1.5)
    """
    yt = np.asarray(y_true)
    yp = np.asarray(y_pred)
    if yt.shape != yp.shape or yt.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of equal length, got {yt.shape} and {yp.shape}")
    for name, arr in (("y_true", yt), ("y_pred", yp)):
        if not np.isin(arr, [0, 1]).all():
            raise ValueError(f"{name} must hold only 0 and 1, got values {np.unique(arr)[:5].tolist()!r}")
    cb = check_number("cost_bad_accepted", cost_bad_accepted, low=0)
    cg = check_number("cost_good_rejected", cost_good_rejected, low=0)
    bad_acc = int(((yt == 1) & (yp == 0)).sum())
    good_rej = int(((yt == 0) & (yp == 1)).sum())
    confusion = pd.DataFrame(
        [[int(((yt == 0) & (yp == 0)).sum()), good_rej], [bad_acc, int(((yt == 1) & (yp == 1)).sum())]],
        index=pd.Index(["good", "bad"], name="actual"), columns=pd.Index(["accept", "reject"], name="decision"),
    )
    total = cb * bad_acc + cg * good_rej
    n = len(yt)
    return {"accuracy": float((yt == yp).mean()), "total_cost": float(total), "average_cost": float(total / n),
            "bad_accepted": bad_acc, "good_rejected": good_rej, "n": n, "confusion": confusion}


def cost_threshold(*, cost_bad_accepted=_BAD_ACCEPTED, cost_good_rejected=_GOOD_REJECTED):
    """Probability of bad above which rejecting is cheaper: ``c_good / (c_good + c_bad)``.

    With the UCI costs (5 and 1) a customer should be rejected when
    P(bad) > 1/6.

    Examples
    --------
    >>> round(cost_threshold(), 4)
    0.1667
    """
    cb = check_number("cost_bad_accepted", cost_bad_accepted, low=0)
    cg = check_number("cost_good_rejected", cost_good_rejected, low=0)
    if cb + cg == 0:
        raise ValueError("cost_bad_accepted and cost_good_rejected cannot both be 0")
    return cg / (cb + cg)


def compare_tree_policies(X_train, y_train, X_test, y_test, *, max_depth=3, min_samples_leaf=30,
                          cost_bad_accepted=_BAD_ACCEPTED, cost_good_rejected=_GOOD_REJECTED, random_state=0):
    """Accuracy and cost on a test set of three ways to use a learned tree.

    * ``plain``: a tree fitted without costs, rejecting when it predicts bad;
    * ``cost_weighted``: a tree fitted with class weights ``{0: c_good, 1: c_bad}``;
    * ``cost_threshold``: the plain tree, rejecting when its P(bad) exceeds
      :func:`cost_threshold`.

    Returns
    -------
    pandas.DataFrame
        Index = policy; columns ``accuracy``, ``average_cost``, ``total_cost``,
        ``bad_accepted``, ``good_rejected``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x": list(range(40))}); y = [0] * 30 + [1] * 10
    >>> t = compare_tree_policies(X, y, X, y, min_samples_leaf=5)
    >>> t.index.tolist()
    ['plain', 'cost_weighted', 'cost_threshold']
    """
    cb = check_number("cost_bad_accepted", cost_bad_accepted, low=0)
    cg = check_number("cost_good_rejected", cost_good_rejected, low=0)
    plain = fit_credit_tree(X_train, y_train, max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                            random_state=random_state)
    weighted = fit_credit_tree(X_train, y_train, max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                               class_weight={0: cg, 1: cb}, random_state=random_state)
    bad_col = list(plain.classes_).index(1)
    threshold = cost_threshold(cost_bad_accepted=cb, cost_good_rejected=cg)
    decisions = {
        "plain": plain.predict(X_test),
        "cost_weighted": weighted.predict(X_test),
        "cost_threshold": (plain.predict_proba(X_test)[:, bad_col] > threshold).astype(int),
    }
    keys = ["accuracy", "average_cost", "total_cost", "bad_accepted", "good_rejected"]
    rows = {}
    for name, pred in decisions.items():
        c = credit_cost(np.asarray(y_test), pred, cost_bad_accepted=cb, cost_good_rejected=cg)
        rows[name] = {k: c[k] for k in keys}
    out = pd.DataFrame(rows).T
    out.index.name = "policy"
    return out
