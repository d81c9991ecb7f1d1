"""Settings shared by every environment. Safe by default: DEBUG off, secrets from the environment.

Every environment variable read here is documented in README.md.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins: Django apps that extend the core through Wagtail hooks. The core never imports them.
DEFAULT_PLUGINS = ("directory", "matching", "education")
KOKORON_PLUGINS = env_list("KOKORON_PLUGINS", DEFAULT_PLUGINS)
for _plugin in KOKORON_PLUGINS:
    if importlib.util.find_spec(_plugin) is None:
        raise ImproperlyConfigured(
            f"KOKORON_PLUGINS names {_plugin!r}, which cannot be imported. "
            f"The plugins that come with Kokoron are: {', '.join(DEFAULT_PLUGINS)}."
        )
# A plugin that is more than one Django app names them all, itself first, in DJANGO_APPS in its
# package's __init__.py (matching: its sign-ups), so they are on and off together. That module
# is the one Django imports for INSTALLED_APPS anyway; it imports nothing, as it is read here.
PLUGIN_APPS = [
    app
    for _plugin in KOKORON_PLUGINS
    for app in getattr(importlib.import_module(_plugin), "DJANGO_APPS", (_plugin,))
]

INSTALLED_APPS = [
    *PLUGIN_APPS,
    "kokoron.core",
    "kokoron.privacy",
    "kokoron.users",
    "kokoron.images",
    "kokoron.pages",
    "kokoron.news",
    "kokoron.newsletters",
    "kokoron.events",
    "kokoron.districts",
    "kokoron.navigation",
    "kokoron.geography",
    "kokoron.notifications",
    "kokoron.search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's widget templates for the project's form renderer (kokoron.core.forms).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Locales looked up once per request (kokoron.core.request_memo).
    "kokoron.core.request_memo.RequestMemoMiddleware",
    # Outside the page cache, so that a cached page gets the policy too.
    "kokoron.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Anonymous page views from the cache; before the middlewares whose cookies it checks.
    "kokoron.pages.cache.PageCacheMiddleware",
    # The request's Wagtail Site from the cache for the views it does not serve.
    "kokoron.pages.cache.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Personal pages and form responses: Cache-Control: private, no-store.
    "kokoron.core.no_store.NoStoreMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session confirmed a second factor; then the admin's demand for one.
    "django_otp.middleware.OTPMiddleware",
    "kokoron.users.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: readings become <ruby> before anything caches or measures the page.
    "kokoron.core.middleware.FuriganaMiddleware",
    # Turns a locked-out sign-in into its page; django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kokoron.urls"
WSGI_APPLICATION = "kokoron.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite with nothing configured, PostgreSQL (or any dj-database-url URL) with DATABASE_URL.
SQLITE_OPTIONS = {
    # WAL and immediate transactions let the web server and the django-q2 cluster share the file.
    # Reads through a memory map of the file (up to 256 MB, shared by every process through the
    # page cache) rather than a read() per page: suggestions' pool is found 30% faster.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when given, carries both django-q2's queue and Django's cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kokoron",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kokoron_cache",
        }
    }

Q_CLUSTER = {
    "name": "kokoron",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 300,
    # The ORM broker delivers a task again when it was not acknowledged within `retry` seconds
    # (its worker was killed, or the task failed): longer than the longest task. Every task
    # is idempotent. Emails do not wait for this: the recovery sweep below queues them again.
    "retry": 360,
    "max_attempts": 5,
    "ack_failures": False,
    "catch_up": False,
    "save_limit": 1000,
}
# Tasks go through the database (django-q2's ORM broker) even where Redis is there for the
# cache: a task stays in its table until done, so a killed worker loses none. Redis's broker
# takes a task off the list when a worker picks it, and a kill loses it (README, "Background
# work"); Q_BROKER=redis chooses it anyway, for the tasks the sweep can recover.
Q_BROKER = env_str("Q_BROKER") or "orm"
if Q_BROKER == "orm":
    Q_CLUSTER["orm"] = "default"
elif Q_BROKER == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("Q_BROKER=redis needs REDIS_URL.")
    Q_CLUSTER["redis"] = REDIS_URL
else:
    raise ImproperlyConfigured(f"Q_BROKER is orm or redis, not {Q_BROKER!r}.")
# `manage.py qcluster` (kokoron.core): how often it runs the recovery sweeps that queue again
# what a lost or killed task left undone, and how long a stop waits for running tasks before
# it ends their processes (their work is recovered the same way).
KOKORON_SWEEP_SECONDS = env_int("Q_SWEEP_SECONDS", 60)
KOKORON_STOP_SECONDS = env_int("Q_STOP_SECONDS", 5)

AUTH_USER_MODEL = "users.User"
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in is locked after this many failures for one user name, and separately for one
# client address whatever the names tried; each further failure restarts the wait. Attempts
# are kept in the database (shared by every worker); the names and addresses are masked in logs.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "kokoron.users.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "kokoron.core.client_address.client_address"
# No record of successful sign-ins: only failures, while they count.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Kokoron: staff whose permissions reach personal data must confirm a code from an
# authenticator app after their password (kokoron.users.second_factor); dev and test relax it.
KOKORON_REQUIRE_2FA = env_bool("KOKORON_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Kokoron"
# Staff sessions end after a working day without activity: every request renews the session.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. Japanese is the source and the default, served at / without a prefix.
LANGUAGE_CODE = "ja"
# Every language Kokoron speaks, each named in itself; KOKORON_LANGUAGES picks those that are on
# (Japanese always is). A language that is on gets its Wagtail locale at the next `migrate`.
AVAILABLE_LANGUAGES = [
    ("ja", "日本語"),
    ("ja-easy", "やさしい にほんご"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("pt-br", "Português (Brasil)"),
    ("fil", "Filipino"),
    ("ne", "नेपाली"),
]
KOKORON_LANGUAGES = env_list("KOKORON_LANGUAGES", [code for code, _ in AVAILABLE_LANGUAGES])
_unknown_languages = set(KOKORON_LANGUAGES) - {code for code, _ in AVAILABLE_LANGUAGES}
if _unknown_languages:
    raise ImproperlyConfigured(
        f"KOKORON_LANGUAGES names {', '.join(sorted(_unknown_languages))}; the languages are: "
        f"{', '.join(code for code, _ in AVAILABLE_LANGUAGES)}."
    )
LANGUAGES = [
    (code, name)
    for code, name in AVAILABLE_LANGUAGES
    if code == LANGUAGE_CODE or code in KOKORON_LANGUAGES
]
# Django knows every one of these languages but Filipino.
LANG_INFO.setdefault(
    "fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}
)
WAGTAIL_I18N_ENABLED = True
# Machine translation in wagtail-localize's editor: none unless a service and its key are given.
# Easy Japanese is never machine translated (both services see it as Japanese to Japanese).
MACHINE_TRANSLATOR = env_str("MACHINE_TRANSLATOR", "")
if MACHINE_TRANSLATOR == "deepl":
    if not env_str("DEEPL_AUTH_KEY"):
        raise ImproperlyConfigured("MACHINE_TRANSLATOR=deepl needs DEEPL_AUTH_KEY.")
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env_str("DEEPL_AUTH_KEY", "")},
    }
elif MACHINE_TRANSLATOR == "libretranslate":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env_str("LIBRETRANSLATE_URL", "https://libretranslate.com"),
            "API_KEY": env_str("LIBRETRANSLATE_API_KEY", ""),
        },
    }
elif MACHINE_TRANSLATOR:
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR is deepl, libretranslate or empty, not {MACHINE_TRANSLATOR!r}."
    )
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

# Static files are served by the application through WhiteNoise; media by the configured storage.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Backups (manage.py backup / restore, and a daily job): where the archives go, and how long
# they are kept. They hold personal data: keep the folder private, and copy it elsewhere.
KOKORON_BACKUP_DIR = Path(env_str("KOKORON_BACKUP_DIR", str(BASE_DIR / "backups")))
KOKORON_BACKUP_KEEP_DAYS = env_int("KOKORON_BACKUP_KEEP_DAYS", 14)

# Email: SMTP from the environment; development prints to the console, tests keep it in memory.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds per network operation: no transaction is open while the mail server is talked to,
# so a slow one holds up only its own email (NOTIFICATION_SEND_TIMEOUT bounds the whole send).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "こころん <noreply@kokoron.example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy (django-csp; the admin's additions in kokoron.core.csp): only the
# site's own scripts and styles, an inline one only with this response's nonce; the map's tiles;
# video embeds from YouTube and Vimeo; media from their own origin when MEDIA_URL names one.
_MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # 'report-sample': a violation names the first characters of what was refused.
        "script-src": [SELF, NONCE, "'report-sample'"],
        "style-src": [SELF, NONCE, "'report-sample'"],
        "img-src": [
            SELF,
            "data:",
            "https://tile.openstreetmap.org",
            *filter(None, [_MEDIA_ORIGIN]),
        ],
        "media-src": [SELF, *filter(None, [_MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN for themselves.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "こころん"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
# Uploads over 50 megapixels are refused (a phone's largest photos pass), and Pillow refuses to
# decode anything over twice that anywhere (kokoron.core.apps): no decompression bombs.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Wagtail's database search (SQLite FTS5 or PostgreSQL) with Japanese segmentation and folding.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "kokoron.search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
# The admin asks no outside service: no avatars from Gravatar (a hash of each staff member's
# address) and no check for Wagtail releases from the browser.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Kokoron: how many proxies in front of the site append the address they saw to
# X-Forwarded-For (0: none, the connection's address is the client's). Read by the rate limits
# and the admin's lockout (kokoron.core.client_address).
KOKORON_TRUSTED_PROXIES = env_int("KOKORON_TRUSTED_PROXIES", 0)
if KOKORON_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("KOKORON_TRUSTED_PROXIES is a number of proxies: 0 or more.")
# Kokoron: the Redis key space of the rate limits' counters (kokoron.core.rate_limits).
KOKORON_RATE_LIMIT_PREFIX = "kokoron-limits"
# Kokoron: how long an anonymous page view is served from the cache (0: never cached).
KOKORON_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Kokoron: sent emails keep the recipient's address only this long.
NOTIFICATION_RETENTION_DAYS = env_int("NOTIFICATION_RETENTION_DAYS", 90)
# Kokoron: the longest one email's delivery task may run. An attempt that started longer ago
# than this (and a few seconds) was cut off; an email queued longer ago and still waiting was
# lost with its task: the recovery sweep queues both again.
NOTIFICATION_SEND_TIMEOUT = env_int("NOTIFICATION_SEND_TIMEOUT", 60)
# Kokoron: how long personal data is kept (days); daily jobs anonymise what is older and keep
# the counts. The demo's privacy page states these periods. See README "Environment variables".
RETENTION_SIGNUP_DETAILS_DAYS = env_int("RETENTION_SIGNUP_DETAILS_DAYS", 30)
RETENTION_SIGNUPS_DAYS = env_int("RETENTION_SIGNUPS_DAYS", 3 * 365)
RETENTION_NEEDS_DAYS = env_int("RETENTION_NEEDS_DAYS", 365)
RETENTION_CLASS_REQUESTS_DAYS = env_int("RETENTION_CLASS_REQUESTS_DAYS", 365)
RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS = env_int("RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS", 7)
# load_demo creates a demo superuser only where this is true (development settings).
KOKORON_DEMO_SUPERUSER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies never reach the logs; Django logs only paths and status codes.
        "django.request": {"level": "ERROR"},
        # One line per Wagtail background task is noise; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
