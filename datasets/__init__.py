"""Data files shipped with creditkit (installed as the package ``creditkit._data``).

Load them with :mod:`creditkit.datasets`; ``README.md`` in this folder is the
dataset card and ``convert.py`` regenerates the files from the raw UCI data.
"""
