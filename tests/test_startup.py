"""Start-up refuses settings that would fail later, and warns about weak production choices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]


def production_env(**changes: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PROBITY_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "probity.settings",
        "SECRET_KEY": "a-secret-for-this-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "probity.example.org",
        "PROBITY_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PROBITY_AUDIT_KEY": "an-audit-key-for-this-test",
        "PROBITY_BASE_URL": "https://probity.example.org",
        "DATABASE_URL": "sqlite:////tmp/probity-startup-check.sqlite3",
    }
    env.update(changes)
    return {k: v for k, v in env.items() if v != ""}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_malformed_encryption_key_stops_start_up_with_a_clear_message() -> None:
    result = manage(production_env(PROBITY_ENCRYPTION_KEY="not-a-key"), "check")
    assert result.returncode != 0
    assert "PROBITY_ENCRYPTION_KEY is malformed (key 1)" in result.stderr


def test_a_second_malformed_key_is_named() -> None:
    good = Fernet.generate_key().decode()
    result = manage(production_env(PROBITY_ENCRYPTION_KEY=f"{good},short"), "check")
    assert "PROBITY_ENCRYPTION_KEY is malformed (key 2)" in result.stderr


@pytest.mark.parametrize("name", ["PROBITY_BASE_URL", "PROBITY_AUDIT_KEY"])
def test_production_needs_the_base_url_and_the_audit_key(name: str) -> None:
    result = manage(production_env(**{name: ""}), "check")
    assert result.returncode != 0
    assert f"Set {name}" in result.stderr


def test_the_deploy_check_warns_when_production_runs_on_sqlite() -> None:
    result = manage(production_env(), "check", "--deploy")
    assert "probity.W001" in result.stderr
    assert "Production is running on SQLite" in result.stderr


@override_settings(PROBITY_ENV="production")
def test_the_demo_is_never_loaded_in_production() -> None:
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo")
