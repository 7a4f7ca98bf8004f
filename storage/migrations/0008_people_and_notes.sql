-- /people: two names the user said are the same person ("Sato" and 佐藤さん). Names are
-- grouped by their key (bot.core.names.person_key); an alias points one key at another,
-- and a chain (C -> B -> A) is followed to its end. Undoing a merge deletes its one row.
-- The names as written are kept beside the keys, so the keys can be recomputed if the
-- matching rules change.
CREATE TABLE person_aliases (
    alias_id     INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    alias_key    TEXT    NOT NULL,      -- the key that now counts as target_key's person
    target_key   TEXT    NOT NULL,
    alias_name   TEXT    NOT NULL,      -- how the user wrote each, when merging
    target_name  TEXT    NOT NULL,
    created_utc  INTEGER NOT NULL,
    CHECK (alias_key <> target_key)
);
CREATE UNIQUE INDEX person_aliases_once ON person_aliases (user_id, alias_key);

-- A note on a solved problem or a thank-you: a line typed just before a forward, or a
-- reply to the bot's confirmation of the record. The confirmation's message id is kept so
-- a reply to it finds its record; an inbox text keeps its Telegram date so a forward sent
-- right after it can take it as its note.
ALTER TABLE entries ADD COLUMN note TEXT;
ALTER TABLE entries ADD COLUMN reply_message_id INTEGER;
ALTER TABLE thanks ADD COLUMN note TEXT;
ALTER TABLE thanks ADD COLUMN reply_message_id INTEGER;
ALTER TABLE inbox ADD COLUMN sent_utc INTEGER;
CREATE INDEX entries_reply ON entries (user_id, reply_message_id)
    WHERE reply_message_id IS NOT NULL;
CREATE INDEX thanks_reply ON thanks (user_id, reply_message_id)
    WHERE reply_message_id IS NOT NULL;
