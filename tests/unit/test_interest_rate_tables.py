"""The shipped reference-rate tables give the published rate on dates confirmed against their sources.

Each point is a date and the rate in force that day as published (see the header of
creditkit/receivables/data/interest_rates.yaml for the source of each); the day before a
change still gives the old rate.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from creditkit.errors import ParameterError
from creditkit.receivables import interest as li

LPR = [  # one-year loan prime rate, percent, on the fixing day and in between
    ("2019-08-20", "4.25"), ("2019-09-19", "4.25"), ("2019-10-21", "4.20"), ("2019-11-20", "4.15"),
    ("2020-02-19", "4.15"), ("2020-02-20", "4.05"), ("2020-04-20", "3.85"), ("2021-11-30", "3.85"),
    ("2021-12-20", "3.80"), ("2022-01-20", "3.70"), ("2022-08-22", "3.65"), ("2023-06-20", "3.55"),
    ("2023-08-21", "3.45"), ("2024-07-21", "3.45"), ("2024-07-22", "3.35"), ("2024-10-21", "3.10"),
    ("2025-01-20", "3.10"), ("2025-05-19", "3.10"), ("2025-05-20", "3.00"), ("2025-11-20", "3.00"),
]
BENCHMARK = [  # PBoC one-year benchmark lending rate, effective the day after the announcement
    ("2008-12-23", "5.31"), ("2010-10-20", "5.56"), ("2010-12-26", "5.81"), ("2011-02-09", "6.06"),
    ("2011-04-06", "6.31"), ("2011-07-07", "6.56"), ("2012-06-08", "6.31"), ("2012-07-06", "6.00"),
    ("2014-11-21", "6.00"), ("2014-11-22", "5.60"), ("2015-03-01", "5.35"), ("2015-05-11", "5.10"),
    ("2015-06-28", "4.85"), ("2015-08-26", "4.60"), ("2015-10-23", "4.60"), ("2015-10-24", "4.35"),
    ("2019-08-19", "4.35"),
]
ECB_MRO = [  # ECB main refinancing operations, by date of effect
    ("2009-05-13", "1.00"), ("2011-04-13", "1.25"), ("2011-07-13", "1.50"), ("2011-11-09", "1.25"),
    ("2011-12-14", "1.00"), ("2012-07-11", "0.75"), ("2013-05-08", "0.50"), ("2013-11-13", "0.25"),
    ("2014-06-11", "0.15"), ("2014-09-10", "0.05"), ("2015-12-09", "0.05"), ("2016-03-16", "0.00"),
    ("2019-09-18", "0.00"), ("2022-07-27", "0.50"), ("2022-09-14", "1.25"), ("2022-11-02", "2.00"),
    ("2022-12-21", "2.50"), ("2023-02-08", "3.00"), ("2023-03-22", "3.50"), ("2023-05-10", "3.75"),
    ("2023-06-21", "4.00"), ("2023-08-02", "4.25"), ("2023-09-20", "4.50"), ("2024-06-12", "4.25"),
    ("2024-09-18", "3.65"), ("2024-10-23", "3.40"), ("2024-12-18", "3.15"), ("2025-03-12", "2.65"),
    ("2025-06-04", "2.40"), ("2025-06-11", "2.15"), ("2025-10-30", "2.15"),
]


def _pct(rate: Decimal) -> str:
    return f"{rate * 100:.2f}"


@pytest.mark.parametrize("day, rate", LPR)
def test_lpr(day, rate):
    assert _pct(li.rate_on(li.rate_table("lpr_1y"), day)) == rate


@pytest.mark.parametrize("day, rate", BENCHMARK)
def test_pboc_benchmark(day, rate):
    assert _pct(li.rate_on(li.rate_table("benchmark_1y"), day)) == rate


@pytest.mark.parametrize("day, rate", ECB_MRO)
def test_ecb_main_refinancing_rate(day, rate):
    assert _pct(li.rate_on(li.rate_table("ecb_mro"), day)) == rate


@pytest.mark.parametrize("day, rate", [
    ("2024-03-15", "4.50"),  # Malta: 12.5 % from 1 January 2024 = 4.50 + 8
    ("2024-09-15", "4.25"),  # Ireland: 12.25 % from 1 July 2024 = 4.25 + 8
    ("2025-02-10", "3.15"),  # in force on 1 January 2025, although cut on 5 February
    ("2025-07-01", "2.15"),
])
def test_eu_directive_reference_rate_is_the_mro_on_the_first_day_of_the_half_year(day, rate):
    assert _pct(li.eu_reference_rate(day)) == rate


def test_every_table_names_its_source_and_refuses_unconfirmed_dates():
    for key, where in (("lpr_1y", "chinamoney.com.cn"), ("benchmark_1y", "4.35"), ("ecb_mro", "ecb.europa.eu")):
        t = li.rate_table(key)
        assert where in t.source
        with pytest.raises(ParameterError, match="confirmed through"):
            li.rate_on(t, t.confirmed_through + pd.Timedelta(days=1))
    assert str(li.rate_table("lpr_1y").confirmed_through.date()) == "2025-11-20"
    with pytest.raises(ParameterError, match="starts on"):
        li.rate_on(li.rate_table("lpr_1y"), "2019-08-19")


def test_china_rule_switches_table_at_the_lpr_reform():
    assert [str(x) for x in li.cn_late_payment_rate("2019-08-19")[:2]] == ["0.0435", "0.06525"]
    assert [str(x) for x in li.cn_late_payment_rate("2019-08-20", uplift=0.3)[:2]] == ["0.0425", "0.05525"]
