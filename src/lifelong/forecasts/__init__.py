"""Macro-competence forecasts: demand series, statistical forecasts and their backtests.

``engine/`` is pure Python + numpy (no Django import) so it runs unchanged in a
benchmark, a worker or a notebook; ``cli.py`` exposes it as ``lifelong forecasts``.
"""
