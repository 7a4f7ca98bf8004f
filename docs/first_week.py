"""A new user's first week, in English and in Japanese, written as a transcript.

The real bot runs in-process against the fake Bot API (tests/fakebotapi.py) with an injected
clock, exactly as in the end-to-end tests (tests/conftest.py), so the transcript is the
bot's own output. Regenerate both files with:

    python -m docs.first_week

``tests/e2e/test_transcripts.py`` fails when the committed files differ from the output.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import ManualClock
from tests.conftest import BotHarness
from tests.fakebotapi import FakeBotAPI, FakeUser

DOCS = Path(__file__).resolve().parent
REGENERATE = "python -m docs.first_week"
MONDAY = (2026, 11, 23)  # the week Monday 23 to Sunday 29 November 2026
SHOWN = {"sendMessage", "editMessageText", "sendPhoto", "editMessageCaption", "deleteMessage"}

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_JA = "月火水木金土日"


def render_html(text: str) -> str:
    """Telegram HTML as a reader sees it: bold as **bold**, italics as *italics*."""
    text = re.sub(r"</?b>|</?strong>", "**", text)
    text = re.sub(r"</?i>|</?em>", "*", text)
    text = re.sub(r"</?code>", "`", text)
    text = re.sub(r"<[^>]+>", "", text)  # links, spoilers, quotes: their text only
    return html.unescape(text)


def button_rows(message: dict) -> list[list[dict]]:
    markup = message.get("reply_markup") or {}
    return markup.get("inline_keyboard") or []


@dataclass(frozen=True)
class Story:
    """What one user does in their first week, in their language."""

    lang: str
    user: FakeUser
    zone: str
    zone_button: str
    persona: str
    answer: tuple[str, str, str, str]  # who, problem, how, outcome (step by step)
    quick_form: str
    thanks_from: dict
    thanks_text: str


STORIES = (
    Story(
        lang="en",
        user=FakeUser(id=2002, first_name="Sam", language_code="en-US"),
        zone="America/New_York",
        zone_button="set:tz:America/New_York",
        persona="freelancer",
        answer=("Mika, a new client", "her online shop kept timing out at checkout",
                "found the slow plugin and replaced it", "sales came back the same evening"),
        quick_form="Ken / lost in the new invoicing tool / 10-minute walkthrough",
        thanks_from={"id": 777, "is_bot": False, "first_name": "Mika", "last_name": "Jones"},
        thanks_text="Thank you so much! Checkout works again and two orders came in already 🙏",
    ),
    Story(
        lang="ja",
        user=FakeUser(id=1001, first_name="あいこ", language_code="ja"),
        zone="Asia/Tokyo",
        zone_button="set:tz:Asia/Tokyo",
        persona="office",
        answer=("同僚の佐藤さん", "資料の締切に間に合わない", "構成案を一緒に作った",
                "「助かった!」と言われた"),
        quick_form="田中さん / 確定申告のやり方がわからない / 必要な書類を一緒に確認した",
        thanks_from={"id": 778, "is_bot": False, "first_name": "健", "last_name": "佐藤"},
        thanks_text="昨日は本当にありがとうございました!おかげで締切に間に合いました。",
    ),
)


class Recorder:
    """Plays a story against the bot and writes what each side sees, in order."""

    def __init__(self, harness: BotHarness, story: Story) -> None:
        self.harness = harness
        self.api: FakeBotAPI = harness.api
        self.story = story
        self.user = story.user
        self.zone = ZoneInfo(story.zone)
        self.lines: list[str] = []
        self._seen = 0
        self._day: tuple[int, int, int] | None = None
        self._block_open = False

    # --- writing -----------------------------------------------------------------------
    def _open_block(self) -> None:
        if not self._block_open:
            self.lines += ["```text"]
            self._block_open = True

    def _close_block(self) -> None:
        if self._block_open:
            self.lines += ["```", ""]
            self._block_open = False

    def _say(self, who: str, text: str) -> None:
        self._open_block()
        first, *rest = text.split("\n")
        self.lines.append(f"{who:<5} {first}".rstrip())
        self.lines += [f"{'':<5} {line}".rstrip() for line in rest]

    def _heading(self, local: datetime) -> str:
        if self.story.lang == "ja":
            return (f"{local.year}年{local.month}月{local.day}日"
                    f"({_WEEKDAYS_JA[local.weekday()]})")
        return f"{_WEEKDAYS_EN[local.weekday()]} {local.day} {local:%B %Y}"

    async def at(self, day: int, hh: int, mm: int = 0) -> None:
        """Move the clock to local ``hh:mm`` on the ``day``-th day (0 = Monday) and let the
        scheduler run; whatever it sends is written under that time."""
        y, m, d = MONDAY
        local = datetime(y, m, d, hh, mm, tzinfo=self.zone) + timedelta(days=day)
        self.harness.clock.set(local.astimezone(UTC))
        await self.flush()
        if self._day != (local.year, local.month, local.day):
            self._close_block()
            self._day = (local.year, local.month, local.day)
            self.lines += [f"### {self._heading(local)}", ""]
        self._open_block()
        if self.lines[-1] != "```text":
            self.lines.append("")
        self.lines.append(f"— {local:%H:%M} —")
        await self.harness.dispatch()
        await self.flush()

    async def flush(self) -> None:
        await self.api.wait_until_idle()
        calls = self.api.calls
        while self._seen < len(calls):
            call = calls[self._seen]
            self._seen += 1
            if call.method not in SHOWN or not call.ok:
                continue
            if str(call.params.get("chat_id")) != str(self.user.id):
                continue
            self._bot(call.method, call.params, call.result)

    def _bot(self, method: str, params: dict, result: dict | bool) -> None:
        message = result if isinstance(result, dict) else {}
        if method == "deleteMessage":
            self._say("Bot:", "(removes its message)" if self.story.lang == "en"
                      else "(メッセージを取り消す)")
            return
        text = render_html(str(params.get("text") or params.get("caption") or ""))
        if method == "sendPhoto":
            text = "(chart image)" + (f"\n{text}" if text else "")
        if method.startswith("edit"):
            text = "(edits its message) " + text
        keyboard = " ".join(f"[{b['text']}]" for row in button_rows(message) for b in row)
        if keyboard:
            text += "\n" + keyboard
        self._say("Bot:", text)

    # --- acting as the user -------------------------------------------------------------
    async def send(self, text: str) -> None:
        await self.flush()
        self._say("You:", text)
        await self.harness.send(self.user, text)
        await self.flush()

    async def forward(self, sender: dict, text: str, days_ago: int = 0) -> None:
        await self.flush()
        name = " ".join(p for p in (sender.get("first_name"), sender.get("last_name")) if p)
        if self.story.lang == "ja":
            name = " ".join(p for p in (sender.get("last_name"), sender.get("first_name")) if p)
            self._say("You:", f"({name}さんのメッセージを転送)\n「{text}」")
        else:
            self._say("You:", f"(forwards a message from {name})\n“{text}”")
        sent = int(self.harness.clock.now().timestamp()) - days_ago * 86400 - 3600
        await self.harness.send_message(
            self.user, text=text,
            forward_origin={"type": "user", "date": sent, "sender_user": sender})
        await self.flush()

    async def tap(self, data: str) -> None:
        """Tap the button with callback data ``data`` (or starting with it) on the newest
        bot message that has it."""
        await self.flush()
        for message in reversed(self.api.sent_messages(self.user.id)):
            for row in button_rows(message):
                for b in row:
                    if b.get("callback_data") == data or b.get("callback_data", "").startswith(
                            data):
                        tapped = "タップ" if self.story.lang == "ja" else "taps"
                        self._say("You:", f"({tapped} [{b['text']}])")
                        await self.harness.press(self.user, message, b["callback_data"])
                        await self.flush()
                        return
        raise AssertionError(f"no button {data!r} in chat {self.user.id}\n"
                             + self.api.dump_calls())

    def text(self) -> str:
        self._close_block()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


INTRO = {
    "en": ("# A first week with the bot (English)\n\n"
           "Sam, a freelancer in New York, starts on Monday 23 November 2026. Everything below "
           "is the bot's own output, played against a fake Telegram with a fixed clock; times "
           "are Sam's local time. Buttons are shown in [brackets]; a tap on one is "
           "“(taps [label])”. Regenerate with `" + REGENERATE + "`.\n"),
    "ja": ("# はじめての1週間(日本語)\n\n"
           "東京の会社員あいこさんが、2026年11月23日(月)に使い始めます。以下はすべてボット自身の"
           "出力です(偽の Telegram と固定の時計で再生)。時刻は日本時間、ボタンは [かっこ] で、"
           "ボタンを押したところは「(タップ [ラベル])」で示します。"
           "再生成: `" + REGENERATE + "`\n"),
}


async def play(rec: Recorder) -> None:
    s = rec.story
    # Monday: setup in the morning, the first daily question at 21:00, answered step by step
    await rec.at(0, 10, 0)
    await rec.send("/start")
    await rec.tap(f"set:persona:{s.persona}")
    await rec.tap(s.zone_button)
    await rec.tap("set:time:21:00")
    await rec.at(0, 21, 0)
    await rec.tap("ci:answer:")
    for part in s.answer:
        await rec.send(part)
    # Tuesday: a quick-form entry at lunch (no question in the evening: the day has one)
    await rec.at(1, 12, 30)
    await rec.send(s.quick_form)
    # Wednesday: a thank-you arrives and is forwarded to the bot, tied to Monday's entry;
    # the evening question is put off by an hour, then left unanswered
    await rec.at(2, 9, 15)
    await rec.forward(s.thanks_from, s.thanks_text)
    await rec.tap("th:link:1:1")
    await rec.at(2, 21, 0)
    await rec.tap("ci:later:")
    await rec.at(2, 22, 0)
    # Thursday: nothing today
    await rec.at(3, 21, 0)
    await rec.tap("ci:nothing:")
    # Friday morning: how is the week going? The evening question goes unanswered;
    # Saturday's is skipped
    await rec.at(4, 8, 0)
    await rec.send("/week")
    await rec.at(4, 21, 0)
    await rec.at(5, 21, 0)
    await rec.tap("ci:skip:")
    # Sunday: the weekly digest at 20:00, then /history and /help
    await rec.at(6, 20, 0)
    await rec.at(6, 20, 10)
    await rec.send("/history")
    await rec.send("/help")


async def transcript(story: Story) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        api = FakeBotAPI().start()
        try:
            y, m, d = MONDAY
            clock = ManualClock(datetime(y, m, d, 0, 0, tzinfo=ZoneInfo(story.zone)))
            harness = BotHarness(api, clock, Path(tmp) / "journal.sqlite3")
            await harness.start()
            try:
                rec = Recorder(harness, story)
                await play(rec)
                await rec.flush()
            finally:
                await harness.stop()
        finally:
            api.stop()
    return INTRO[story.lang] + "\n" + rec.text()


def path_for(lang: str, directory: Path = DOCS) -> Path:
    return directory / f"first-week.{lang}.md"


async def write_all(directory: Path = DOCS) -> list[Path]:
    written = []
    for story in STORIES:
        path = path_for(story.lang, directory)
        path.write_text(await transcript(story), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    for path in asyncio.run(write_all()):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


if __name__ == "__main__":
    sys.exit(main())
