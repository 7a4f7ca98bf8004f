-- Thank-you messages the user received: forwarded, sent as screenshots, or typed in.
-- status: 'draft' (typed in, "what did they say" still open), 'pending' (a screenshot
-- waiting for "is this a thank-you?"), 'kept' (a thank-you). Only 'kept' rows count.
CREATE TABLE thanks (
    thanks_id          INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'pending', 'kept')),
    source             TEXT    NOT NULL CHECK (source IN ('forward', 'screenshot', 'manual')),
    kind               TEXT    NOT NULL,          -- text|photo|voice|video|sticker|document|…
    origin_type        TEXT,                      -- user|hidden_user|chat|channel (forwards)
    sender_name        TEXT,                      -- who thanked: a name, a title, typed text
    sender_username    TEXT,
    sender_user_id     INTEGER,
    sender_chat_id     INTEGER,
    origin_message_id  INTEGER,                   -- a channel post's id
    author_signature   TEXT,
    original_utc       INTEGER,                   -- when the thank-you was first sent
    received_utc       INTEGER NOT NULL,          -- when it reached this bot
    local_date         TEXT    NOT NULL,          -- the user's local date of received_utc
    text               TEXT,                      -- text or caption, whole
    entities           TEXT,                      -- its formatting entities, JSON
    media_group_id     TEXT,
    dedupe_key         TEXT,
    entry_id           INTEGER REFERENCES entries (entry_id) ON DELETE SET NULL,
    message_id         INTEGER                    -- the user's message (first part of an album)
);
CREATE INDEX thanks_user_date ON thanks (user_id, local_date);
CREATE INDEX thanks_entry ON thanks (entry_id) WHERE entry_id IS NOT NULL;
CREATE UNIQUE INDEX thanks_once ON thanks (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX thanks_album ON thanks (user_id, media_group_id) WHERE media_group_id IS NOT NULL;

-- The files of a thank-you: one photo, a voice note, or every screenshot of an album.
CREATE TABLE thanks_media (
    media_id        INTEGER PRIMARY KEY,
    thanks_id       INTEGER NOT NULL REFERENCES thanks (thanks_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    file_id         TEXT    NOT NULL,
    file_unique_id  TEXT    NOT NULL,
    details         TEXT                            -- JSON: duration, mime type, file name, …
);
CREATE UNIQUE INDEX thanks_media_once ON thanks_media (thanks_id, file_unique_id);
