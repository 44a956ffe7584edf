"""Vacancy analysis: job ads → ESCO competences and occupations → demand.

The extraction engine (``lifelong.extraction``) is pure Python with no
Django import, so it runs in the CLI, a benchmark or a Dask worker unchanged.
"""
