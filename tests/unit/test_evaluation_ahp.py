"""AHP weights and consistency (creditkit.evaluation.ahp)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.evaluation import EvaluationError, RANDOM_INDEX, ahp_score, ahp_weights, pairwise_matrix

# Saaty-style "choosing a leader" example (Wikipedia, "Analytic hierarchy process –
# leader example"): criteria experience, education, charisma, age; published
# priorities .547, .127, .270, .056 and CR = 0.044.
LEADER = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]
LEADER_LABELS = ["experience", "education", "charisma", "age"]


def test_random_index_is_saatys_table():
    assert [RANDOM_INDEX[n] for n in range(1, 11)] == [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def test_leader_example_weights_and_consistency():
    res = ahp_weights(LEADER, labels=LEADER_LABELS)
    assert res.weights.tolist() == pytest.approx([0.547, 0.127, 0.270, 0.056], abs=1e-3)
    assert res.lambda_max == pytest.approx(4.1184, abs=1e-4)
    assert res.ci == pytest.approx((res.lambda_max - 4) / 3)
    assert res.cr == pytest.approx(res.ci / 0.90)
    assert res.cr == pytest.approx(0.044, abs=5e-4)
    assert res.consistent and res.worst_pair is None
    assert res.weights.sum() == pytest.approx(1.0)


def test_dataframe_input_keeps_labels():
    df = pd.DataFrame(LEADER, index=LEADER_LABELS, columns=LEADER_LABELS)
    res = ahp_weights(df)
    assert list(res.weights.index) == LEADER_LABELS
    assert res.n == 4


def test_ndarray_input_and_default_labels():
    res = ahp_weights(np.array(LEADER))
    assert list(res.weights.index) == ["c1", "c2", "c3", "c4"]


def test_consistent_matrix_has_zero_cr_and_lambda_n():
    w = np.array([0.5, 0.3, 0.2])
    res = ahp_weights(w[:, None] / w[None, :])
    assert res.weights.to_numpy() == pytest.approx(w)
    assert res.lambda_max == pytest.approx(3.0)
    assert res.cr == pytest.approx(0.0, abs=1e-9)


def test_inconsistent_matrix_is_flagged_with_worst_pair():
    # a > b (3), b > c (3) but c > a (3): a cycle
    m = [[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]
    res = ahp_weights(m, labels=["capacity", "capital", "collateral"])
    assert res.cr >= 0.10
    assert not res.consistent
    assert res.worst_pair is not None and len(res.worst_pair) == 2
    assert res.worst_pair_suggestion > 0


def test_worst_pair_is_the_perturbed_judgement():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    m = w[:, None] / w[None, :]
    m[0, 3], m[3, 0] = 1 / 5, 5  # should be 4, made 1/5
    res = ahp_weights(m, labels=list("abcd"))
    assert not res.consistent
    assert set(res.worst_pair) == {"a", "d"}


def test_two_by_two_is_always_consistent():
    res = ahp_weights([[1, 3], [1 / 3, 1]])
    assert res.weights.tolist() == pytest.approx([0.75, 0.25])
    assert res.cr == 0.0


def test_rounded_reciprocals_are_accepted():
    res = ahp_weights([[1, 3, 5], [0.333, 1, 2], [0.2, 0.5, 1]])
    assert res.weights.sum() == pytest.approx(1.0)


def test_non_reciprocal_matrix_is_an_error():
    with pytest.raises(EvaluationError, match="reciprocal"):
        ahp_weights([[1, 3], [3, 1]])


def test_non_positive_entry_is_an_error():
    with pytest.raises(EvaluationError, match="positive"):
        ahp_weights([[1, 0], [0, 1]])


def test_negative_entry_is_an_error():
    with pytest.raises(EvaluationError, match="positive"):
        ahp_weights([[1, -2], [-0.5, 1]])


def test_diagonal_must_be_one():
    with pytest.raises(EvaluationError, match="diagonal"):
        ahp_weights([[2, 3], [1 / 3, 1]])


def test_non_square_is_an_error():
    with pytest.raises(EvaluationError, match="square"):
        ahp_weights([[1, 2, 3], [0.5, 1, 2]])


def test_too_many_criteria_is_an_error():
    with pytest.raises(EvaluationError, match="n ≤ 10"):
        ahp_weights(np.ones((11, 11)))


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        ahp_weights("1,2;3,4")


def test_text_entries_are_a_type_error():
    with pytest.raises(TypeError):
        ahp_weights([["a", "b"], ["c", "d"]])


def test_mismatched_dataframe_labels_are_an_error():
    df = pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["b", "a"])
    with pytest.raises(EvaluationError):
        ahp_weights(df)


def test_bad_threshold_is_an_error():
    with pytest.raises(ValueError):
        ahp_weights([[1, 2], [0.5, 1]], threshold=0)


def test_pairwise_matrix_builds_reciprocal():
    m = pairwise_matrix({("a", "b"): 3, ("a", "c"): 5, ("c", "b"): 1 / 2}, ["a", "b", "c"])
    assert m.loc["b", "a"] == pytest.approx(1 / 3)
    assert m.loc["b", "c"] == pytest.approx(2.0)
    assert np.allclose(m.to_numpy() * m.to_numpy().T, 1)


def test_pairwise_matrix_missing_pair_is_an_error():
    with pytest.raises(EvaluationError, match="missing"):
        pairwise_matrix({("a", "b"): 3}, ["a", "b", "c"])


def test_pairwise_matrix_repeated_pair_is_an_error():
    with pytest.raises(EvaluationError, match="twice"):
        pairwise_matrix({("a", "b"): 3, ("b", "a"): 1 / 3}, ["a", "b"])


def test_ahp_score_weighted_sum():
    res = ahp_weights(LEADER, labels=LEADER_LABELS)
    scores = {"experience": 80, "education": 60, "charisma": 70, "age": 50}
    expected = sum(res.weights[k] * v for k, v in scores.items())
    assert ahp_score(res, scores) == pytest.approx(expected)


def test_ahp_score_missing_criterion_is_an_error():
    with pytest.raises(EvaluationError):
        ahp_score(pd.Series({"a": 0.5, "b": 0.5}), {"a": 1})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=10), min_size=3, max_size=8))
def test_consistent_matrices_recover_their_weights(raw):
    w = np.array(raw) / np.sum(raw)
    res = ahp_weights(w[:, None] / w[None, :])
    assert res.weights.to_numpy() == pytest.approx(w, rel=1e-6, abs=1e-9)
    assert res.cr == pytest.approx(0.0, abs=1e-7)
    assert res.consistent
