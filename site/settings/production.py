from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .env import env_bool, env_int, env_str

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment to run with production settings.")

# Emails and the admin link to this address: without it they would point at 127.0.0.1.
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set WAGTAILADMIN_BASE_URL in the environment to the site's public address, "
        "e.g. https://kokoron.example.jp: emails and the admin link to it."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
# Off unless asked for: a council served on a subdomain of its city's domain must not commit
# the city's other sites to HTTPS (includeSubDomains), nor the browsers' preload list, which is
# hard to leave. The deploy check's reminders of them are silenced only while they are off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
