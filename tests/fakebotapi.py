"""A small fake Telegram Bot API server for tests.

The real python-telegram-bot stack (``Bot``/``Application``) talks to it over HTTP on
127.0.0.1, so it works both in-process and for a bot running in a subprocess::

    api = FakeBotAPI().start()
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api.base_url)
        .base_file_url(api.file_url)
        .build()
    )
    ...
    api.send_text(FakeUser(42), "hello")
    await api.wait_for_calls("sendMessage")
    api.stop()

Only the standard library is used.  The server runs in a daemon thread
(``ThreadingHTTPServer``); all shared state is guarded by one ``threading.Condition``.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import contextlib
import copy
import email
import email.policy
import functools
import gc
import json
import re
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "TOKEN",
    "Call",
    "FakeBotAPI",
    "FakeUser",
    "HtmlParseError",
    "parse_telegram_html",
    "utf16_len",
]

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklm"

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
#: getUpdates long polls never block longer than this (keeps shutdown fast).
MAX_POLL_WAIT = 2.0

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


# --------------------------------------------------------------------------------------------
# Public data classes
# --------------------------------------------------------------------------------------------


@dataclass
class FakeUser:
    id: int
    first_name: str = "Aiko"
    language_code: str | None = "ja"
    username: str | None = None
    last_name: str | None = None

    def to_dict(self) -> dict:
        """The Telegram ``User`` object for this user."""
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name is not None:
            d["last_name"] = self.last_name
        if self.username is not None:
            d["username"] = self.username
        if self.language_code is not None:
            d["language_code"] = self.language_code
        return d

    def private_chat(self) -> dict:
        """The ``Chat`` object of this user's private chat with the bot."""
        d: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            d["last_name"] = self.last_name
        if self.username is not None:
            d["username"] = self.username
        return d


@dataclass
class Call:
    method: str
    params: dict
    files: dict
    at: float
    status: int | None
    response: dict | None

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    def describe(self) -> str:
        text = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(text) > 200:
            text = text[:197] + "..."
        if self.files:
            text += f" files={sorted(self.files)}"
        desc = ""
        if self.response and not self.response.get("ok"):
            desc = f" -> {self.response.get('description')!r}"
        return f"{self.method} [{self.status if self.status is not None else 'in flight'}] {text}{desc}"


@dataclass
class _Fault:
    method: str
    status: int
    description: str
    retry_after: int | None
    delay: float
    times: int
    chat_id: int | None


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


# --------------------------------------------------------------------------------------------
# Helpers: UTF-16 length, Telegram HTML validation, request decoding
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class HtmlParseError(ValueError):
    pass


_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "tg-spoiler",
        "span",
        "blockquote",
    }
)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")


def _decode_entity(m: re.Match[str]) -> str | None:
    dec, hexa, name = m.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(dec) if dec is not None else int(hexa, 16)
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return None


def _decode_entities(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        ch = _decode_entity(m)
        return m.group(0) if ch is None else ch

    return _ENTITY_RE.sub(repl, text)


def parse_telegram_html(text: str) -> str:
    """Validate Telegram-flavoured HTML the way the Bot API (tdlib) does; return plain text.

    Raises :class:`HtmlParseError` with a Telegram-like message on malformed input.
    Unknown ``&...;`` sequences are kept literally (like Telegram); a ``<`` that does not
    start a supported tag is an error (like Telegram).
    """
    out: list[str] = []
    stack: list[str] = []
    n = len(text)
    i = 0

    def off(pos: int) -> int:
        return len(text[:pos].encode("utf-8", "surrogatepass"))

    while i < n:
        c = text[i]
        if c == "&":
            m = _ENTITY_RE.match(text, i)
            ch = _decode_entity(m) if m else None
            if m is not None and ch is not None:
                out.append(ch)
                i = m.end()
            else:
                out.append(c)
                i += 1
            continue
        if c != "<":
            out.append(c)
            i += 1
            continue
        begin = i
        if i + 1 < n and text[i + 1] == "/":
            # end tag
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {off(begin)}")
            j = i + 2
            while j < n and (text[j].isascii() and text[j].isalpha() or text[j] == "-"):
                j += 1
            name = text[i + 2 : j].lower()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != ">":
                raise HtmlParseError(f"Unclosed end tag at byte offset {off(begin)}")
            expected = stack[-1]
            if name and name != expected:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {off(begin)}, expected "</{expected}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            i = j + 1
            continue
        # start tag
        j = i + 1
        while j < n and not text[j].isspace() and text[j] != ">":
            j += 1
        if j >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {off(begin)}")
        name = text[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {off(begin)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {off(begin)}")
            if text[j] == ">":
                break
            k = j
            while j < n and not text[j].isspace() and text[j] not in "=>":
                j += 1
            attr = text[k:j].lower()
            if not attr:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {off(begin)}'
                )
            while j < n and text[j].isspace():
                j += 1
            value = ""
            if j < n and text[j] == "=":
                j += 1
                while j < n and text[j].isspace():
                    j += 1
                if j >= n:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {off(begin)}")
                if text[j] in "\"'":
                    end = text.find(text[j], j + 1)
                    if end == -1:
                        raise HtmlParseError(f"Unclosed start tag at byte offset {off(begin)}")
                    value = _decode_entities(text[j + 1 : end])
                    j = end + 1
                else:
                    k = j
                    while j < n and (text[j].isalnum() or text[j] in ".-"):
                        j += 1
                    value = text[k:j]
            attrs[attr] = value
        if name == "span" and not attrs.get("class", "").startswith("tg-spoiler"):
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {off(begin)}'
            )
        stack.append(name)
        i = j + 1
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


# Parameters whose (string) value is JSON produced by PTB for non-string values.
_JSON_KEYS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "explanation_entities",
        "commands",
        "scope",
        "allowed_updates",
        "media",
        "link_preview_options",
        "reply_parameters",
        "results",
        "options",
        "menu_button",
        "permissions",
        "reaction",
        "message_ids",
        "prices",
        "button",
        "text_entities",
        "question_entities",
    }
)
_INT_KEYS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "from_chat_id",
        "reply_to_message_id",
        "message_thread_id",
        "cache_time",
        "duration",
        "width",
        "height",
        "length",
        "until_date",
        "max_connections",
        "sender_chat_id",
        "open_period",
        "close_date",
    }
)
_BOOL_PREFIXES = ("disable_", "is_", "has_", "protect_", "allow_", "show_", "drop_", "can_")
_BOOL_KEYS = frozenset({"supports_streaming", "revoke_messages", "only_if_banned", "for_channels"})
_INT_RE = re.compile(r"-?\d+")


def _decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Turn PTB's form values (strings; non-strings JSON-encoded) back into typed values.

    Free text fields (``text``, ``caption``, ``data``...) are never touched.
    """
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            out[key] = value
        elif key in _JSON_KEYS:
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
        elif key in _INT_KEYS and _INT_RE.fullmatch(value):
            out[key] = int(value)
        elif value in ("true", "false") and (key in _BOOL_KEYS or key.startswith(_BOOL_PREFIXES)):
            out[key] = value == "true"
        else:
            out[key] = value
    return out


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple]]:
    msg = email.message_from_bytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body,
        policy=email.policy.HTTP,
    )
    if not msg.is_multipart():
        raise _ApiError(400, "Bad Request: malformed multipart body")
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename is not None:
            files[str(name)] = (filename, payload)
        else:
            charset = part.get_content_charset() or "utf-8"
            fields[str(name)] = payload.decode(charset, "replace")
    return fields, files


@contextlib.contextmanager
def frozen_heap(*, no_collections: bool = False):
    """While the fake measures rates: keep this process's existing objects out of garbage
    collection (``no_collections``: run none at all). The fake stamps each request as its
    thread reads it; a full collection pass over a large heap (a test process after hundreds
    of tests, a benchmark with 10,000 recorded calls) holds the GIL long enough to delay
    those stamps, and requests then look closer together than they left."""
    gc.collect()
    gc.freeze()
    if no_collections:
        gc.disable()
    try:
        yield
    finally:
        if no_collections:
            gc.enable()
        gc.unfreeze()

def _default_description(status: int, retry_after: int | None) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {retry_after if retry_after is not None else 1}"
    defaults = {
        400: "Bad Request: injected fault",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    if status in defaults:
        return defaults[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _error_body(status: int, description: str, parameters: dict | None = None) -> dict:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


def _inline_markup(params: dict) -> dict | None:
    """The reply_markup Telegram would echo in the Message (inline keyboards only)."""
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and markup.get("inline_keyboard"):
        return markup
    return None


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    api: FakeBotAPI


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # avoid 40 ms Nagle/delayed-ACK stalls on keep-alive
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def setup(self) -> None:
        super().setup()
        self.server.api._track_connection(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.api._track_connection(self.connection, add=False)

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        try:
            body = self._read_body()
        except (OSError, ValueError):
            self.close_connection = True
            return
        status, payload, content_type = self.server.api._handle_http(
            self.path, self.headers.get("Content-Type", ""), body
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:  # client went away (e.g. cancelled long poll)
            self.close_connection = True


# --------------------------------------------------------------------------------------------
# The fake API
# --------------------------------------------------------------------------------------------

_MEDIA_METHODS = {
    # method -> (parameter / message field, file_id prefix)
    "sendphoto": ("photo", "photo"),
    "senddocument": ("document", "doc"),
    "sendvoice": ("voice", "voice"),
    "sendaudio": ("audio", "audio"),
    "sendvideo": ("video", "video"),
    "sendanimation": ("animation", "anim"),
    "sendsticker": ("sticker", "sticker"),
    "sendvideonote": ("video_note", "vnote"),
}


class FakeBotAPI:
    """Fake Telegram Bot API HTTP server (see module docstring)."""

    def __init__(
        self,
        token: str = TOKEN,
        bot_id: int = 123456789,
        bot_username: str = "ValueJournalTestBot",
        *,
        latency: float = 0.0,
        limits: bool = False,
    ) -> None:
        """``latency``: seconds each request waits before it is answered (a round trip to
        Telegram). ``limits``: enforce Telegram's sending limits as it does, with 429 and
        ``retry_after``: at most ``MAX_PER_SECOND`` messages in any second, and one a second per
        chat after a burst of ``CHAT_BURST``."""
        self.latency = latency
        self.limits = limits
        self.throttled = 0  # answers of 429 given for the limits
        self.throttled_chat = 0  # … of them for one chat's limit (the rest: the global one)
        #: the shortest time from a message to the one MAX_PER_SECOND messages after it (under
        #: 1.0: that one was over the limit; how far over 1.0: the margin the sender kept)
        self.tightest_window = float("inf")
        self._last_accepted: collections.deque[float] = collections.deque(
            maxlen=self.MAX_PER_SECOND)
        self._sent_at: list[float] = []  # accepted messages' arrival times, in order
        self._chat_sent_at: dict[Any, tuple[float, float]] = {}  # chat -> (tokens, when)
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.date_fn: Callable[[], int] = lambda: int(time.time())
        self.calls: list[Call] = []
        #: Tracebacks of bugs inside the fake itself (answered with HTTP 500).
        self.errors: list[str] = []

        self._cond = threading.Condition(threading.RLock())
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._connections: set[socket.socket] = set()

        # updates
        self._updates: list[dict] = []  # queued, not yet confirmed
        self._next_update_id = 1
        self._handed_out_max = 0
        # webhook: set by setWebhook; updates are posted to webhook_target (a test points it
        # at the bot's listener, since the https URL the bot registers is not reachable here)
        self.webhook: dict[str, Any] | None = None
        self.webhook_target: str | None = None
        #: several targets instead (replicas behind a load balancer): each update goes to the
        #: next one in turn, and one that does not answer 2xx is skipped for the next
        self.webhook_targets: list[str] = []
        self._next_target = 0
        #: called (method, params) as each request arrives, in the server's thread (a test
        #: kills a process at an exact moment)
        self.on_arrival: Callable[[str, dict], None] | None = None
        self.webhook_posts: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._deliverer: threading.Thread | None = None
        # activity tracking for wait_until_idle
        self._inflight = 0
        self._last_activity = time.monotonic()

        # chats & messages
        self._chats: dict[Any, dict] = {}
        self._next_message_id: dict[Any, int] = {}
        self._messages: dict[tuple[Any, int], dict] = {}  # bot-sent
        self._message_order: list[tuple[Any, int]] = []
        self._user_messages: dict[tuple[Any, int], dict] = {}
        self._deleted: set[tuple[Any, int]] = set()
        self._next_callback = 1
        self._next_media_group = 1

        # files
        self._files: dict[str, bytes] = {}
        self._file_paths: dict[str, str] = {}
        self._next_file = 1

        # bot settings
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._settings: dict[tuple[str, str], Any] = {}

        self._faults: list[_Fault] = []

        self._methods: dict[str, Callable[[dict, dict], Any]] = {
            "getme": self._m_get_me,
            "getupdates": self._m_get_updates,
            "deletewebhook": self._m_delete_webhook,
            "setwebhook": self._m_set_webhook,
            "getwebhookinfo": self._m_get_webhook_info,
            "setmycommands": self._m_set_my_commands,
            "deletemycommands": self._m_delete_my_commands,
            "getmycommands": self._m_get_my_commands,
            "setmydescription": lambda p, f: self._set_setting("description", p),
            "getmydescription": lambda p, f: {"description": self._get_setting("description", p)},
            "setmyshortdescription": lambda p, f: self._set_setting("short_description", p),
            "getmyshortdescription": lambda p, f: {
                "short_description": self._get_setting("short_description", p)
            },
            "setmyname": lambda p, f: self._set_setting("name", p),
            "getmyname": lambda p, f: {"name": self._get_setting("name", p)},
            "sendmessage": self._m_send_message,
            "editmessagetext": self._m_edit_message_text,
            "editmessagereplymarkup": self._m_edit_message_reply_markup,
            "editmessagecaption": self._m_edit_message_caption,
            "deletemessage": self._m_delete_message,
            "sendmediagroup": self._m_send_media_group,
            "getfile": self._m_get_file,
        }
        for name, (kind, prefix) in _MEDIA_METHODS.items():
            self._methods[name] = functools.partial(self._m_send_media, kind=kind, prefix=prefix)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotAPI:
        if self._server is not None:
            return self
        self._stopping = False
        server = _Server(("127.0.0.1", 0), _Handler)
        server.api = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeBotAPI",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server = self._server
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server.shutdown()
        with self._cond:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._deliverer is not None:
            self._deliverer.join(timeout=2)
            self._deliverer = None
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def _track_connection(self, conn: socket.socket, *, add: bool) -> None:
        with self._cond:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    # ------------------------------------------------------------------ bot identity

    def bot_user(self) -> dict:
        """The bot's User object as it appears in ``Message.from``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Value Journal",
            "username": self.bot_username,
        }

    # ------------------------------------------------------------------ queueing updates

    def queue_update(self, update: dict) -> dict:
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def group_chat(self, chat_id: int = -100123, title: str = "Team") -> dict:
        chat = {
            "id": chat_id,
            "type": "supergroup" if str(chat_id).startswith("-100") else "group",
            "title": title,
        }
        with self._cond:
            self._chats[chat_id] = chat
        return copy.deepcopy(chat)

    def _alloc_message_id(self, chat_id: Any) -> int:
        with self._cond:
            mid = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = mid + 1
            return mid

    def send_message(self, user: FakeUser, *, chat: dict | None = None, **message_fields) -> dict:
        """Queue a ``message`` update from ``user`` with arbitrary extra Message fields."""
        chat = copy.deepcopy(chat) if chat is not None else user.private_chat()
        with self._cond:
            self._chats.setdefault(chat["id"], chat)
            message: dict[str, Any] = {
                "message_id": self._alloc_message_id(chat["id"]),
                "date": self.date_fn(),
                "chat": chat,
                "from": user.to_dict(),
            }
            message.update(message_fields)
            self._user_messages[(chat["id"], message["message_id"])] = message
            return self.queue_update({"message": message})

    def send_text(
        self, user: FakeUser, text: str, *, chat: dict | None = None, **message_extra
    ) -> dict:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            word = text.split(maxsplit=1)[0] if text.strip() else text
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(word)}]
        fields.update(message_extra)
        return self.send_message(user, chat=chat, **fields)

    def send_command(self, user: FakeUser, command: str, args: str = "", **kw) -> dict:
        text = command if command.startswith("/") else "/" + command
        if args:
            text = f"{text} {args}"
        return self.send_text(user, text, **kw)

    def send_edited_text(self, user: FakeUser, original_message_id: int, new_text: str) -> dict:
        with self._cond:
            original = None
            for (_chat_id, mid), msg in self._user_messages.items():
                if mid == original_message_id and msg.get("from", {}).get("id") == user.id:
                    original = msg
            if original is not None:
                message = copy.deepcopy(original)
            else:
                message = {
                    "message_id": original_message_id,
                    "date": self.date_fn(),
                    "chat": user.private_chat(),
                    "from": user.to_dict(),
                }
            message["text"] = new_text
            message.pop("entities", None)
            if new_text.startswith("/") and new_text.strip():
                word = new_text.split(maxsplit=1)[0]
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(word)}
                ]
            message["edit_date"] = self.date_fn()
            if original is not None:
                original.update(copy.deepcopy(message))
            return self.queue_update({"edited_message": message})

    def press_button(self, user: FakeUser, message: dict | int, data: str) -> dict:
        """Queue a ``callback_query`` update for an inline button on a bot message."""
        with self._cond:
            if isinstance(message, int):
                key = (user.id, message)
                stored = self._messages.get(key)
                if stored is None:
                    raise AssertionError(
                        f"press_button: the bot sent no message {message} in chat {user.id}; "
                        f"known: {sorted(k for k in self._messages if k[0] == user.id)}"
                    )
            else:
                key = (message["chat"]["id"], message["message_id"])
                stored = self._messages.get(key, message)
            cb_id = str(4_000_000_000_000_000 + self._next_callback)
            self._next_callback += 1
            callback = {
                "id": cb_id,
                "from": user.to_dict(),
                "message": copy.deepcopy(stored),
                "chat_instance": f"ci{abs(key[0]) if isinstance(key[0], int) else key[0]}",
                "data": data,
            }
            return self.queue_update({"callback_query": callback})

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str, *, ok_only: bool = False) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (not ok_only or c.ok)]

    def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[dict]:
        """Messages the bot created (current state after edits), in creation order."""
        with self._cond:
            return [
                copy.deepcopy(self._messages[key])
                for key in self._message_order
                if (chat_id is None or key[0] == chat_id)
                and (include_deleted or key not in self._deleted)
            ]

    def last_message(self, chat_id: int) -> dict:
        msgs = self.sent_messages(chat_id)
        if not msgs:
            raise AssertionError(f"the bot sent no message to chat {chat_id}\n{self.dump_calls()}")
        return msgs[-1]

    def commands_for(
        self, language_code: str | None = None, *, scope: dict | None = None
    ) -> list[dict]:
        with self._cond:
            return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    def reset_calls(self) -> None:
        with self._cond:
            self.calls.clear()

    def dump_calls(self, last: int = 25) -> str:
        with self._cond:
            interesting = [
                c for c in self.calls if not (c.method == "getUpdates" and c.ok and not c.result)
            ]
        lines = [f"  {c.describe()}" for c in interesting[-last:]]
        head = f"recent calls ({len(lines)} of {len(interesting)}, empty getUpdates omitted):"
        if self.errors:
            lines.append("fake server errors:\n" + "\n".join(self.errors[-3:]))
        return "\n".join([head, *lines])

    def _matching(
        self, method: str, ok_only: bool, predicate: Callable[[Call], bool] | None
    ) -> list[Call]:
        with self._cond:
            snapshot = list(self.calls)
        return [
            c
            for c in snapshot
            if c.method == method
            and (c.ok if ok_only else True)
            and (predicate is None or predicate(c))
        ]

    def _wait_error(self, method: str, count: int, found: int, timeout: float) -> AssertionError:
        return AssertionError(
            f"timed out after {timeout}s waiting for {count} {method} call(s); got {found}\n"
            f"{self.dump_calls()}"
        )

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the fixture's public API
        ok_only: bool = True,
        predicate: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, ok_only, predicate)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise self._wait_error(method, count, len(found), timeout)
            await asyncio.sleep(0.01)

    def wait_for_calls_sync(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 5.0,
        ok_only: bool = True,
        predicate: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, ok_only, predicate)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise self._wait_error(method, count, len(found), timeout)
            time.sleep(0.01)

    def _idle_state(self, settle: float) -> tuple[bool, str]:
        with self._cond:
            pending = [
                u["update_id"] for u in self._updates if u["update_id"] > self._handed_out_max
            ]
            inflight = self._inflight
            quiet = time.monotonic() - self._last_activity
        idle = not pending and inflight == 0 and quiet >= settle
        return (
            idle,
            f"undelivered updates={pending}, in-flight calls={inflight}, quiet for {quiet:.2f}s",
        )

    async def wait_until_idle(
        self,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the fixture's public API
        settle: float = 0.15,
    ) -> None:
        deadline = time.monotonic() + timeout
        while True:
            idle, state = self._idle_state(settle)
            if idle:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(f"bot not idle after {timeout}s: {state}\n{self.dump_calls()}")
            await asyncio.sleep(0.01)

    def wait_until_idle_sync(self, *, timeout: float = 5.0, settle: float = 0.15) -> None:
        deadline = time.monotonic() + timeout
        while True:
            idle, state = self._idle_state(settle)
            if idle:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(f"bot not idle after {timeout}s: {state}\n{self.dump_calls()}")
            time.sleep(0.01)

    # ------------------------------------------------------------------ faults & files

    def add_fault(
        self,
        method: str,
        *,
        status: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        fault = _Fault(
            method=method,
            status=status,
            description=description or _default_description(status, retry_after),
            retry_after=retry_after,
            delay=delay,
            times=times,
            chat_id=chat_id,
        )
        with self._cond:
            self._faults.append(fault)

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()

    def _take_fault(self, method: str, params: dict) -> _Fault | None:
        with self._cond:
            for fault in self._faults:
                if fault.method.lower() != method.lower():
                    continue
                if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return copy.copy(fault)
        return None

    def add_file(self, file_id: str, data: bytes) -> None:
        with self._cond:
            self._files[file_id] = data

    # ------------------------------------------------------------------ request handling

    def _handle_http(self, raw_path: str, content_type: str, body: bytes) -> tuple[int, bytes, str]:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)

        def js(status: int, obj: dict) -> tuple[int, bytes, str]:
            return status, json.dumps(obj, ensure_ascii=False).encode("utf-8"), "application/json"

        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot") :].partition("/")
            if token != self.token:
                return js(401, _error_body(401, "Unauthorized"))
            data = self._file_bytes(file_path)
            if data is None:
                return js(404, _error_body(404, "Not Found"))
            return 200, data, "application/octet-stream"

        if not path.startswith("/bot"):
            return js(404, _error_body(404, "Not Found"))
        token, _, method = path[len("/bot") :].partition("/")
        if not method or "/" in method:
            return js(404, _error_body(404, "Not Found"))

        arrived = time.monotonic()
        files: dict[str, tuple[str, bytes]] = {}
        decode_error: _ApiError | None = None
        try:
            raw, files = self._read_params(content_type, body, parts.query)
            params = _decode_params(raw) if isinstance(raw, dict) else {}
        except _ApiError as exc:
            params, decode_error = {}, exc
        except Exception as exc:  # malformed body
            params, decode_error = {}, _ApiError(400, f"Bad Request: can't parse request: {exc}")

        call = Call(
            method=method, params=params, files=files, at=arrived, status=None, response=None
        )
        tracked = method != "getUpdates"
        with self._cond:
            self.calls.append(call)
            if tracked:
                self._inflight += 1
                self._last_activity = arrived
        try:
            if token != self.token:
                status, resp = 401, _error_body(401, "Unauthorized")
            elif decode_error is not None:
                status, resp = decode_error.status, _error_body(400, decode_error.description)
            else:
                status, resp = self._answer(method, params, files, arrived)
        except Exception as exc:
            self.errors.append(traceback.format_exc())
            status, resp = 500, _error_body(500, f"Internal Server Error: fake API bug: {exc!r}")
        finally:
            if tracked:
                with self._cond:
                    self._inflight -= 1
                    self._last_activity = time.monotonic()
        with self._cond:
            call.response = resp
            call.status = status
        return js(call.status or 500, call.response or {})

    def _read_params(
        self, content_type: str, body: bytes, query: str
    ) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        files: dict[str, tuple[str, bytes]] = {}
        ctype = content_type.split(";", 1)[0].strip().lower()
        if not body:
            return raw, files
        if ctype == "multipart/form-data":
            fields, files = _parse_multipart(content_type, body)
            raw.update(fields)
        elif ctype == "application/json":
            loaded = json.loads(body.decode("utf-8"))
            if not isinstance(loaded, dict):
                raise _ApiError(400, "Bad Request: request body must be a JSON object")
            # JSON bodies (not used by PTB) are already typed; _decode_params leaves them alone
            raw.update(loaded)
        else:  # application/x-www-form-urlencoded (PTB's default)
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return raw, files

    MAX_PER_SECOND = 30
    CHAT_BURST = 3  # one a second per chat, with short bursts allowed (Telegram's bots FAQ)

    def _over_limit(self, method: str, params: dict, arrived: float) -> int | None:
        """``retry_after`` if this message breaks Telegram's limits (then not sent), counted
        at ``arrived``: when its request was read, not after this process's own hooks and
        locks (a test scanning the recorded calls would otherwise move it later)."""
        if not self.limits or not method.startswith(("send", "copy", "forward")) \
                or method == "sendChatAction":
            return None
        now = arrived
        chat = params.get("chat_id")
        with self._cond:
            # requests read by different threads reach this point slightly out of order:
            # count the accepted ones that arrived in the second before this one
            sent = self._sent_at
            if sent and sent[0] <= sent[-1] - 2.0:
                del sent[:bisect.bisect_right(sent, sent[-1] - 2.0)]
            in_second = (bisect.bisect_right(sent, now)
                         - bisect.bisect_right(sent, now - 1.0))
            # per chat: a bucket of CHAT_BURST messages that refills at one a second
            tokens, at = self._chat_sent_at.get(chat, (float(self.CHAT_BURST), now))
            tokens = min(float(self.CHAT_BURST), tokens + max(0.0, now - at))
            if in_second >= self.MAX_PER_SECOND or tokens < 1.0:
                self.throttled += 1
                self.throttled_chat += tokens < 1.0
                return 1
            if len(self._last_accepted) == self.MAX_PER_SECOND:
                self.tightest_window = min(self.tightest_window,
                                           now - self._last_accepted[0])
            bisect.insort(sent, now)
            self._last_accepted.append(now)
            self._chat_sent_at[chat] = (tokens - 1.0, max(now, at))
        return None

    def _answer(self, method: str, params: dict, files: dict,
                arrived: float) -> tuple[int, dict]:
        if self.on_arrival is not None:
            self.on_arrival(method, params)
        retry_after = self._over_limit(method, params, arrived)  # counted as it arrives
        if self.latency:
            time.sleep(self.latency)  # the round trip, as seen by the bot
        if retry_after is not None:
            return 429, _error_body(429, _default_description(429, retry_after),
                                    {"retry_after": retry_after})
        fault = self._take_fault(method, params)
        if fault is not None:
            if fault.delay > 0:
                time.sleep(fault.delay)
            if fault.status != 200:
                parameters = (
                    {"retry_after": fault.retry_after} if fault.retry_after is not None else None
                )
                return fault.status, _error_body(fault.status, fault.description, parameters)
        handler = self._methods.get(method.lower())
        try:
            result = handler(params, files) if handler is not None else True
        except _ApiError as exc:
            return exc.status, _error_body(exc.status, exc.description, exc.parameters)
        except Exception as exc:
            self.errors.append(traceback.format_exc())
            return 500, _error_body(500, f"Internal Server Error: fake API bug: {exc!r}")
        return 200, {"ok": True, "result": result}

    # ------------------------------------------------------------------ methods

    def _m_get_me(self, p: dict, f: dict) -> dict:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_get_updates(self, p: dict, f: dict) -> list[dict]:
        offset = p.get("offset") or 0
        limit = p.get("limit") or 100
        limit = max(1, min(100, int(limit))) if isinstance(limit, int) else 100
        try:
            timeout = float(p.get("timeout") or 0)
        except (TypeError, ValueError):
            timeout = 0.0
        deadline = time.monotonic() + min(max(timeout, 0.0), MAX_POLL_WAIT)
        with self._cond:
            if self.webhook is not None:
                raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                     "active; use deleteWebhook to delete the webhook first")
            if isinstance(offset, int) and offset < 0:
                self._updates = self._updates[offset:]
            elif isinstance(offset, int) and offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                batch = self._updates[:limit]
                if batch or self._stopping:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            if batch:
                self._handed_out_max = max(self._handed_out_max, max(u["update_id"] for u in batch))
                self._last_activity = time.monotonic()
            return copy.deepcopy(batch)

    def _m_set_webhook(self, p: dict, f: dict) -> bool:
        url = p.get("url") or ""
        if not isinstance(url, str) or not url.startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for "
                                 "webhook")
        with self._cond:
            self.webhook = {"url": url, "secret_token": p.get("secret_token") or "",
                            "max_connections": p.get("max_connections"),
                            "allowed_updates": p.get("allowed_updates")}
            if self._deliverer is None:
                self._deliverer = threading.Thread(target=self._deliver_forever,
                                                   name="FakeBotAPI-webhook", daemon=True)
                self._deliverer.start()
            self._cond.notify_all()
        return True

    def _deliver_forever(self) -> None:
        """Post pending updates to the webhook one at a time, as Telegram does: an update
        counts as delivered on a 2xx answer, and is tried again after anything else."""
        import urllib.error
        import urllib.request

        while True:
            with self._cond:
                while not self._stopping and not (
                        self.webhook and (self.webhook_target or self.webhook_targets)
                        and self._updates):
                    self._cond.wait(0.1)
                if self._stopping:
                    return
                update = copy.deepcopy(self._updates[0])
                secret = self.webhook["secret_token"] if self.webhook else ""
                if self.webhook_targets:
                    target = self.webhook_targets[self._next_target % len(self.webhook_targets)]
                    self._next_target += 1
                else:
                    target = self.webhook_target or ""
                self._inflight += 1
            request = urllib.request.Request(
                target, data=json.dumps(update).encode(), method="POST",
                headers={"Content-Type": "application/json",
                         "X-Telegram-Bot-Api-Secret-Token": secret})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                    status = answer.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = 0  # not reachable (yet)
            with self._cond:
                self._inflight -= 1
                self.webhook_posts.append((update["update_id"], status))
                if 200 <= status < 300:
                    self._updates = [u for u in self._updates
                                     if u["update_id"] != update["update_id"]]
                    self._handed_out_max = max(self._handed_out_max, update["update_id"])
                    self._last_activity = time.monotonic()
                    continue
                self._cond.wait(0.2)  # Telegram waits longer; a test has no time to lose

    def _m_delete_webhook(self, p: dict, f: dict) -> bool:
        with self._cond:
            self.webhook = None
        if p.get("drop_pending_updates"):
            with self._cond:
                if self._updates:
                    self._handed_out_max = max(
                        self._handed_out_max, max(u["update_id"] for u in self._updates)
                    )
                self._updates.clear()
        return True

    def _m_get_webhook_info(self, p: dict, f: dict) -> dict:
        with self._cond:
            return {
                "url": self.webhook["url"] if self.webhook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }

    @staticmethod
    def _commands_key(scope: Any, language_code: str | None) -> tuple[str, str]:
        if not scope:
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), language_code or ""

    def _m_set_my_commands(self, p: dict, f: dict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        with self._cond:
            self._commands[self._commands_key(p.get("scope"), p.get("language_code"))] = commands
        return True

    def _m_delete_my_commands(self, p: dict, f: dict) -> bool:
        with self._cond:
            self._commands.pop(self._commands_key(p.get("scope"), p.get("language_code")), None)
        return True

    def _m_get_my_commands(self, p: dict, f: dict) -> list[dict]:
        with self._cond:
            return copy.deepcopy(
                self._commands.get(self._commands_key(p.get("scope"), p.get("language_code")), [])
            )

    def _set_setting(self, name: str, p: dict) -> bool:
        with self._cond:
            self._settings[(name, p.get("language_code") or "")] = p.get(name) or ""
        return True

    def _get_setting(self, name: str, p: dict) -> str:
        with self._cond:
            return self._settings.get((name, p.get("language_code") or ""), "")

    # --- messages

    def _chat_for(self, chat_id: Any) -> dict:
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                if isinstance(chat_id, int) and chat_id > 0:
                    chat = {"id": chat_id, "type": "private", "first_name": "User"}
                elif isinstance(chat_id, int):
                    chat = {
                        "id": chat_id,
                        "type": "supergroup" if str(chat_id).startswith("-100") else "group",
                        "title": "Chat",
                    }
                else:
                    raise _ApiError(400, "Bad Request: chat not found")
                self._chats[chat_id] = chat
            return copy.deepcopy(chat)

    @staticmethod
    def _check_text(
        text: str, parse_mode: Any, *, limit: int, too_long: str, empty: str | None
    ) -> None:
        plain = text
        if isinstance(parse_mode, str) and parse_mode.lower() == "html":
            try:
                plain = parse_telegram_html(text)
            except HtmlParseError as exc:
                raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        if empty is not None and not plain.strip():
            raise _ApiError(400, empty)
        if utf16_len(plain) > limit:
            raise _ApiError(400, too_long)

    def _check_caption(self, p: dict) -> None:
        caption = p.get("caption")
        if caption:
            self._check_text(
                str(caption),
                p.get("parse_mode"),
                limit=MAX_CAPTION_LENGTH,
                too_long="Bad Request: message caption is too long",
                empty=None,
            )

    def _common_fields(self, chat_id: Any, p: dict) -> dict:
        fields: dict[str, Any] = {}
        if p.get("message_thread_id") is not None:
            fields["message_thread_id"] = p["message_thread_id"]
        reply_to = None
        rp = p.get("reply_parameters")
        if isinstance(rp, dict) and rp.get("message_id") is not None:
            reply_to = (rp.get("chat_id", chat_id), rp["message_id"])
        elif p.get("reply_to_message_id") is not None:
            reply_to = (chat_id, p["reply_to_message_id"])
        if reply_to is not None:
            with self._cond:
                target = self._messages.get(reply_to) or self._user_messages.get(reply_to)
            if target is not None:
                target = copy.deepcopy(target)
                target.pop("reply_to_message", None)
                fields["reply_to_message"] = target
        markup = _inline_markup(p)
        if markup is not None:
            fields["reply_markup"] = markup
        return fields

    def _store_bot_message(self, chat: dict, fields: dict) -> dict:
        with self._cond:
            message = {
                "message_id": self._alloc_message_id(chat["id"]),
                "date": self.date_fn(),
                "chat": chat,
                "from": self.bot_user(),
                **fields,
            }
            key = (chat["id"], message["message_id"])
            self._messages[key] = message
            self._message_order.append(key)
            return copy.deepcopy(message)

    def _m_send_message(self, p: dict, f: dict) -> dict:
        chat = self._chat_for(p.get("chat_id"))
        text = p.get("text")
        if text is None:
            raise _ApiError(400, "Bad Request: message text is empty")
        text = str(text)
        self._check_text(
            text,
            p.get("parse_mode"),
            limit=MAX_MESSAGE_LENGTH,
            too_long="Bad Request: message is too long",
            empty="Bad Request: message text is empty",
        )
        fields: dict[str, Any] = {"text": text}
        if p.get("entities"):
            fields["entities"] = p["entities"]
        fields.update(self._common_fields(chat["id"], p))
        return self._store_bot_message(chat, fields)

    def _find_editable(self, p: dict) -> dict | None:
        """The stored message to edit, or None for inline messages."""
        if p.get("inline_message_id"):
            return None
        key = (p.get("chat_id"), p.get("message_id"))
        with self._cond:
            msg = self._messages.get(key)
            if msg is None or key in self._deleted:
                if key in self._user_messages:
                    raise _ApiError(400, "Bad Request: message can't be edited")
                raise _ApiError(400, "Bad Request: message to edit not found")
            return msg

    def _apply_edit(self, msg: dict, changes: dict[str, Any]) -> dict:
        """Apply changes (None value = remove field); 400 'not modified' when nothing changes."""
        with self._cond:
            if all(msg.get(k) == v for k, v in changes.items()):
                raise _ApiError(400, NOT_MODIFIED)
            for k, v in changes.items():
                if v is None:
                    msg.pop(k, None)
                else:
                    msg[k] = copy.deepcopy(v)
            msg["edit_date"] = self.date_fn()
            return copy.deepcopy(msg)

    def _m_edit_message_text(self, p: dict, f: dict) -> dict | bool:
        text = p.get("text")
        if text is None:
            raise _ApiError(400, "Bad Request: text must be non-empty")
        text = str(text)
        self._check_text(
            text,
            p.get("parse_mode"),
            limit=MAX_MESSAGE_LENGTH,
            too_long="Bad Request: MESSAGE_TOO_LONG",
            empty="Bad Request: text must be non-empty",
        )
        msg = self._find_editable(p)
        if msg is None:
            return True
        if "text" not in msg:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        # Like Telegram: omitting reply_markup removes the inline keyboard.
        return self._apply_edit(
            msg,
            {
                "text": text,
                "entities": p.get("entities") or None,
                "reply_markup": _inline_markup(p),
            },
        )

    def _m_edit_message_reply_markup(self, p: dict, f: dict) -> dict | bool:
        msg = self._find_editable(p)
        if msg is None:
            return True
        return self._apply_edit(msg, {"reply_markup": _inline_markup(p)})

    def _m_edit_message_caption(self, p: dict, f: dict) -> dict | bool:
        self._check_caption(p)
        msg = self._find_editable(p)
        if msg is None:
            return True
        if "text" in msg:
            raise _ApiError(400, "Bad Request: there is no caption in the message to edit")
        return self._apply_edit(
            msg,
            {
                "caption": p.get("caption") or None,
                "caption_entities": p.get("caption_entities") or None,
                "reply_markup": _inline_markup(p),
            },
        )

    def _m_delete_message(self, p: dict, f: dict) -> bool:
        with self._cond:
            self._deleted.add((p.get("chat_id"), p.get("message_id")))
        return True

    # --- media

    def _new_file(
        self, prefix: str, value: Any, files: dict
    ) -> tuple[str, str, str | None, int | None]:
        """Resolve a media parameter into (file_id, file_unique_id, filename, size)."""
        upload: tuple[str, bytes] | None = None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
            if upload is None:
                raise _ApiError(400, f"Bad Request: file {value} not found in the request")
        elif value is None:
            upload = None
        with self._cond:
            n = self._next_file
            self._next_file += 1
            if upload is not None:
                file_id = f"{prefix}_{n}"
                self._files[file_id] = upload[1]
                return file_id, f"u{n}", upload[0], len(upload[1])
            if isinstance(value, str) and value and "://" not in value:
                # an existing file_id is being re-sent
                data = self._files.get(value)
                return value, f"u_{value}", None, len(data) if data is not None else None
            return f"{prefix}_{n}", f"u{n}", None, None

    @staticmethod
    def _media_object(
        kind: str, file_id: str, unique: str, filename: str | None, size: int | None, p: dict
    ) -> Any:
        base: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique}
        if size is not None:
            base["file_size"] = size
        duration = p.get("duration") if isinstance(p.get("duration"), int) else 1
        if kind == "photo":
            return [{**base, "width": 1280, "height": 720}]
        if kind == "document":
            return {**base, "file_name": filename or "document"}
        if kind in ("voice", "audio"):
            return {**base, "duration": duration}
        if kind in ("video", "animation"):
            return {**base, "width": 640, "height": 360, "duration": duration}
        if kind == "video_note":
            return {**base, "length": 240, "duration": duration}
        if kind == "sticker":
            return {
                **base,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        return base

    def _m_send_media(self, p: dict, f: dict, *, kind: str, prefix: str) -> dict:
        if kind not in p and kind not in f:
            raise _ApiError(400, f"Bad Request: there is no {kind} in the request")
        chat = self._chat_for(p.get("chat_id"))
        self._check_caption(p)
        value = p.get(kind)
        if kind in f and value is None:
            value = f"attach://{kind}"
        file_id, unique, filename, size = self._new_file(prefix, value, f)
        fields: dict[str, Any] = {
            kind: self._media_object(kind, file_id, unique, filename, size, p)
        }
        if kind == "animation":
            fields["document"] = {"file_id": file_id, "file_unique_id": unique}
        if p.get("caption"):
            fields["caption"] = p["caption"]
            if p.get("caption_entities"):
                fields["caption_entities"] = p["caption_entities"]
        fields.update(self._common_fields(chat["id"], p))
        return self._store_bot_message(chat, fields)

    def _m_send_media_group(self, p: dict, f: dict) -> list[dict]:
        chat = self._chat_for(p.get("chat_id"))
        media = p.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise _ApiError(400, "Bad Request: wrong number of media specified")
        with self._cond:
            group_id = str(10_000_000 + self._next_media_group)
            self._next_media_group += 1
        common = self._common_fields(chat["id"], p)
        common.pop("reply_markup", None)
        out = []
        for item in media:
            kind = item.get("type", "photo")
            prefix = dict(_MEDIA_METHODS.values()).get(kind, kind)
            self._check_caption(item)
            file_id, unique, filename, size = self._new_file(prefix, item.get("media"), f)
            fields: dict[str, Any] = {
                "media_group_id": group_id,
                kind: self._media_object(kind, file_id, unique, filename, size, item),
            }
            if item.get("caption"):
                fields["caption"] = item["caption"]
                if item.get("caption_entities"):
                    fields["caption_entities"] = item["caption_entities"]
            fields.update(common)
            out.append(self._store_bot_message(chat, fields))
        return out

    def _m_get_file(self, p: dict, f: dict) -> dict:
        file_id = p.get("file_id")
        if not file_id:
            raise _ApiError(400, "Bad Request: invalid file_id")
        file_id = str(file_id)
        path = f"photos/{file_id}.jpg"
        with self._cond:
            self._file_paths[path] = file_id
            data = self._files.get(file_id)
        result: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": f"u_{file_id}",
            "file_path": path,
        }
        if data is not None:
            result["file_size"] = len(data)
        return result

    def _file_bytes(self, file_path: str) -> bytes | None:
        with self._cond:
            file_id = self._file_paths.get(file_path)
            if file_id is None:
                stem = file_path.rsplit("/", 1)[-1]
                file_id = stem.rsplit(".", 1)[0] if "." in stem else stem
            return self._files.get(file_id)
