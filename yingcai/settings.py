"""Settings for yingcai, configured entirely by environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YINGCAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# SECRET_KEY is read with the other secrets at the end (the 等保 block): never a built-in default.
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The public address printed on certificates (QR code and verification link), e.g.
# https://rencai.pds.gov.cn. Blank: the address the request came in on.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")

INSTALLED_APPS = [
    "yingcai.accounts.admin_site.SystemAdminConfig",  # the admin, for the system administrator only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "ninja",  # serves Swagger UI from the app, not a CDN
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "yingcai.accounts",
    "yingcai.audit",
    "yingcai.registry",
    "yingcai.policy",
    "yingcai.workflows",
    "yingcai.introductions",
    "yingcai.policylib",
    "yingcai.notifications",
    "yingcai.selection",
    "yingcai.workdays",
    "yingcai.publicity",
    "yingcai.projects",
    "yingcai.certification",
    "yingcai.support",
    "yingcai.console",
    "yingcai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "yingcai.core.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yingcai.console.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yingcai.core.headers.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yingcai.audit.middleware.AuditContextMiddleware",
    "yingcai.accounts.middleware.SessionActivityMiddleware",
    # After the audit context: a signed-in user who still owes a second factor or a new password
    # can open only the pages that settle it.
    "yingcai.accounts.gate.SignInGateMiddleware",
    "yingcai.accounts.middleware.AdministratorBoundaryMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

ROOT_URLCONF = "yingcai.urls"
WSGI_APPLICATION = "yingcai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yingcai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yingcai.console.context_processors.navigation",
                "yingcai.notifications.context_processors.unread_notifications",
            ],
            # Money is formatted in one place (1,234,567.00元): {% load money %}.
            "libraries": {"money": "yingcai.core.money"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yingcai.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yingcai.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保: three kinds of character, not the account name or close to it, none of the last five.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "yingcai.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "yingcai.accounts.passwords.NotUsernameValidator"},
    {"NAME": "yingcai.accounts.passwords.HistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "yingcai" / "static"]
# Front-end libraries come from the npm registry (package.json, pinned) and are served by the app.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS += [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# The CJK fonts certificates are set in (npm, pinned): PDFs render the same on any server, whether
# or not the system has Chinese fonts. Read from disk by WeasyPrint, never served.
CERTIFICATE_FONTS = {
    "sans": NODE_MODULES / "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    "sans_bold": NODE_MODULES / "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
    "serif": NODE_MODULES / "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
    "serif_bold": NODE_MODULES / "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Believe the proxy's X-Forwarded-For for the audit log's "from where" only behind a proxy that sets it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "yingcai@localhost")

# The cache holds short-lived counters shared by every worker process (the objection limit on
# public notices): Redis when REDIS_URL is set, else files in var/ (one machine, no server).
PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = int(os.environ.get("PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR", "5"))
# Failed logins for one account name before it is locked, and the lock (and counting window) in
# minutes; failures from one address before the address is slowed (never locked, see below).
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", "30"))
LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))

# Background work (imports, reminders, year-end closing) runs on huey: a SQLite-backed queue in the
# embedded default, Redis in production (REDIS_URL). `manage.py run_huey` is the worker.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
}
HUEY = {
    "name": "yingcai",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

LIST_PAGE_SIZE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 20

# --- Secrets and personal data at rest (等保) ---
# Each secret comes from its environment variable, else from the per-install file var/<name in lower
# case> that `make setup` / `make test` create once (mode 0600); outside DEBUG a missing one is fatal.
from yingcai.core import keys as _keys  # noqa: E402 - settings read the secrets last

# Django's signing key (sessions, password-reset links, CSRF).
SECRET_KEY = _keys.strong_secret("SECRET_KEY", _keys.require_secret("SECRET_KEY", VAR_DIR, debug=DEBUG))
# Fernet keys that encrypt ID numbers, phones and confirmed bank details, comma-separated: the first
# encrypts, every one decrypts. Rotate: put a new key first, run `manage.py rotate_field_keys`, drop the old.
FIELD_ENCRYPTION_KEYS = _keys.fernet_keys(_keys.require_secret("FIELD_ENCRYPTION_KEYS", VAR_DIR, debug=DEBUG))
# Key of the HMAC-SHA256 hashes that find an ID number without decrypting (≥ 32 characters). Changing
# it: set the new one and run `manage.py rotate_field_keys`, which recomputes every hash.
FIELD_HASH_KEY = _keys.hash_key(_keys.require_secret("FIELD_HASH_KEY", VAR_DIR, debug=DEBUG))

# --- accounts, administrators and sessions (等保) ---
# Sessions live in the database: each user's list of sessions and sign-out of any one need them there.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Minutes without a request after which a signed-in session ends (besides SESSION_COOKIE_AGE, counted
# from signing in however active the user is).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))

# --- audit log integrity, retention and archives (等保) ---
# Months the audit log is kept before any entry may be removed (GB/T 22239: at least 6; refused below).
AUDIT_RETENTION_MONTHS = int(os.environ.get("AUDIT_RETENTION_MONTHS", "6"))
if AUDIT_RETENTION_MONTHS < 6:
    raise ImproperlyConfigured("AUDIT_RETENTION_MONTHS must be at least 6 (等保2.0: logs are kept ≥ 6 months)")
# Secret key of the HMAC-SHA256 signatures of the monthly audit archives; archiving is refused without it.
# From the environment, else the file var/audit_signing_key (mode 0600); when set, ≥ 32 varied characters.
AUDIT_SIGNING_KEY = _keys.optional_secret("AUDIT_SIGNING_KEY", VAR_DIR)

# --- API documentation (等保) ---
# Whether /api/v1/docs and /api/v1/openapi.json answer visitors; off: only signed-in users see them.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

# --- sign-in: lockout, two factors, passwords (等保) ---
# Once an address has failed LOGIN_MAX_FAILURES_PER_IP times, it may try only once per this many seconds.
LOGIN_IP_SLOW_SECONDS = int(os.environ.get("LOGIN_IP_SLOW_SECONDS", "5"))
# Proxies in front of the app that append to X-Forwarded-For (used when TRUST_X_FORWARDED_FOR=1).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# Two-factor sign-in (TOTP or a recovery code) for the talent office and the three administrators.
REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
# Demo logins exempt from required 2FA and password expiry: set only by `make run` (never in production).
DEMO_EXEMPT_LOGINS = [n for n in os.environ.get("DEMO_EXEMPT_LOGINS", "").split(",") if n]
# The issuer name authenticator apps show next to the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "平顶山英才平台")
# Days after which a password must be changed before anything else is done (0: never).
PASSWORD_EXPIRY_DAYS = int(os.environ.get("PASSWORD_EXPIRY_DAYS", "90"))
# How many earlier passwords may not be chosen again.
PASSWORD_HISTORY_COUNT = int(os.environ.get("PASSWORD_HISTORY_COUNT", "5"))
# Seconds a password-reset link stays valid (it is also spent by its first use).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(30 * 60)))
# Reset links one client address may ask for, and one e-mail address may be sent, per
# PASSWORD_RESET_LIMIT_MINUTES; a request beyond either is refused (and audited), account or not.
PASSWORD_RESET_MAX_PER_IP = int(os.environ.get("PASSWORD_RESET_MAX_PER_IP", "10"))
PASSWORD_RESET_MAX_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_MAX_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_MINUTES = int(os.environ.get("PASSWORD_RESET_LIMIT_MINUTES", "60"))

# --- uploads (等保) ---
# Mode of every file the storage writes (uploads, export workbooks), octal: owner read/write, group read.
FILE_UPLOAD_PERMISSIONS = int(os.environ.get("FILE_UPLOAD_PERMISSIONS", "640"), 8)
# Mode of every directory the storage creates under MEDIA_ROOT, octal: no access for others.
FILE_UPLOAD_DIRECTORY_PERMISSIONS = int(os.environ.get("FILE_UPLOAD_DIRECTORY_PERMISSIONS", "750"), 8)

# --- HTTP security headers (等保) ---
# Content-Security-Policy (django-csp 4): scripts, styles, fonts, images and requests only from the
# app itself. No inline <script>, no on…= handler, no eval, no inline style: htmx and ECharts are
# served from node_modules, page scripts and styles are static files (yingcai/static/). ECharts
# draws on <canvas> and sets element styles through the CSSOM, which style-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        # Where browsers report violations (e.g. a collector of the security operations centre); blank: none.
        "report-uri": [u for u in [os.environ.get("CSP_REPORT_URI", "")] if u] or None,
    }
}
# Sources one route adds to the policy (URL name → directives): Swagger UI of the API docs draws its
# icons from data: URIs in its stylesheet. Not from the environment: part of the code.
CONTENT_SECURITY_POLICY_ROUTES = {"api:openapi-view": {"img-src": ["data:"]}}
# Browser features no page of the platform uses, switched off for every page (and anything it embeds).
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
)
# Send the path only to the platform itself, nothing to other sites.
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
# A window opened from another site shares no browsing context with the platform.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS when the platform is served over HTTPS (SECURE_COOKIES=1): browsers refuse plain HTTP for a year.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if SESSION_COOKIE_SECURE else 0
# HSTS covers the subdomains too (turn off only if a subdomain must still be reached over plain HTTP).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)

# 第十四条: when on, a new policy rule version waits 待复核 until a second talent-office user (not its
# author) approves it, and only then takes effect.
RULE_CHANGES_NEED_SECOND_APPROVER = env_bool("RULE_CHANGES_NEED_SECOND_APPROVER", False)
