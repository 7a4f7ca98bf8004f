"""What the operator can see: counters and gauges in Prometheus' text format (``GET /metrics``),
and the readiness verdict (``GET /readyz``). README "Operating it" says what each means.

One ``Metrics`` per running bot (``application.bot_data["metrics"]``), with a registry of its
own, so that several bots in one process (the tests) never mix their numbers.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.core.scheduled import DAILY_QUESTION, KINDS

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# readiness
MAX_QUIET_DISPATCHER = 300.0  # s without a dispatcher pass starting, ending or sending


@dataclass
class Readiness:
    ready: bool
    checks: dict[str, str]  # name -> "ok" or what is wrong


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates_received = Counter(
            "journal_updates_received", "Updates stored in the inbox, by source.",
            ["source"], registry=r)
        self.updates_finished = Counter(
            "journal_updates_finished",
            "Updates handled, by outcome: done, set_aside (poison), recovered (after a crash).",
            ["outcome"], registry=r)
        self.inbox_backlog = Gauge(
            "journal_inbox_backlog", "Updates received and not yet handled in this process.",
            registry=r)
        self.inbox_oldest_age = Gauge(
            "journal_inbox_oldest_age_seconds",
            "Age of the oldest update in the inbox not yet handled (0: none).", registry=r)
        self.inbox_set_aside = Gauge(
            "journal_inbox_set_aside", "Updates set aside, waiting for an operator.", registry=r)
        self.scheduled = Counter(
            "journal_scheduled_messages",
            "Scheduled messages by kind (checkin, digest, thanks_back) and outcome (sent, "
            "missed, failed, blocked, unknown, retry, skipped_logged, nothing, "
            "already_handled, error).",
            ["kind", "outcome"], registry=r)
        self.send_seconds = Histogram(
            "journal_telegram_request_seconds",
            "Time a Bot API request took, from leaving the rate limiter to its answer.",
            ["method"], registry=r,
            buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
        self.throttled = Counter(
            "journal_telegram_429", "Answers of 429 Too Many Requests from Telegram.",
            registry=r)
        self.dispatcher_lag = Gauge(
            "journal_dispatcher_lag_seconds",
            "How long the most overdue daily question or digest has been due (0: none).",
            registry=r)
        self.dispatcher_quiet = Gauge(
            "journal_dispatcher_quiet_seconds",
            "Seconds since the dispatcher last started or ended a pass, or sent a message.",
            registry=r)
        self.sender = Gauge(
            "journal_sender",
            "1 while this process sends the scheduled messages (one of several replicas does).",
            registry=r)
        self._dispatcher_beat = time.monotonic()

    # --- events ------------------------------------------------------------------------
    def dispatcher_alive(self) -> None:
        self._dispatcher_beat = time.monotonic()

    def request_done(self, method: str, seconds: float, scheduled: bool = False) -> None:
        """A request answered; ``scheduled``: the dispatcher's (it shows it is alive)."""
        self.send_seconds.labels(method=method).observe(seconds)
        if scheduled:
            self.dispatcher_alive()

    def dispatch_report(self, counts: Mapping[str, int]) -> None:
        """A dispatcher pass's outcomes ("sent", "digest_sent", "thanks_back_nothing", …),
        by the kind whose report prefix they carry (none: the daily question and its
        "later" reminders)."""
        prefixed = [kind for kind in KINDS if kind.report_prefix]
        for key, n in counts.items():
            kind = next((k for k in prefixed if key.startswith(k.report_prefix)), None)
            name, outcome = ((kind.name, key.removeprefix(kind.report_prefix)) if kind
                             else (DAILY_QUESTION.name, key))
            self.scheduled.labels(kind=name, outcome=outcome).inc(n)

    @property
    def dispatcher_quiet_seconds(self) -> float:
        return time.monotonic() - self._dispatcher_beat

    # --- readiness and the text format -------------------------------------------------
    def readiness(self, *, database: str, backlog: int, max_backlog: int) -> Readiness:
        checks = {"database": database}
        quiet = self.dispatcher_quiet_seconds
        checks["dispatcher"] = ("ok" if quiet <= MAX_QUIET_DISPATCHER
                                else f"no pass for {quiet:.0f} s")
        checks["inbox"] = ("ok" if backlog < max_backlog
                           else f"backlog {backlog} at its limit {max_backlog}")
        return Readiness(all(v == "ok" for v in checks.values()), checks)

    def render(self) -> bytes:
        self.dispatcher_quiet.set(self.dispatcher_quiet_seconds)
        return generate_latest(self.registry)
