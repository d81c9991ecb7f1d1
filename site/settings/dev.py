from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
KOKORON_DEMO_SUPERUSER = True
# Emailed links and the demo's Site follow the port `make run PORT=…` serves.
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}"
)
# The demo's staff sign in with a password alone unless asked otherwise.
KOKORON_REQUIRE_2FA = env_bool("KOKORON_REQUIRE_2FA", False)
# Static files straight from the apps' folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
