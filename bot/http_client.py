"""The bot's HTTP client for the Bot API: python-telegram-bot's request interface on aiohttp.

python-telegram-bot sends through httpx unless given another ``BaseRequest``. Measured on this
machine (``python -m bench.http_client``, the same fake Bot API server for both), one
``sendMessage`` costs httpx 1.1–1.2 ms of CPU with up to four requests in flight and about
2.3 ms with sixteen (its connection pool re-checks the socket of every connection for every
request), and aiohttp 0.3–0.4 ms whatever the number in flight. A bot that handles several
users at once, and sends scheduled messages concurrently, spends most of its time here.

Behaviour kept from the default client: the same timeouts (connect, read, pool), a timeout is
``TimedOut`` (the request may have reached Telegram), any other failure to talk to the server
is ``NetworkError`` naming the error type, and files go as ``multipart/form-data``. aiohttp
has no separate write timeout: an upload is bounded by the read timeout for its answer.
Proxies come from the usual environment variables (``HTTPS_PROXY``, ``NO_PROXY``), as with
httpx.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_Default = type(BaseRequest.DEFAULT_NONE)  # "not given": use this client's own timeout


class NotSent(TimedOut):
    """Timed out waiting for a connection or connecting: the request never left this
    machine, so sending it again cannot deliver it twice."""


class AiohttpRequest(BaseRequest):
    def __init__(self, *, connections: int = 256, connect_timeout: float | None = 10.0,
                 read_timeout: float | None = 15.0, pool_timeout: float | None = 10.0) -> None:
        self._connections = connections
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT}, trust_env=True)

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        read = self._read_timeout if isinstance(read_timeout, _Default) else read_timeout
        connect = (self._connect_timeout if isinstance(connect_timeout, _Default)
                   else connect_timeout)
        pool = self._pool_timeout if isinstance(pool_timeout, _Default) else pool_timeout
        # aiohttp's ``connect`` covers waiting for a pooled connection and connecting;
        # ``sock_connect`` the connecting alone.
        timeout = aiohttp.ClientTimeout(
            total=None, connect=_sum(pool, connect), sock_connect=_seconds(connect),
            sock_read=_seconds(read))
        try:
            async with self._session.request(method, url, data=_body(request_data),
                                             timeout=timeout) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as exc:
            raise NotSent("Timed out before the request was sent") from exc
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}") from exc


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The parameters as a form, like python-telegram-bot's own client sends them."""
    if request_data is None:
        return None
    files = request_data.multipart_data
    if not files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def _seconds(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _sum(*values: object) -> float | None:
    seconds = [_seconds(v) for v in values]
    return None if any(s is None for s in seconds) else sum(s for s in seconds if s)
