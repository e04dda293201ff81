"""The settings read a `.env` file (python-dotenv); a variable set in the environment wins over it."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRINT_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); "
    "from django.conf import settings; print(settings.OPEN_DATA_PUBLISHER_NAME, '|', settings.ALLOWED_HOSTS)"
)


def _settings_with(env_file: Path, **environ):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DJANGO_ALLOWED"))}
    env.update(PORTAL_ENV_FILE=str(env_file), DJANGO_DEBUG="1", **environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_value_in_the_env_file_is_read(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORTAL_PUBLISHER_NAME=Uit het bestand\nDJANGO_ALLOWED_HOSTS=bestand.example\n")
    assert _settings_with(env_file) == "Uit het bestand | ['bestand.example']"


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORTAL_PUBLISHER_NAME=Uit het bestand\nDJANGO_ALLOWED_HOSTS=bestand.example\n")
    assert _settings_with(env_file, PORTAL_PUBLISHER_NAME="Uit de omgeving") == (
        "Uit de omgeving | ['bestand.example']"
    )
