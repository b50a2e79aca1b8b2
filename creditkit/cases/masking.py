"""A case world with stable pseudonyms for its customers (see :mod:`creditkit.receivables.masking`).

Examples
--------
>>> from creditkit.cases import load_case
>>> w = load_case("manufacturing", n_customers=5, months=6, start="2025-01-01")
>>> m = mask_world(w)
>>> set(m.customers["customer_name"]) & set(w.customers["customer_name"])
set()
>>> bool(m.ledger["customer_id"].isin(m.customers["customer_id"]).all())
True
"""

from __future__ import annotations

import dataclasses

from ..receivables.masking import DEFAULT_KEY, is_text, mask_ledger, mask_text, pseudonyms
from .generator import CaseWorld

__all__ = ["mask_world", "mask_customer"]


def mask_world(world: CaseWorld, *, key: str = DEFAULT_KEY, lang: str = "zh") -> CaseWorld:
    """The same world with every customer id and name replaced by its pseudonym, in every table.

    Parameters
    ----------
    world : CaseWorld
    key : str, default :data:`~creditkit.receivables.masking.DEFAULT_KEY`
    lang : {"zh", "en"}, default "zh"
        Language of the pseudonymous names.

    Returns
    -------
    CaseWorld
        Customers, statements, ledger, answer key and shocks masked alike, so
        every figure computed from it is the figure of the real world.
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    cust = world.customers
    codes = pseudonyms(cust["customer_id"], key=key, lang=lang)
    ledger = mask_ledger(world.ledger, key=key, lang=lang, extra=zip(cust["customer_id"], cust["customer_name"]))
    words = ledger.attrs["replacements"]

    def ids(frame):
        out = frame.copy()
        if "customer_id" in out:
            out["customer_id"] = [codes[str(v)][0] if str(v) in codes else v for v in out["customer_id"]]
        for c in out.columns:
            if c != "customer_id" and is_text(out[c]):
                out[c] = mask_text(out[c], words)
        return out

    customers = ids(cust.drop(columns="customer_name"))
    customers.insert(1, "customer_name", [codes[str(i)][1] for i in cust["customer_id"]])
    return dataclasses.replace(world, customers=customers, ledger=ledger, statements=ids(world.statements),
                               answer_key=ids(world.answer_key), shocks=ids(world.shocks))


def mask_customer(world, ledger, customer_id=None, *, key: str = DEFAULT_KEY, lang: str = "zh"):
    """Pseudonyms for one customer's credit file: the world (or the ledger alone) masked, and the customer's code.

    Parameters
    ----------
    world : CaseWorld or None
        The case world; None for a user's ledger.
    ledger : DataFrame
        The canonical ledger table (the world's, or the user's).
    customer_id : str, optional
        The real id of the customer the file is about (so the caller can
        name the file's customer by its pseudonym).
    key : str, default :data:`~creditkit.receivables.masking.DEFAULT_KEY`
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    tuple
        ``(world, ledger, customer_id)`` masked: the world (None stays None),
        its ledger table and the customer's pseudonymous id (None without
        ``customer_id``).

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> w = load_case("manufacturing", n_customers=5, months=6, start="2025-01-01")
    >>> real = w.ledger["customer_id"].iloc[0]
    >>> mw, led, code = mask_customer(w, w.ledger, real, lang="en")
    >>> code.startswith("K") and code in set(led["customer_id"]) and real not in set(led["customer_id"])
    True
    """
    if world is not None:
        world = mask_world(world, key=key, lang=lang)
        ledger = world.ledger
    else:
        ledger = mask_ledger(ledger, key=key, lang=lang)
    code = None if customer_id is None else ledger.attrs["pseudonyms"][str(customer_id)][0]
    return world, ledger, code
