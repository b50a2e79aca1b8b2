"""Fictitious case customers for the workshop notebooks (5C, 5W, statements, panel, AHP, facts, trade).

Each case holds what the evaluation tools need: 5C answers, 5W answers, two
years of statements (Chinese line names), an expert panel's scores, AHP
judgements on the five Cs, facts for the expert rule tree and trade data for
the credit limit. Names and figures are invented.
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd

from .._checks import check_choice, load_yaml
from ..evaluation.ahp import pairwise_matrix
from ..evaluation.customer import SampleCustomer

__all__ = ["SampleCustomer", "sample_customer_ids", "load_sample_customer"]


def _all():
    return load_yaml(files("creditkit.cases") / "data" / "sample_customers.yaml")["customers"]


def sample_customer_ids():
    """Ids of the case customers.

    Examples
    --------
    >>> sample_customer_ids()
    ['C001', 'C002']
    """
    return sorted(_all())


def load_sample_customer(customer_id="C001"):
    """Load a case customer.

    Raises
    ------
    ValueError
        Unknown ``customer_id``.

    Examples
    --------
    >>> c = load_sample_customer("C001")
    >>> c.industry, c.statement.columns.tolist(), c.expert_ratings.shape
    ('manufacturing', [2023, 2024], (5, 5))
    """
    data = _all()
    check_choice("customer_id", customer_id, tuple(sorted(data)))
    c = data[customer_id]
    st = c["statement"]
    statement = pd.DataFrame(st["lines"], index=st["periods"]).T.astype(float)
    er = c["expert_ratings"]
    ratings = pd.DataFrame(er["scores"], index=er["raters"], columns=er["criteria"], dtype=float)
    labels = c["ahp"]["labels"]
    iu = zip(*np.triu_indices(len(labels), 1))
    judgements = {(labels[i], labels[j]): v for (i, j), v in zip(iu, c["ahp"]["upper"])}
    five_w = {k: (None if v == "" else v) for k, v in c["five_w"].items()}
    return SampleCustomer(
        customer_id=customer_id,
        name=c["name"],
        industry=c["industry"],
        five_c={k: str(v) for k, v in c["five_c"].items()},
        five_w=five_w,
        statement=statement,
        expert_ratings=ratings,
        ahp_matrix=pairwise_matrix(judgements, labels),
        facts=dict(c["facts"]),
        trade=dict(c["trade"]),
    )
