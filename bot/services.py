"""The core services one running bot shares, kept in ``application.bot_data``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.core.accounts import Accounts
from bot.core.clock import Clock
from bot.core.digest import Digests
from bot.core.dispatcher import Dispatcher, PromptSender
from bot.core.gratitude import Gratitude
from bot.core.journal import Journal
from bot.core.memories import Memories
from bot.core.notes import Notes
from bot.core.old_numbers import OldNumbers
from bot.core.people import People
from bot.core.report import Reports
from bot.core.review import Reviews
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    accounts: Accounts
    journal: Journal
    gratitude: Gratitude
    digests: Digests
    memories: Memories
    people: People
    notes: Notes
    old_numbers: OldNumbers
    reports: Reports
    reviews: Reviews
    dispatcher: Dispatcher | None = None

    @classmethod
    def create(cls, settings: Settings, db: Database, clock: Clock) -> Services:
        accounts = Accounts(db, clock)
        people, old_numbers = People(accounts), OldNumbers(accounts)
        return cls(settings, db, clock, accounts, Journal(accounts), Gratitude(accounts),
                   Digests(accounts), Memories(accounts), people, Notes(accounts),
                   old_numbers, Reports(accounts, people, old_numbers),
                   Reviews(accounts))

    def attach_sender(self, sender: PromptSender) -> Dispatcher:
        self.dispatcher = Dispatcher(self.db, self.clock, sender,
                                     timedelta(minutes=self.settings.checkin_grace_minutes),
                                     digests=self.digests, memories=self.memories,
                                     reviews=self.reviews,
                                     concurrency=self.settings.dispatch_concurrency)
        return self.dispatcher
