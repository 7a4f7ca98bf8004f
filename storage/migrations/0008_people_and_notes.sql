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

-- /search finds notes too: the search index's text of a record gains its note. The update
-- triggers fire only when a searched column changes (not for reply_message_id, say).
DROP TRIGGER entries_fts_insert;
DROP TRIGGER entries_fts_update;
DROP TRIGGER thanks_fts_insert;
DROP TRIGGER thanks_fts_update;
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries WHEN new.status = 'done' BEGIN
    INSERT INTO search_fts (rowid, body, owner, user_id) VALUES (new.entry_id * 2,
        COALESCE(new.who, '') || ' ' || COALESCE(new.problem, '') || ' ' || COALESCE(new.how, '') || ' ' || COALESCE(new.outcome, '') || ' ' || COALESCE(new.note, ''), 'u' || new.user_id || 'u', new.user_id);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF who, problem, how, outcome, note, status
    ON entries BEGIN
    DELETE FROM search_fts WHERE rowid = old.entry_id * 2;
    INSERT INTO search_fts (rowid, body, owner, user_id) SELECT new.entry_id * 2,
        COALESCE(new.who, '') || ' ' || COALESCE(new.problem, '') || ' ' || COALESCE(new.how, '') || ' ' || COALESCE(new.outcome, '') || ' ' || COALESCE(new.note, ''), 'u' || new.user_id || 'u', new.user_id
        WHERE new.status = 'done';
END;
CREATE TRIGGER thanks_fts_insert AFTER INSERT ON thanks WHEN new.status = 'kept' BEGIN
    INSERT INTO search_fts (rowid, body, owner, user_id) VALUES (new.thanks_id * 2 + 1,
        COALESCE(new.sender_name, '') || ' ' || COALESCE(new.author_signature, '') || ' ' || COALESCE(new.text, '') || ' ' || COALESCE(new.note, ''), 'u' || new.user_id || 'u', new.user_id);
END;
CREATE TRIGGER thanks_fts_update AFTER UPDATE OF sender_name, author_signature, text, note, status
    ON thanks BEGIN
    DELETE FROM search_fts WHERE rowid = old.thanks_id * 2 + 1;
    INSERT INTO search_fts (rowid, body, owner, user_id) SELECT new.thanks_id * 2 + 1,
        COALESCE(new.sender_name, '') || ' ' || COALESCE(new.author_signature, '') || ' ' || COALESCE(new.text, '') || ' ' || COALESCE(new.note, ''), 'u' || new.user_id || 'u', new.user_id
        WHERE new.status = 'kept';
END;
