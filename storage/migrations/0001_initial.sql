-- Users: one row per Telegram user who talked to the bot (private chat id == user id).
CREATE TABLE users (
    user_id              INTEGER PRIMARY KEY,
    chat_id              INTEGER NOT NULL,
    language             TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ja')),
    timezone             TEXT    NOT NULL DEFAULT 'UTC',
    checkin_time         TEXT    NOT NULL DEFAULT '21:00',      -- local wall clock HH:MM
    persona              TEXT,                                  -- office|parent|student|freelancer|other
    onboarded            INTEGER NOT NULL DEFAULT 0,
    paused               INTEGER NOT NULL DEFAULT 0,
    blocked              INTEGER NOT NULL DEFAULT 0,
    skip_if_logged       INTEGER NOT NULL DEFAULT 1,
    next_checkin_utc     INTEGER,                               -- epoch seconds; NULL = not scheduled
    next_checkin_date    TEXT,                                  -- the user's local date it belongs to
    snooze_until_utc     INTEGER,                               -- "Later (1 hour)" reminder
    awaiting             TEXT,                                  -- what typed input we wait for
    created_utc          INTEGER NOT NULL,
    updated_utc          INTEGER NOT NULL
);
CREATE INDEX users_due ON users (next_checkin_utc) WHERE paused = 0 AND blocked = 0;
CREATE INDEX users_snoozed ON users (snooze_until_utc) WHERE snooze_until_utc IS NOT NULL;

-- Journal entries: a solved problem (who / problem / how / outcome), a "nothing today",
-- or a draft still being answered (step says which question is open).
CREATE TABLE entries (
    entry_id       INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    local_date     TEXT    NOT NULL,                 -- user's local date (YYYY-MM-DD)
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'done', 'nothing')),
    step           TEXT CHECK (step IN ('who', 'problem', 'how', 'outcome')),
    who            TEXT,
    problem        TEXT,
    how            TEXT,
    outcome        TEXT,
    source         TEXT    NOT NULL,                 -- prompt|log|quick|text
    prompt_id      INTEGER REFERENCES prompts (prompt_id) ON DELETE SET NULL,
    created_utc    INTEGER NOT NULL,
    updated_utc    INTEGER NOT NULL,
    completed_utc  INTEGER
);
CREATE INDEX entries_user_date ON entries (user_id, local_date);
CREATE UNIQUE INDEX entries_one_draft ON entries (user_id) WHERE status = 'draft';

-- Every prompt the dispatcher claimed, and what became of it. The partial unique index is
-- the guarantee that a daily prompt is never sent twice for one local date.
CREATE TABLE prompts (
    prompt_id      INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('checkin', 'reminder')),
    local_date     TEXT    NOT NULL,
    due_utc        INTEGER NOT NULL,
    claimed_utc    INTEGER NOT NULL,
    status         TEXT    NOT NULL,   -- claimed|sent|missed|skipped_logged|blocked|failed|unknown
    sent_utc       INTEGER,
    message_id     INTEGER,
    answer         TEXT                -- answered|nothing|later|skip
);
CREATE UNIQUE INDEX prompts_once_per_day ON prompts (user_id, local_date) WHERE kind = 'checkin';
CREATE INDEX prompts_user ON prompts (user_id, prompt_id);

-- Text a user sent outside any flow, kept until they decide what it is.
CREATE TABLE inbox (
    inbox_id     INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    text         TEXT    NOT NULL,
    created_utc  INTEGER NOT NULL
);
CREATE INDEX inbox_user ON inbox (user_id);
