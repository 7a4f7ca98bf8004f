"""Self-tests for the fake Telegram Bot API server (tests/fakebotapi.py)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
import urllib.error
import urllib.request
import warnings

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakebotapi import TOKEN, FakeBotAPI, FakeUser, parse_telegram_html, utf16_len


@pytest.fixture
def api():
    server = FakeBotAPI().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def bot(api: FakeBotAPI):
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.file_url) as b:
        yield b


def _keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"cb:{label}") for label in labels]]
    )


async def test_get_me(bot: Bot, api: FakeBotAPI):
    me = await bot.get_me()
    assert me.id == 123456789
    assert me.is_bot
    assert me.username == "ValueJournalTestBot"
    assert me.first_name == "Value Journal"
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert [c.method for c in api.calls] == ["getMe", "getMe"]  # initialize() + get_me()
    assert all(c.ok for c in api.calls)


async def test_send_and_edit_message_state(bot: Bot, api: FakeBotAPI):
    api.date_fn = lambda: 1_700_000_000
    msg = await bot.send_message(42, "123", reply_markup=_keyboard("yes", "no"))
    assert msg.message_id == 1
    assert msg.text == "123"
    assert msg.date == dtm.datetime.fromtimestamp(1_700_000_000, tz=dtm.UTC)
    assert msg.from_user.id == api.bot_id
    assert msg.reply_markup.inline_keyboard[0][1].callback_data == "cb:no"

    call = api.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == 42
    assert call.params["text"] == "123"  # free text is never JSON-decoded
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "yes"

    second = await bot.send_message(42, "second")
    assert second.message_id == 2

    edited = await bot.edit_message_text(
        "edited", chat_id=42, message_id=1, reply_markup=_keyboard("ok")
    )
    assert edited.text == "edited"
    state = api.sent_messages(42)
    assert [m["text"] for m in state] == ["edited", "second"]
    assert state[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "cb:ok"
    assert "edit_date" in state[0]
    assert api.last_message(42)["text"] == "second"
    assert api.sent_messages(7) == []

    # identical edit -> "message is not modified", like Telegram
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text(
            "edited", chat_id=42, message_id=1, reply_markup=_keyboard("ok")
        )
    # editing text without reply_markup drops the keyboard (Telegram behaviour)
    await bot.edit_message_text("edited", chat_id=42, message_id=1)
    assert "reply_markup" not in api.sent_messages(42)[0]
    await bot.edit_message_reply_markup(chat_id=42, message_id=1, reply_markup=_keyboard("z"))
    assert api.sent_messages(42)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "z"
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=42, message_id=99)


async def test_html_validation(bot: Bot, api: FakeBotAPI):
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(42, "<b>x", parse_mode=ParseMode.HTML)
    ok = await bot.send_message(
        42, "<b>bold</b> &lt;3 <a href='https://x.y/?a=1&amp;b=2'>l</a>", parse_mode="HTML"
    )
    assert ok.text.startswith("<b>bold</b>")  # stored as sent
    assert api.calls_to("sendMessage")[0].status == 400
    assert api.calls_to("sendMessage", ok_only=True)[0].params["parse_mode"] == "HTML"


def test_html_parser_rules():
    assert parse_telegram_html("<b>a</b> &amp; <i>b</i> & c") == "a & b & c"
    assert parse_telegram_html('<span class="tg-spoiler">s</span>') == "s"
    assert parse_telegram_html("<blockquote expandable>q</blockquote>") == "q"
    assert parse_telegram_html("&#128512;&#x41;") == "\U0001f600A"
    for bad in ("<b>x", "a < b", "<div>x</div>", "<b><i>x</b></i>", "x</b>", "<span>x</span>"):
        with pytest.raises(ValueError):
            parse_telegram_html(bad)
    assert utf16_len("\U0001f600") == 2


async def test_too_long_and_empty(bot: Bot, api: FakeBotAPI):
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    await bot.send_message(42, "x" * 4096)
    # HTML tags do not count, UTF-16 units do
    await bot.send_message(42, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(42, "\U0001f600" * 2049)
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(42, "   ")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_fault_retry_after(bot: Bot, api: FakeBotAPI):
    api.add_fault("sendMessage", status=429, retry_after=1)
    with pytest.raises(RetryAfter) as excinfo:
        await bot.send_message(42, "hi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's int -> timedelta deprecation notice
        retry_after = excinfo.value.retry_after
    assert retry_after in (1, dtm.timedelta(seconds=1))
    call = api.calls_to("sendMessage")[0]
    assert call.status == 429
    assert call.response["parameters"] == {"retry_after": 1}
    assert call.response["description"] == "Too Many Requests: retry after 1"
    # fault consumed: next call succeeds
    await bot.send_message(42, "hi")
    assert len(api.calls_to("sendMessage", ok_only=True)) == 1


async def test_fault_forbidden_filtered_by_chat(bot: Bot, api: FakeBotAPI):
    api.add_fault("sendMessage", status=403, chat_id=7, times=2)
    await bot.send_message(42, "fine")  # other chat unaffected
    for _ in range(2):
        with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
            await bot.send_message(7, "blocked")
    await bot.send_message(7, "unblocked")
    assert [m["text"] for m in api.sent_messages()] == ["fine", "unblocked"]


async def test_delay_fault_records_call_on_arrival(bot: Bot, api: FakeBotAPI):
    api.add_fault("sendMessage", status=200, delay=0.3)
    task = asyncio.create_task(bot.send_message(42, "slow"))
    calls = await api.wait_for_calls("sendMessage", ok_only=False, timeout=1)
    assert calls[0].status is None and calls[0].response is None
    assert not task.done()
    msg = await task
    assert msg.text == "slow"
    assert calls[0].status == 200
    with pytest.raises(AssertionError, match="timed out"):
        await api.wait_for_calls("sendMessage", 2, timeout=0.05)


async def test_get_updates_parsed_by_ptb(bot: Bot, api: FakeBotAPI):
    user = FakeUser(42, username="aiko")
    sent = await bot.send_message(42, "pick", reply_markup=_keyboard("a"))
    api.send_text(user, "hello world")
    api.send_command(user, "/start", "payload")
    api.press_button(user, sent.message_id, "cb:a")

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [1, 2, 3]
    first, second, third = updates
    assert first.message.text == "hello world"
    assert first.message.from_user.language_code == "ja"
    assert first.effective_chat.type == "private"
    assert first.message.message_id == 2  # message ids are shared per chat with the bot's
    assert second.message.text == "/start payload"
    (entity,) = second.message.entities
    assert entity.type == MessageEntity.BOT_COMMAND
    assert (entity.offset, entity.length) == (0, len("/start"))
    assert third.callback_query.data == "cb:a"
    assert third.callback_query.message.message_id == sent.message_id
    assert third.callback_query.message.reply_markup.inline_keyboard[0][0].text == "a"

    # not confirmed -> handed out again; confirming with offset drops them
    assert len(await bot.get_updates(timeout=0)) == 3
    assert await bot.get_updates(offset=4, timeout=0) == ()
    api.send_text(user, "/help@ValueJournalTestBot now")
    (update,) = await bot.get_updates(offset=4, timeout=0, limit=5)
    parsed = Update.de_json(api.calls_to("getUpdates")[-1].result[0], bot)
    assert parsed.message.entities[0].length == len("/help@ValueJournalTestBot")
    assert update.message.text.startswith("/help")
    await api.wait_until_idle(timeout=1, settle=0.05)


async def test_group_and_edited_and_misc_updates(bot: Bot, api: FakeBotAPI):
    user = FakeUser(5, first_name="Ken", language_code="en")
    group = api.group_chat()
    api.send_text(user, "in group", chat=group)
    original = api.send_text(user, "typo")
    api.send_edited_text(user, original["message"]["message_id"], "fixed")
    api.send_message(user, voice={"file_id": "v1", "file_unique_id": "uv1", "duration": 3})
    updates = await bot.get_updates()
    assert updates[0].effective_chat.id == -100123
    assert updates[0].effective_chat.type == "supergroup"
    assert updates[1].message.chat.id == 5
    assert updates[2].edited_message.text == "fixed"
    assert updates[2].edited_message.message_id == updates[1].message.message_id
    assert updates[3].message.voice.file_id == "v1"
    assert updates[3].message.from_user.language_code == "en"


async def test_long_poll_returns_early(bot: Bot, api: FakeBotAPI):
    async def queue_later():
        await asyncio.sleep(0.2)
        api.send_text(FakeUser(1), "wake up")

    started = time.monotonic()
    queuer = asyncio.create_task(queue_later())
    updates = await bot.get_updates(timeout=10)
    elapsed = time.monotonic() - started
    await queuer
    assert [u.message.text for u in updates] == ["wake up"]
    assert 0.15 < elapsed < 1.5

    # nothing queued: returns [] after the (capped) timeout
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 1.8


async def test_multipart_send_document_and_files(bot: Bot, api: FakeBotAPI):
    payload = bytes(range(256)) + b"\r\n--boundary\r\n\r\n\n\r" + "日本語".encode()
    msg = await bot.send_document(
        42, payload, filename="export.csv", caption="<b>your data</b>", parse_mode="HTML"
    )
    assert msg.document.file_name == "export.csv"
    assert msg.caption == "<b>your data</b>"
    call = api.calls_to("sendDocument")[0]
    assert call.files["document"] == ("export.csv", payload)
    assert call.params["chat_id"] == 42
    assert call.params["caption"] == "<b>your data</b>"

    photo = await bot.send_photo(42, b"\x89PNG fake", caption="pic")
    assert photo.photo[0].width > 0
    assert api.calls_to("sendPhoto")[0].files["photo"][1] == b"\x89PNG fake"

    # uploaded bytes can be downloaded again through getFile + the file URL
    api.add_file("known", b"hello file")
    tg_file = await bot.get_file("known")
    assert tg_file.file_path.endswith("photos/known.jpg")
    assert bytes(await tg_file.download_as_bytearray()) == b"hello file"
    uploaded = await bot.get_file(msg.document.file_id)
    assert bytes(await uploaded.download_as_bytearray()) == payload
    missing = await bot.get_file("nope")
    with pytest.raises(InvalidToken):  # PTB maps a 404 download to InvalidToken
        await missing.download_as_bytearray()

    group = await bot.send_media_group(
        42, [InputMediaPhoto(b"one", caption="first"), InputMediaPhoto(b"two")]
    )
    assert len(group) == 2 and group[0].media_group_id == group[1].media_group_id
    assert sorted(v[1] for v in api.calls_to("sendMediaGroup")[0].files.values()) == [
        b"one",
        b"two",
    ]


async def test_commands_per_language(bot: Bot, api: FakeBotAPI):
    await bot.set_my_commands([BotCommand("start", "開始")], language_code="ja")
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    assert api.commands_for("ja") == [{"command": "start", "description": "開始"}]
    assert [c["command"] for c in api.commands_for()] == ["start", "help"]
    assert api.commands_for("en") == []
    fetched = await bot.get_my_commands(language_code="ja")
    assert fetched[0].description == "開始"
    await bot.delete_my_commands(language_code="ja")
    assert api.commands_for("ja") == []


async def test_wrong_token_and_unknown_path(api: FakeBotAPI):
    request = HTTPXRequest()
    await request.initialize()
    try:
        with pytest.raises(InvalidToken, match="Unauthorized"):
            await request.post(f"{api.base_url}999:WrongTokenWrongTokenWrongToken_xyz/getMe")
    finally:
        await request.shutdown()
    assert api.calls[-1].status == 401
    assert api.calls[-1].response == {"ok": False, "error_code": 401, "description": "Unauthorized"}

    def fetch(path: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{api.port}{path}") as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    assert await asyncio.to_thread(fetch, "/nothing") == 404
    assert await asyncio.to_thread(fetch, f"/file/bot{TOKEN}/photos/none.jpg") == 404


async def test_real_application_in_process(api: FakeBotAPI):
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"Welcome, {update.effective_user.first_name}!")

    app = (
        ApplicationBuilder().token(TOKEN).base_url(api.base_url).base_file_url(api.file_url).build()
    )
    app.add_handler(CommandHandler("start", start))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        api.send_command(FakeUser(42, first_name="Aiko"), "/start")
        (call,) = await api.wait_for_calls("sendMessage")
        assert call.params["text"] == "Welcome, Aiko!"
        assert call.params["chat_id"] == 42
        assert api.last_message(42)["text"] == "Welcome, Aiko!"
        await api.wait_until_idle(timeout=3)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert not api.errors


async def test_telegram_limits_when_enforced():
    limited = FakeBotAPI(limits=True).start()
    try:
        async with Bot(TOKEN, base_url=limited.base_url) as bot:
            for chat in range(1, 31):  # 30 chats in well under a second: all accepted
                await bot.send_message(chat, "hi")
            with pytest.raises(RetryAfter):
                await bot.send_message(31, "one too many")
            assert limited.throttled == 1
            limited._sent_at.clear()  # noqa: SLF001 - a second later
            await bot.send_message(1, "a short burst")  # one chat: three in a row are fine
            await bot.send_message(1, "is allowed")
            with pytest.raises(RetryAfter):
                await bot.send_message(1, "but not a fourth within a second")
            assert limited.throttled == 2
    finally:
        limited.stop()
