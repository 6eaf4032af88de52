from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import FIELD_ENCRYPTION_KEY, LOOKUP_HASH_KEY, MIDDLEWARE, SECRET_KEY

if SECRET_KEY.startswith("dev-") or not FIELD_ENCRYPTION_KEY or not LOOKUP_HASH_KEY:
    raise ImproperlyConfigured(
        "生产环境必须设置 DJANGO_SECRET_KEY、FIELD_ENCRYPTION_KEY 和 LOOKUP_HASH_KEY。"
    )
DEBUG = False
# Static files (CSS, the API docs' assets) are served by WhiteNoise from the installed packages.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
