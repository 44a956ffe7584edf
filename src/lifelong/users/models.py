"""Users log in by email; every user has one role in the platform."""

from __future__ import annotations

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Lerende")
    EMPLOYER = "employer", _("Werkgever")
    PROVIDER = "provider", _("Opleidingsverstrekker")
    COUNSELLOR = "counsellor", _("Loopbaanbegeleider")
    BRIDGE = "bridge", _("Brugfiguur")
    ANALYST = "analyst", _("Analist")
    PARTNERSHIP = "partnership", _("Lid van het partnerschap")
    SECRETARIAT = "secretariat", _("Secretariaat")
    OBSERVER = "observer", _("Waarnemer")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("role", Role.SECRETARIAT)
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    display_name = models.CharField(_("naam"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("taal"), max_length=2, choices=[("nl", "Nederlands"), ("en", "English"), ("fr", "Français")],
        default="nl",
    )
    # The national number (INSZ) from a sign-in with a digital key, only as a keyed hash (users/identity.py):
    # it links the person to the federal training account and is never shown.
    national_number_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def save(self, *args, **kwargs):
        # The secretariat works in the Django admin.
        if self.role == Role.SECRETARIAT:
            self.is_staff = True
        super().save(*args, **kwargs)


class RegistrationAttempt(models.Model):
    """A self-registration from one client address: counted to limit registrations per address and hour."""

    address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
