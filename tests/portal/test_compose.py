"""compose.yaml is valid and matches the README: there is no docker daemon here, so it is parsed."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
README = (ROOT / "README.md").read_text()


def _command(service):
    command = SERVICES[service]["command"]
    text = " ".join(command) if isinstance(command, list) else command
    return text.removeprefix("sh -c ")


def test_every_part_of_the_production_shape_is_there():
    assert set(SERVICES) >= {"db", "redis", "migrate", "app1", "app2", "worker", "proxy"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")


def test_app_servers_and_worker_share_one_database_and_one_redis():
    shared = [SERVICES[name]["environment"] for name in ("app1", "app2", "worker", "migrate")]
    assert len({env["DATABASE_URL"] for env in shared}) == 1
    assert len({env["REDIS_URL"] for env in shared}) == 1
    assert "@db:5432/" in shared[0]["DATABASE_URL"]
    assert shared[0]["REDIS_URL"].startswith("redis://redis:")
    assert all(env["DJANGO_PROXY_COUNT"] == "1" for env in shared)


def test_no_secret_is_written_in_the_file():
    for name in ("app1", "db"):
        for key, value in SERVICES[name]["environment"].items():
            if "PASSWORD" in key or "SECRET" in key:
                assert value.startswith("${"), key


def test_each_service_command_is_documented_in_the_readme():
    for name in ("migrate", "app1", "app2", "worker"):
        assert f"`{_command(name).strip()}`" in README, name


def test_the_proxy_forwards_the_scheme_to_both_app_servers():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy app1:8000 app2:8000" in caddyfile
    assert "X-Forwarded-Proto" in caddyfile
    volume = next(v for v in SERVICES["proxy"]["volumes"] if "Caddyfile" in v)
    assert volume.startswith("./deploy/Caddyfile:")
