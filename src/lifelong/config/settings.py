"""Settings, all from the environment.

DATABASE_URL   default sqlite:///<project>/var/lifelong.sqlite3 (PostgreSQL: postgres://user@host:5432/db)
SECRET_KEY     required unless DEBUG=1
DEBUG          1/true to enable (make demo sets it)
ALLOWED_HOSTS  comma-separated, default "localhost,127.0.0.1" (and "*" when DEBUG)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("LIFELONG_HOME", Path.cwd()))
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for a demo).")
    SECRET_KEY = "insecure-demo-key-only-for-DEBUG"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]
if DEBUG:
    ALLOWED_HOSTS.append("*")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "lifelong.users",
    "lifelong.web",
    "lifelong.taxonomy",
    "lifelong.organisations",
    "lifelong.people",
    "lifelong.guidance",
    "lifelong.catalogue",
    "lifelong.accounts",
    "lifelong.employers",
    "lifelong.demo",
    "lifelong.forecasts",
    "lifelong.casework",
    "lifelong.actionplan", "lifelong.dashboard",
    "lifelong.vacancies",
    "lifelong.mobilisation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lifelong.web.errors.FriendlyNotFoundMiddleware",  # our 404 page, also under DEBUG
]
CSRF_FAILURE_VIEW = "lifelong.web.errors.csrf_failure"

ROOT_URLCONF = "lifelong.config.urls"
WSGI_APPLICATION = "lifelong.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lifelong.config.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lifelong.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    # A file, not memory, so that a server process started by the browser tests sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(DATABASES["default"]["NAME"]) + ".test"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "users:login"
# E-mail and password, and (casework, issue 14.6) the printed login code with a PIN for people without e-mail.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "lifelong.casework.login_codes.LoginCodeBackend"]
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Dutch first; English and French too.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English")), ("fr", _("Français"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
try:  # whitenoise warns when the folder is missing; collectstatic fills it in production
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
MEDIA_ROOT = VAR_DIR / "media"
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")  # Ed25519: base64 32-byte seed or PEM

# Background work: Django's tasks framework (backport), database-backed worker by default.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Mail (campaigns, notifications): SMTP when EMAIL_HOST is set; otherwise, under DEBUG, the demo's mail
# sink keeps every message in the database (read it at /dev/inbox/), and without DEBUG nothing is sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lifelong <noreply@lifelong.localhost>")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "lifelong.mobilisation.mailbox.DatabaseBackend" if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend")
# SMS (mobilisation.sms): "http" = a provider's HTTP gateway at SMS_GATEWAY_URL; "inbox" (default under DEBUG)
# keeps each SMS in the demo inbox; unset without DEBUG: no SMS is sent (each is skipped with that reason).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "lifelong")

# --- production (issue 20) -------------------------------------------------------------------------
# `lifelong serve --production` sets LIFELONG_PRODUCTION=1 (and DEBUG off): secure and HttpOnly cookies,
# HSTS and https redirects behind a proxy that sets X-Forwarded-Proto. The Content-Security-Policy is sent
# always (development too, so an inline script shows up at once): no inline script, no eval; inline
# style *attributes* only (a bar's width), never <style> elements (htmx's are off: base.html's htmx-config).
PRODUCTION = env_bool("LIFELONG_PRODUCTION")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "lifelong.web.csp.ContentSecurityPolicyMiddleware")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# A downloaded evidence file (people: EVC) runs nothing and loads nothing, even when opened directly.
CONTENT_SECURITY_POLICY_SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
if "ninja" not in INSTALLED_APPS:  # /api/docs from ninja's own static files (no CDN, no inline script)
    INSTALLED_APPS.append("ninja")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # only behind a proxy that sets it
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health probe may come over http
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REFERRER_POLICY = "same-origin"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    WHITENOISE_MAX_AGE = 3600

# --- login protection and sessions (issue 20) -------------------------------------------------------
# django-axes counts every authenticate() (the login page and the password before a booking): after
# LOGIN_FAILURE_LIMIT wrong passwords for one account or from one address, that account or address is
# refused for LOGIN_LOCKOUT_MINUTES (a success resets the count). Behind a proxy, the client's address is
# taken from X-Forwarded-For (TRUSTED_PROXY_COUNT hops; 1 in production, where a proxy is expected).
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "lifelong.users.sessions.SessionTimeoutMiddleware")
AUTHENTICATION_BACKENDS = ["lifelong.users.security.LoginProtectionBackend",
                           "django.contrib.auth.backends.ModelBackend",
                           "lifelong.casework.login_codes.LoginCodeBackend"]  # login code + PIN (no e-mail)
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account, and per address
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (and authenticate(username=…)), holding the e-mail
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lifelong.users.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "lifelong.users.security.client_address"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))
# Passwords: at least 10 characters, not a common one, not only digits, not like the e-mail address.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the login.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# --- end production ---------------------------------------------------------------------------------

# -- hostile input (issue 19): refusals, public address, uploads -------------------------------------
# NUL characters refused and missing rows answered 404 before/after any view (lifelong/web/refusals.py).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
                  "lifelong.web.refusals.RefusalMiddleware")
# Upload caps (bytes): an import file (catalogue offers, survey answers) is refused above this size.
IMPORT_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_MB", "20")) * 1_000_000
# The platform's public address: issuer, status and key URLs of the credentials are built from it, never from the
# request's Host header. Without it (DEBUG off) credentials are not issued.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Rotation of CREDENTIAL_SIGNING_KEY: the multibase public keys of earlier keys, comma-separated, so that the
# credentials they signed still verify (see docs/operations.md).
CREDENTIAL_RETIRED_PUBLIC_KEYS = [k for k in os.environ.get("CREDENTIAL_RETIRED_PUBLIC_KEYS", "").split(",") if k.strip()]
# CV uploads: a person may upload this many CV files per hour (reading one costs the worker seconds).
CV_UPLOADS_PER_HOUR = int(os.environ.get("CV_UPLOADS_PER_HOUR", "10"))
# A CV suggestion is shown only when its confidence reaches this floor. Confidence = the engine's score as a
# multiple of the engine's own floor for the CV's language (1.0 = just kept by the engine; a glossary hit such
# as "Excel" = 5.0). 1.65 was measured on the CV-line dev set by benchmarks/bench_cv_lines.py (the lowest floor
# whose F1 is within one bootstrap sd of the best); see docs/people.md.
CV_SUGGESTION_FLOOR = float(os.environ.get("CV_SUGGESTION_FLOOR", "1.65"))
# a running worker looks this often for jobs left running by a worker that died (any host, on PostgreSQL)
WORKER_ORPHAN_SWEEP_SECONDS = float(os.environ.get("WORKER_ORPHAN_SWEEP_SECONDS", "60"))

# --- sign-in (issue 20) -----------------------------------------------------------------------------
# OpenID Connect (itsme, the Flemish government's identity services) through mozilla-django-oidc, active
# only when OIDC_RP_CLIENT_ID is set; then the login page shows "Aanmelden met je digitale sleutel".
# The national number claim (OIDC_NATIONAL_NUMBER_CLAIM, default rrn) is kept only as an HMAC-SHA256 under
# NATIONAL_NUMBER_HASH_KEY (required with OIDC outside DEBUG). See docs/operations.md.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
# Discovery (users/oidc_discovery.py): with OIDC_ISSUER the endpoints below come from the issuer's
# /.well-known/openid-configuration (read at start-up and on first use, kept per process); one set here wins.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_EXPLICIT_ENDPOINTS = frozenset(n for n in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                                                "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
                                    if os.environ.get(n, "").strip())
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "") or None
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_VERIFY_KID = env_bool("OIDC_VERIFY_KID", True)  # off only for a provider whose tokens carry no key id
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_NATIONAL_NUMBER_CLAIM = os.environ.get("OIDC_NATIONAL_NUMBER_CLAIM", "rrn")
OIDC_AUTHENTICATION_CALLBACK_URL = "users:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/account/login/?digitale-sleutel=mislukt"
NATIONAL_NUMBER_HASH_KEY = os.environ.get("NATIONAL_NUMBER_HASH_KEY", "")
if not NATIONAL_NUMBER_HASH_KEY and DEBUG:
    NATIONAL_NUMBER_HASH_KEY = "demo-national-number-key-only-for-DEBUG"
if OIDC_ENABLED:
    missing = [n for n in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
                           "NATIONAL_NUMBER_HASH_KEY") if not globals()[n] and not (OIDC_ISSUER and n.startswith("OIDC"))]
    if missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set but these are not: {', '.join(missing)}")
    AUTHENTICATION_BACKENDS.append("lifelong.users.oidc.SignInBackend")
# Self-registration: at most REGISTRATIONS_PER_HOUR new accounts per client address per hour.
REGISTRATIONS_PER_HOUR = int(os.environ.get("REGISTRATIONS_PER_HOUR", "5"))
# --- end sign-in ------------------------------------------------------------------------------------
