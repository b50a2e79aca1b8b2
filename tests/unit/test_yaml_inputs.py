"""Hostile YAML files for every loader that reads one: each is refused with a ConfigError.

The loaders are the 5C questionnaire, the 5W checklist, the expert rule tree,
the industry benchmarks and the ``--params`` file of ``creditkit report``. Each
probe starts from a small valid file, breaks one thing and checks that the
message names the file, the line and the key (or, for a file that cannot be
read as YAML at all, what is wrong with it).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

from creditkit import cli
from creditkit._checks import MAX_ALIAS_EXPANSION, load_yaml
from creditkit.errors import ConfigError, EvaluationError
from creditkit.evaluation import (
    five_c_score,
    five_w_check,
    load_benchmarks,
    load_five_w_checklist,
    load_questionnaire,
    load_rule_tree,
)

QUESTIONNAIRE = """\
name: {zh: 问卷, en: Questionnaire}
dimensions:
  character:
    weight: 1
    questions:
      - id: pays
        weight: 1
        answers:
          - {key: good, points: 2}
          - {key: bad, points: 0}
"""

CHECKLIST = """\
items:
  - id: legal_name
    w: who
    type: text
  - id: credit_reason
    w: why
    type: choice
    choices: [industry_practice, cash_shortage]
    risky_values: [cash_shortage]
  - id: years
    w: who
    type: number
    min: 2
"""

TREE = """\
root: a
nodes:
  a:
    feature: x
    op: "<"
    value: 1
    if_yes: b
    if_no: c
  b:
    feature: y
    op: ">="
    value: 2
    if_yes: c
    if_no: d
  c: {decision: approve}
  d: {decision: decline}
"""

BENCHMARKS = """\
source: mine
industries:
  x:
    name: {zh: 制造业, en: Manufacturing}
    ratios:
      current_ratio: [1, 2, 3, 4, 5]
      debt_to_assets: [0.3, 0.4, 0.5, 0.6, 0.7]
"""

PARAMS = """\
as_of: 2025-06-30
lang: en
"""


def _bomb(levels=9, width=9):
    """A "billion laughs" block: ``levels`` anchors, each holding ``width`` aliases of the one before."""
    lines = ["lols:", "  l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _edit(text, old, new):
    assert old in text, old  # the probe must really change the base file
    return text.replace(old, new, 1)


def _params(path):
    return cli._load_params_file(str(path))


# (id, loader, base file name, content, line, fragments that the message must hold)
PROBES = [
    # --- 5C questionnaire
    ("5c-top-level-list", load_questionnaire, "q.yaml", "- character\n- capacity\n", 1,
     ["mapping", "top level", "5C questionnaire"]),
    ("5c-unknown-top-key", load_questionnaire, "q.yaml", _edit(QUESTIONNAIRE, "dimensions:", "dimentions:"),
     2, ["'dimentions'"]),
    ("5c-unknown-dimension", load_questionnaire, "q.yaml", _edit(QUESTIONNAIRE, "  character:", "  charactor:"), 3,
     ["'charactor'", "'character'"]),
    ("5c-weight-is-text", load_questionnaire, "q.yaml", _edit(QUESTIONNAIRE, "    weight: 1\n", "    weight: high\n"), 4,
     ["'weight'", "number", "'high'"]),
    ("5c-questions-is-mapping", load_questionnaire, "q.yaml",
     _edit(QUESTIONNAIRE, "    questions:\n      - id: pays", "    questions:\n      pays:\n        id: pays"), 5,
     ["'questions'", "a list"]),
    ("5c-question-lacks-answers", load_questionnaire, "q.yaml",
     QUESTIONNAIRE.split("        answers:")[0], 6, ["'answers'", "question 1 of dimension 'character'"]),
    ("5c-answer-key-yes-unquoted", load_questionnaire, "q.yaml", _edit(QUESTIONNAIRE, "key: good", "key: yes"), 9,
     ["'key'", "quotes"]),
    ("5c-points-negative", load_questionnaire, "q.yaml", _edit(QUESTIONNAIRE, "points: 0", "points: -1"), 10,
     ["'points'", "-1"]),
    ("5c-weight-written-twice", load_questionnaire, "q.yaml",
     _edit(QUESTIONNAIRE, "        weight: 1\n", "        weight: 1\n        weight: 3\n"), 8, ["'weight'", "twice", "line 7"]),
    ("5c-not-utf8", load_questionnaire, "q.yaml", QUESTIONNAIRE.encode("gbk"), 1, ["UTF-8"]),
    # --- 5W checklist
    ("5w-items-is-mapping", load_five_w_checklist, "w.yaml", "items:\n  legal_name: {w: who}\n", 1,
     ["'items'", "a list"]),
    ("5w-unknown-item-key", load_five_w_checklist, "w.yaml", _edit(CHECKLIST, "    type: text", "    requried: true"), 4,
     ["'requried'", "item 1 of 5W checklist"]),
    ("5w-unknown-w", load_five_w_checklist, "w.yaml", _edit(CHECKLIST, "w: why", "w: whom"), 6, ["'w'", "'whom'"]),
    ("5w-choice-without-choices", load_five_w_checklist, "w.yaml",
     _edit(CHECKLIST, "    choices: [industry_practice, cash_shortage]\n    risky_values: [cash_shortage]\n", ""), 7,
     ["'credit_reason'", "choices"]),
    ("5w-risky-value-not-a-choice", load_five_w_checklist, "w.yaml",
     _edit(CHECKLIST, "risky_values: [cash_shortage]", "risky_values: [cash_shortfall]"), 9,
     ["'risky_values'", "'cash_shortfall'"]),
    ("5w-min-is-text", load_five_w_checklist, "w.yaml", _edit(CHECKLIST, "min: 2", "min: two"), 13, ["'min'", "'two'"]),
    # --- expert rule tree
    ("tree-branch-to-missing-node", load_rule_tree, "t.yaml", _edit(TREE, "if_no: d", "if_no: nowhere"), 14,
     ["'if_no'", "'nowhere'", "node 'b'"]),
    ("tree-root-to-missing-node", load_rule_tree, "t.yaml", _edit(TREE, "root: a", "root: start"), 1, ["'root'", "'start'"]),
    ("tree-lacks-root", load_rule_tree, "t.yaml", _edit(TREE, "root: a\n", ""), 1, ["'root'", "lacks"]),
    ("tree-node-is-a-list", load_rule_tree, "t.yaml", _edit(TREE, "  d: {decision: decline}", "  d: [decision, decline]"), 16,
     ["'d'", "a mapping"]),
    ("tree-leaf-with-question-key", load_rule_tree, "t.yaml",
     _edit(TREE, "  c: {decision: approve}", "  c: {decision: approve,\n      feature: z}"), 16, ["'feature'", "leaf node 'c'"]),
    ("tree-unknown-op", load_rule_tree, "t.yaml", _edit(TREE, 'op: ">="', 'op: "=>"'), 11, ["'op'", "'=>'"]),
    ("tree-value-is-mapping", load_rule_tree, "t.yaml", _edit(TREE, "value: 2", "value: {min: 2}"), 12, ["'value'"]),
    ("tree-cycle", load_rule_tree, "t.yaml", _edit(TREE, "if_yes: c", "if_yes: a"), 13,
     ["cycle", "a → b → a", "'if_yes'"]),
    ("tree-invalid-yaml", load_rule_tree, "t.yaml", _edit(TREE, "  c: {decision: approve}", "  c: {decision: approve"), 16,
     ["not valid YAML", "column"]),
    ("tree-alias-bomb", load_rule_tree, "t.yaml", TREE + _bomb(), 23, ["&l5", "aliases"]),
    ("tree-alias-inside-itself", load_rule_tree, "t.yaml", _edit(TREE, "  d: {decision: decline}", "  d: &d {decision: *d}"),
     16, ["*d"]),
    # --- industry benchmarks
    ("bench-four-quantiles", load_benchmarks, "b.yaml", _edit(BENCHMARKS, "[1, 2, 3, 4, 5]", "[1, 2, 3, 4]"), 6,
     ["'current_ratio'", "5 ascending"]),
    ("bench-quantile-is-text", load_benchmarks, "b.yaml", _edit(BENCHMARKS, "0.5, 0.6", "half, 0.6"), 7,
     ["'debt_to_assets'", "item 3", "'half'"]),
    ("bench-unknown-ratio", load_benchmarks, "b.yaml", _edit(BENCHMARKS, "current_ratio:", "curent_ratio:"), 6,
     ["'curent_ratio'"]),
    ("bench-unknown-industry-key", load_benchmarks, "b.yaml", _edit(BENCHMARKS, "    ratios:", "    ratio:"), 5,
     ["'ratio'", "industry 'x'"]),
    ("bench-industries-is-list", load_benchmarks, "b.yaml", "industries:\n  - manufacturing\n", 1, ["'industries'", "a mapping"]),
    ("bench-impossible-date", load_benchmarks, "b.yaml", _edit(BENCHMARKS, "source: mine", "source: 2025-02-30"), 1,
     ["2025-02-30", "'source'"]),
    ("bench-not-utf8", load_benchmarks, "b.yaml", BENCHMARKS.encode("gbk"), 4, ["UTF-8"]),
    # --- parameters file of `creditkit report`
    ("params-top-level-list", _params, "p.yaml", "- as_of\n- lang\n", 1, ["mapping", "parameters file"]),
    ("params-invalid-yaml", _params, "p.yaml", _edit(PARAMS, "lang: en", "lang: [en"), 3, ["not valid YAML", "column 1"]),
    ("params-not-utf8", _params, "p.yaml", "lang: 中文\n".encode("gbk"), 1, ["UTF-8"]),
    ("params-name-not-text", _params, "p.yaml", PARAMS + "2025: x\n", 3, ["2025", "names"]),
    ("params-key-twice", _params, "p.yaml", PARAMS + "lang: zh\n", 3, ["'lang'", "twice"]),
    ("params-alias-bomb", _params, "p.yaml", PARAMS + _bomb(), 9, ["&l5"]),
]


@pytest.mark.parametrize(("loader", "name", "content", "line", "fragments"),
                         [p[1:] for p in PROBES], ids=[p[0] for p in PROBES])
def test_hostile_file_is_a_config_error_naming_file_line_and_key(tmp_path, loader, name, content, line, fragments):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        loader(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}"), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_probes_cover_every_loader():
    loaders = {p[1] for p in PROBES}
    assert loaders == {load_questionnaire, load_five_w_checklist, load_rule_tree, load_benchmarks, _params}
    assert len(PROBES) >= 17


def test_alias_bomb_is_measured_not_expanded():
    # 9 levels of 9 aliases: only 72 aliases, but 9**9 (387 million) strings written out
    text = _bomb()
    assert text.count("*") < 100
    with pytest.raises(ConfigError, match=f"more than {MAX_ALIAS_EXPANSION:,}"):
        load_yaml(text, name="bomb.yaml")


def test_meaning_errors_are_also_evaluation_errors(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(_edit(TREE, "if_no: d", "if_no: nowhere"), encoding="utf-8")
    with pytest.raises(EvaluationError, match="nowhere"):
        load_rule_tree(path)


@pytest.mark.parametrize("loader", [load_questionnaire, load_five_w_checklist, load_rule_tree, load_benchmarks])
@pytest.mark.parametrize("path", [42, ["q.yaml"], "dimensions:\n  character: {}\n"])
def test_path_of_the_wrong_kind_is_a_type_error(loader, path):
    with pytest.raises(TypeError, match="path"):
        loader(path)


def test_small_valid_files_load(tmp_path):
    files = {"q.yaml": QUESTIONNAIRE, "w.yaml": CHECKLIST, "t.yaml": TREE, "b.yaml": BENCHMARKS, "p.yaml": PARAMS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    q = load_questionnaire(tmp_path / "q.yaml")
    assert five_c_score({"pays": "bad"}, questionnaire=q).score == 0
    w = load_five_w_checklist(tmp_path / "w.yaml")
    assert five_w_check({"legal_name": "甲", "credit_reason": "cash_shortage", "years": 5}, checklist=w).n_risky == 1
    t = load_rule_tree(tmp_path / "t.yaml")
    assert t.nodes["b"]["if_no"] == "d" and t.features == ["x", "y"]
    b = load_benchmarks(tmp_path / "b.yaml")
    assert b.loc[("x", "current_ratio"), "p50"] == 3 and b.attrs["industries"]["x"]["en"] == "Manufacturing"
    assert _params(tmp_path / "p.yaml") == {"as_of": "2025-06-30", "lang": "en"}


def test_shared_answer_scale_through_an_alias(tmp_path):
    # a few aliases for a repeated answer scale are what aliases are for: allowed
    text = _edit(QUESTIONNAIRE, "        answers:\n", "        answers: &scale\n") + (
        "      - id: talks\n        weight: 1\n        answers: *scale\n"
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    q = load_questionnaire(path)
    assert q.questions.index.tolist() == ["pays", "talks"]
    assert (q.answers["question"] == "talks").sum() == 2


def test_question_id_used_twice(tmp_path):
    text = QUESTIONNAIRE + "      - id: pays\n        weight: 1\n        answers: [{key: a, points: 1}]\n"
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError) as info:
        load_questionnaire(path)
    assert str(info.value).startswith(f"{path}, line 11") and "'pays'" in str(info.value) and "line 6" in str(info.value)


def test_packaged_files_still_load():
    q = load_questionnaire()
    assert q.dimensions.index.tolist() == ["character", "capacity", "capital", "collateral", "conditions"]
    assert len(q.questions) == 12
    c = load_five_w_checklist()
    assert len(c) == 12 and set(c["w"]) == {"who", "what", "why", "when", "how"}
    t = load_rule_tree()
    assert t.root == "history" and len(t.nodes) == 9
    b = load_benchmarks()
    assert b.index.get_level_values("industry").unique().tolist() == [
        "manufacturing", "wholesale_retail", "construction", "services"]
    assert b.attrs["industries"]["construction"] == {"zh": "建筑业", "en": "Construction"}


def test_packaged_files_read_by_path_give_the_same_tables(tmp_path):
    data = resources.files("creditkit.evaluation") / "data"
    for loader, name in [(load_questionnaire, "five_c_questionnaire.yaml"), (load_five_w_checklist, "five_w_checklist.yaml"),
                         (load_benchmarks, "industry_benchmarks.yaml")]:
        copy = tmp_path / name
        copy.write_bytes((data / name).read_bytes())
        by_path, default = loader(copy), loader()
        if isinstance(default, pd.DataFrame):
            pd.testing.assert_frame_equal(by_path, default)
        else:
            for field in ("dimensions", "questions", "answers"):
                pd.testing.assert_frame_equal(getattr(by_path, field), getattr(default, field))
    copy = tmp_path / "expert_rule_tree.yaml"
    copy.write_bytes((data / "expert_rule_tree.yaml").read_bytes())
    assert load_rule_tree(copy) == load_rule_tree()


def test_params_dates_become_iso_text():
    import datetime as dt

    plain = cli._plain_parameter
    assert plain(dt.date(2025, 6, 30)) == "2025-06-30"
    assert plain(dt.datetime(2025, 6, 30, 8, 5)) == "2025-06-30T08:05:00"
    assert plain({"ends": [dt.date(2025, 1, 31), 3, "x"]}) == {"ends": ["2025-01-31", 3, "x"]}
    assert type(plain(load_yaml("a: {b: [1]}\n"))["a"]) is dict


def test_bad_params_file_exits_2_with_the_message(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(PARAMS + _bomb(), encoding="utf-8")
    assert cli.main(["report", "00_welcome", "--params", str(path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 9" in err and "aliases" in err



def test_merge_key_override_is_not_a_repeated_key():
    data = load_yaml("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n", name="m.yaml")
    assert data["item"] == {"x": 1, "y": 3}
    assert data["item"].lines == {"x": 1, "y": 4}


def test_pure_python_parser_reads_and_refuses_alike(monkeypatch):
    import sys

    import yaml

    from creditkit import _checks

    text = TREE + "extra:\n  base: &b {x: 1}\n  item: {<<: *b, y: [2, 3]}\n"
    fast = load_yaml(text, name="t.yaml")
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # as if PyYAML had been built without libyaml
    monkeypatch.setattr(_checks, "_LOADER", None)
    assert _checks._base_loader() is yaml.SafeLoader
    slow = load_yaml(text, name="t.yaml")
    assert slow == fast and slow["extra"]["item"].lines == fast["extra"]["item"].lines
    assert slow["extra"]["item"]["y"].lines == fast["extra"]["item"]["y"].lines == [19, 19]
    with pytest.raises(ConfigError, match="line 23: .*&l5"):
        load_yaml(TREE + _bomb(), name="t.yaml")
    with pytest.raises(ConfigError, match="line 3, column 1: not valid YAML"):
        load_yaml(_edit(PARAMS, "lang: en", "lang: [en"), name="p.yaml")
