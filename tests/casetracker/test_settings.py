"""Settings come from the environment and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    env = {**os.environ, **env_extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; `check` warns on it
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "casetracker.settings.production",
            "SECRET_KEY": "x7-" + "k2Lq9vP0zR4tY8wN1mB6cX3jH5gF7dS0aQ2eW4rT6yU8iO0pZ",
            "ALLOWED_HOSTS": "tracker.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret_key():
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "casetracker.settings.production",
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "tracker.example.org",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_selects_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        env_extra={"DATABASE_URL": url},
    )
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "other.sqlite3")
