"""Webhook mode and the operator's endpoints, driven over real HTTP: the fake Bot API posts
updates to the bot's listener the way Telegram does (with the secret the bot registered), and
the tests call /healthz, /readyz and /metrics like a load balancer and Prometheus would."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest

from bot.core.clock import ManualClock
from tests.conftest import BotHarness
from tests.fakebotapi import FakeBotAPI, FakeUser

SECRET = "s3cret_for_the_tests_0123456789"
HOOK = "https://bot.example.org/telegram/hook"


@pytest.fixture
async def hooked(api: FakeBotAPI, clock: ManualClock, tmp_path: Path, journal_url: str):
    """The real bot in webhook mode, its listener on a free port of 127.0.0.1, and the fake
    server delivering updates to it (its journal on each backend)."""
    bot = BotHarness(api, clock, tmp_path / "journal.sqlite3", journal_url)
    bot.overrides = {"webhook_url": HOOK, "webhook_secret": SECRET, "listen_port": 0}
    await bot.start()
    port = bot.intake.listener.port
    api.webhook_target = f"http://127.0.0.1:{port}/telegram/hook"
    try:
        yield bot
    finally:
        await bot.stop()


def _listener(bot: BotHarness) -> str:
    return f"http://127.0.0.1:{bot.intake.listener.port}"


async def _post(url: str, body: bytes, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with aiohttp.ClientSession() as session, \
            session.post(url, data=body, headers=headers) as answer:
        return answer.status


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        return answer.status, await answer.text()


async def test_the_webhook_is_registered_with_its_secret_and_updates_are_answered(
        hooked: BotHarness, api: FakeBotAPI, ja_user: FakeUser, en_user: FakeUser):
    await hooked.dispatch()  # start-up is over
    registered = api.webhook
    assert registered is not None and registered["url"] == HOOK
    assert registered["secret_token"] == SECRET
    assert registered["max_connections"] == 40
    assert "message" in registered["allowed_updates"]
    assert "callback_query" in registered["allowed_updates"]
    assert not api.calls_to("getUpdates")  # no polling in webhook mode

    await hooked.onboard(ja_user)
    replies = await hooked.send(ja_user, "同僚の佐藤さん / 資料の締切 / 構成案を一緒に作った")
    assert "佐藤さん" in replies[-1]["text"]
    await hooked.onboard(en_user, zone="America/New_York", at="20:00")
    replies = await hooked.send(en_user, "Mika / her résumé felt weak / rewrote the summary")
    assert "Mika" in replies[-1]["text"]
    assert [e["who"] for e in hooked.entries(ja_user.id)] == ["同僚の佐藤さん"]
    assert [e["who"] for e in hooked.entries(en_user.id)] == ["Mika"]
    assert all(status == 200 for _, status in api.webhook_posts)
    stored = {r["update_id"] for r in hooked.rows("SELECT update_id FROM update_inbox")}
    assert {uid for uid, _ in api.webhook_posts} <= stored  # every answered update is stored


async def test_a_request_without_the_right_secret_is_refused_and_never_stored(
        hooked: BotHarness, api: FakeBotAPI, en_user: FakeUser):
    url = _listener(hooked) + "/telegram/hook"
    update = {"update_id": 9_000_001, "message": {
        "message_id": 1, "date": 0, "chat": en_user.private_chat(), "from": en_user.to_dict(),
        "text": "/start"}}
    body = json.dumps(update).encode()
    assert await _post(url, body, None) == 403
    assert await _post(url, body, "wrong-secret-but-long-enough") == 403
    assert await _post(url, body, SECRET[:-1]) == 403
    assert await _post(url, b"x" * (1024 * 1024 + 1), SECRET) == 413
    assert await _post(url, b"not json", SECRET) == 400
    assert await _post(url, b'{"no_update_id": 1}', SECRET) == 400
    await asyncio.sleep(0.2)
    assert hooked.rows("SELECT * FROM update_inbox WHERE update_id = 9000001") == []
    assert api.sent_messages(en_user.id) == []

    assert await _post(url, body, SECRET) == 200  # the same update with the secret
    assert hooked.rows("SELECT update_id FROM update_inbox WHERE update_id = 9000001")
    await hooked.processed_update(update)
    assert api.sent_messages(en_user.id)  # the welcome


async def test_an_update_that_cannot_be_stored_gets_500_and_telegram_sends_it_again(
        hooked: BotHarness, api: FakeBotAPI, en_user: FakeUser):
    await hooked.dispatch()
    db = hooked.services.db
    if db.dialect == "sqlite":
        await db.execute("CREATE TRIGGER refuse BEFORE INSERT ON update_inbox "
                         "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    else:
        await db.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                         " 'BEGIN RAISE EXCEPTION ''disk full''; END';"
                         " CREATE TRIGGER refuse BEFORE INSERT ON update_inbox"
                         " FOR EACH ROW EXECUTE FUNCTION refuse()")
    update = api.send_text(en_user, "/start")
    for _ in range(200):
        if any(uid == update["update_id"] for uid, _ in api.webhook_posts):
            break
        await asyncio.sleep(0.01)
    assert (update["update_id"], 500) in api.webhook_posts
    assert api.sent_messages(en_user.id) == []
    await db.execute("DROP TRIGGER refuse" if db.dialect == "sqlite"
                     else "DROP TRIGGER refuse ON update_inbox; DROP FUNCTION refuse()")
    await hooked.processed_update(update)  # delivered again, stored, answered
    assert (update["update_id"], 200) in api.webhook_posts
    assert api.sent_messages(en_user.id)


async def test_going_back_to_polling_deletes_the_webhook(
        hooked: BotHarness, api: FakeBotAPI, en_user: FakeUser):
    await hooked.dispatch()
    assert api.webhook is not None
    await hooked.stop()
    hooked.overrides = {}
    await hooked.start()
    replies = await hooked.send(en_user, "/start")
    assert replies  # answered through getUpdates
    assert api.webhook is None and api.calls_to("deleteWebhook")


async def test_health_readiness_and_metrics(hooked: BotHarness, en_user: FakeUser):
    base = _listener(hooked)
    assert await _get(base + "/healthz") == (200, "ok\n")
    status, text = await _get(base + "/readyz")
    assert status == 200, text
    assert json.loads(text) == {"ready": True, "database": "ok", "dispatcher": "ok",
                                "inbox": "ok"}

    await hooked.onboard(en_user, zone="America/New_York", at="20:00")
    await hooked.send(en_user, "Mika / her résumé felt weak / rewrote the summary")
    status, text = await _get(base + "/metrics")
    assert status == 200
    metrics = _samples(text)
    assert metrics['journal_updates_received_total{source="webhook"}'] >= 5
    assert metrics['journal_updates_finished_total{outcome="done"}'] >= 5
    assert metrics["journal_inbox_backlog"] == 0
    assert metrics["journal_inbox_oldest_age_seconds"] == 0
    assert metrics['journal_telegram_request_seconds_count{method="sendMessage"}'] >= 5
    assert "journal_telegram_429_total" in metrics
    assert "journal_dispatcher_lag_seconds" in metrics
    assert "Mika" not in text and "résumé" not in text  # numbers only, never words

    await hooked.services.db.close()  # the database goes away
    status, text = await _get(base + "/readyz")
    assert status == 503
    assert json.loads(text)["database"].startswith("unreachable")
    await hooked.services.db.open()


async def test_the_listener_serves_health_and_metrics_in_polling_mode_too(
        api: FakeBotAPI, clock: ManualClock, tmp_path: Path, en_user: FakeUser):
    bot = BotHarness(api, clock, tmp_path / "journal.sqlite3")
    bot.overrides = {"listen_port": 0}
    await bot.start()
    try:
        await bot.send(en_user, "/start")
        base = _listener(bot)
        assert (await _get(base + "/healthz"))[0] == 200
        assert (await _get(base + "/readyz"))[0] == 200
        metrics = _samples((await _get(base + "/metrics"))[1])
        assert metrics['journal_updates_received_total{source="polling"}'] >= 1
        status, _ = await _get(base + "/telegram/hook")
        assert status in (404, 405)  # no webhook route in polling mode
    finally:
        await bot.stop()


async def test_a_stalled_dispatcher_makes_the_bot_unready(hooked: BotHarness):
    metrics = hooked.application.bot_data["metrics"]
    metrics._dispatcher_beat -= 1000  # noqa: SLF001 - as if no pass had run for 1000 s
    hooked.application.bot_data["stopping"] = True  # and none runs now
    status, text = await _get(_listener(hooked) + "/readyz")
    assert status == 503
    assert json.loads(text)["dispatcher"].startswith("no pass for")


def _samples(text: str) -> dict[str, float]:
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples
