"""Fixtures shared by the unit tests."""

import duckdb
import pytest


@pytest.fixture
def con():
    """A DuckDB connection on two threads, closed after the test."""
    c = duckdb.connect()
    c.execute("SET threads = 2")
    yield c
    c.close()
