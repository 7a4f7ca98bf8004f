"""The bot's HTTP client (bot/http_client.py) against the fake Bot API server: what reaches
Telegram, and which error each failure becomes (the sender decides from it whether a
message may be sent again)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.http_client import AiohttpRequest, NotSent
from tests.fakebotapi import TOKEN, FakeBotAPI, FakeUser


def _bot(base_url: str, request: AiohttpRequest) -> Bot:
    return Bot(TOKEN, base_url=base_url, request=request,
               get_updates_request=AiohttpRequest(connections=1))


async def test_messages_and_files_arrive_as_sent(api: FakeBotAPI):
    user = FakeUser(501, first_name="Aki")
    async with _bot(api.base_url, AiohttpRequest()) as bot:
        message = await bot.send_message(user.id, "<b>Saved</b> — 佐藤さん", parse_mode="HTML")
        await bot.send_photo(user.id, InputFile(b"\x89PNG fake bytes", filename="week.png"),
                             caption="週のまとめ")
    sent = api.calls_to("sendMessage")[-1]
    assert sent.params["text"] == "<b>Saved</b> — 佐藤さん" and sent.params["parse_mode"] == "HTML"
    assert message.chat.id == user.id
    photo = api.calls_to("sendPhoto")[-1]
    assert photo.ok and photo.params["caption"] == "週のまとめ"
    assert [(name, data) for name, data in photo.files.values()] == [
        ("week.png", b"\x89PNG fake bytes")]


async def test_a_slow_answer_is_timed_out_and_may_have_been_delivered(api: FakeBotAPI):
    api.add_fault("sendMessage", status=200, delay=1.5)
    async with _bot(api.base_url, AiohttpRequest(read_timeout=0.3)) as bot:
        with pytest.raises(TimedOut) as caught:
            await bot.send_message(502, "hello")
    assert not isinstance(caught.value, NotSent)  # it reached the server: never resend


async def test_waiting_for_a_connection_too_long_is_not_sent(api: FakeBotAPI):
    api.add_fault("sendMessage", status=200, delay=1.5)
    request = AiohttpRequest(connections=1, pool_timeout=0.2, connect_timeout=0.2)
    async with _bot(api.base_url, request) as bot:
        slow = asyncio.create_task(bot.send_message(503, "first"))
        await asyncio.sleep(0.2)  # the one connection is busy with it
        with pytest.raises(NotSent):
            await bot.send_message(503, "second")
        await slow
    assert [c.params["text"] for c in api.calls_to("sendMessage")] == ["first"]


async def test_an_unreachable_server_is_a_network_error_without_the_token():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens
    request = AiohttpRequest(connect_timeout=2)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(caught.value, TimedOut)
    assert TOKEN not in str(caught.value) and TOKEN.split(":")[1] not in str(caught.value)
