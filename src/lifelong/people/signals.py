"""Signals of the people app, so that other apps react to a person's life cycle without people importing them."""

from django.dispatch import Signal

# Sent (no arguments) after a person and their login were erased and the transaction committed; the learning
# account reconciles its ledger on it (``accounts.services.erasure.on_person_erased``).
person_erased = Signal()
