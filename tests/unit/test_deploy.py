"""deploy/: no container engine runs here, so what can be checked is checked: the compose file
parses and says what its comments and the README say (PostgreSQL, two webhook replicas, a TLS
proxy in front passing only the webhook's path, secrets from the env file), the example env
file makes valid settings, and the proxy's configuration names both replicas and their health
check."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.config import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "journal.env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def test_compose_has_postgresql_two_replicas_and_a_tls_proxy():
    services = _compose()["services"]
    assert set(services) == {"db", "bot-1", "bot-2", "proxy"}
    assert services["db"]["image"] == "postgres:15" and "ports" not in services["db"]
    for name in ("bot-1", "bot-2"):
        bot = services[name]
        assert bot["build"]["dockerfile"] == "deploy/Dockerfile"
        assert bot["env_file"] == "journal.env"
        assert bot["depends_on"]["db"]["condition"] == "service_healthy"
        assert bot["environment"]["LISTEN_PORT"] == "8080" and "ports" not in bot
        assert bot["stop_signal"] == "SIGTERM"
    proxy = services["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]


def test_the_proxy_passes_the_webhook_path_to_both_replicas_with_health_checks():
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "{$BOT_DOMAIN} {" in caddy
    assert re.search(r"reverse_proxy bot-1:8080 bot-2:8080 \{", caddy)
    assert "health_uri /healthz" in caddy
    webhook_path = urlsplit(_env_example()["WEBHOOK_URL"]).path
    assert webhook_path.startswith("/telegram/") and "handle /telegram/* {" in caddy


def test_the_example_env_file_makes_valid_webhook_settings_once_filled_in():
    env = _env_example()
    assert set(env) == {"BOT_TOKEN", "POSTGRES_PASSWORD", "DATABASE_URL", "BOT_DOMAIN",
                        "WEBHOOK_URL", "WEBHOOK_SECRET"}
    assert urlsplit(env["WEBHOOK_URL"]).hostname == env["BOT_DOMAIN"]
    settings = Settings(_env_file=None, bot_token="123456:" + "A" * 35,
                        database_url=env["DATABASE_URL"], webhook_url=env["WEBHOOK_URL"],
                        webhook_secret="f" * 64, listen_host="0.0.0.0", listen_port=8080)
    assert settings.webhook_mode and settings.webhook_path == "/telegram/hook"
    assert settings.journal_url().startswith("postgresql://journal:")
