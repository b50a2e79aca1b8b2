"""The facts about one customer that the evaluation tools read together."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["SampleCustomer"]


@dataclass(frozen=True)
class SampleCustomer:
    """One customer's evaluation inputs.

    The parts: 5C answers, 5W answers, statements over two or more years
    (Chinese line names as index, periods as columns), an expert panel's
    scores, an AHP pairwise matrix on the five Cs, facts for the expert rule
    tree and trade data for the credit limit. :func:`creditkit.cases.load_sample_customer`
    builds one from the kit's case customers.
    """

    customer_id: str
    name: dict
    industry: str
    five_c: dict
    five_w: dict
    statement: pd.DataFrame
    expert_ratings: pd.DataFrame
    ahp_matrix: pd.DataFrame
    facts: dict
    trade: dict

    def display_name(self, lang="zh") -> str:
        """Name in ``lang``."""
        return self.name.get(lang, self.customer_id)
