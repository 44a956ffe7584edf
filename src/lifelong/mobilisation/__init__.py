"""Segmented mobilisation (flagship 2): target segments as data, campaigns through real channels, their
reach and effect measured against a hold-out."""
