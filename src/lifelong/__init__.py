"""lifelong: an open platform for lifelong learning in Flanders."""

__version__ = "0.1.0"

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
