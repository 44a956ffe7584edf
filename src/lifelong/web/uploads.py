"""Uploads are refused above a size cap before anything reads them (a clear Dutch reason, never a 500)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


@deconstructible
class MaxUploadSize:
    """Form-field validator: ``setting`` names the cap in bytes in the settings (data, not code)."""

    def __init__(self, setting: str):
        self.setting = setting

    def __call__(self, upload) -> None:
        limit = getattr(settings, self.setting)
        if upload is not None and upload.size > limit:
            raise ValidationError(_("Dit bestand is te groot (%(size)s MB); het mag hoogstens %(limit)s MB zijn.")
                                  % {"size": round(upload.size / 1_000_000, 1), "limit": round(limit / 1_000_000, 1)},
                                  code="too_big")

    def __eq__(self, other):
        return isinstance(other, MaxUploadSize) and other.setting == self.setting
