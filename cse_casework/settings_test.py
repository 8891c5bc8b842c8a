"""Settings for the test suite.

PostgreSQL and Redis are used when reachable (CI always has them). With CSE_REQUIRE_SERVICES=1, as CI sets it,
an unreachable service is a failure instead of a quiet fall-back to SQLite.
"""

import os
import socket
from urllib.parse import urlparse

import dj_database_url

from .settings import *  # noqa: F403
from .settings import VAR_DIR, env_bool

REQUIRE_SERVICES = env_bool("CSE_REQUIRE_SERVICES", False)
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cse_casework")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


POSTGRES_AVAILABLE = reachable(TEST_DATABASE_URL, 5432)
REDIS_AVAILABLE = reachable(TEST_REDIS_URL, 6379)
if REQUIRE_SERVICES and not (POSTGRES_AVAILABLE and REDIS_AVAILABLE):
    raise RuntimeError(
        f"CSE_REQUIRE_SERVICES is set but PostgreSQL ({TEST_DATABASE_URL}: {POSTGRES_AVAILABLE}) "
        f"or Redis ({TEST_REDIS_URL}: {REDIS_AVAILABLE}) is unreachable."
    )

if POSTGRES_AVAILABLE:
    DATABASES = {"default": dj_database_url.parse(TEST_DATABASE_URL)}
else:
    DATABASES = {"default": dj_database_url.parse(f"sqlite:///{VAR_DIR / 'test.sqlite3'}")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_BROKER_URL = TEST_REDIS_URL if REDIS_AVAILABLE else "memory://"
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "audit_exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "test-audit-exports")},
    },
}

# The suite signs in with a password alone, whatever DEBUG says; the tests of the second factor turn it on.
MFA_REQUIRED = False
