"""The settings as an operator meets them: the embedded default, and strict production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRINT = "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)"


def run_django(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"}
    }
    script = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cse_casework.settings'; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "CSE_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_nothing_set_the_embedded_default_runs(tmp_path):
    result = run_django(PRINT, {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "0", "django.db.backends.sqlite3", "filesystem://"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_django(PRINT, {"DEBUG": "0"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_are_strict(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u:p@db:5432/casework",
        "CELERY_BROKER_URL": "redis://redis:6379/0",
    }
    result = run_django(PRINT, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "django.db.backends.postgresql",
        "redis://redis:6379/0",
    ]


def test_production_static_files_collect(tmp_path):
    """The container image runs collectstatic with the manifest storage: every file the CSS names must exist."""
    code = "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0)"
    result = run_django(code, {"DEBUG": "0", "SECRET_KEY": "x" * 50}, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()


def test_the_deploy_check_is_clean_under_production_settings(tmp_path):
    """`manage.py check --deploy`: Django's own list of what a production site must set, warnings included."""
    left_out = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in left_out}
    env = {
        **clean,
        "CSE_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "Zq9vW2xR7pL4mN8bT1cY6hJ0fD5sG3aE" * 2,
        "ALLOWED_HOSTS": "casework.county.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_HOST": "smtp.county.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
