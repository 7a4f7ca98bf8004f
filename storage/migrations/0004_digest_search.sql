-- Foreign keys deleted or nulled by a cascade need an index on the child column, or each
-- deleted prompt (or erased sender) scans the whole table.
CREATE INDEX entries_prompt ON entries (prompt_id) WHERE prompt_id IS NOT NULL;
CREATE INDEX thanks_sender ON thanks (sender_user_id) WHERE sender_user_id IS NOT NULL;

-- Weekly digest settings and schedule, the week's start day, the personal metric (/focus).
ALTER TABLE users ADD COLUMN digest_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN digest_weekday INTEGER NOT NULL DEFAULT 6;  -- 0 = Monday … 6 = Sunday
ALTER TABLE users ADD COLUMN digest_time TEXT NOT NULL DEFAULT '20:00';  -- local wall clock HH:MM
ALTER TABLE users ADD COLUMN week_start_day INTEGER NOT NULL DEFAULT 0;  -- 0 = Monday
ALTER TABLE users ADD COLUMN next_digest_utc INTEGER;                     -- NULL = not scheduled
ALTER TABLE users ADD COLUMN next_digest_date TEXT;                       -- its local date
ALTER TABLE users ADD COLUMN focus_who TEXT;                              -- personal metric: for whom
ALTER TABLE users ADD COLUMN focus_problem TEXT;                          -- … which problem
CREATE INDEX users_digest_due ON users (next_digest_utc)
    WHERE digest_enabled = 1 AND paused = 0 AND blocked = 0;

-- Every weekly digest claimed, at most one per user and week (the never-twice guarantee).
CREATE TABLE digests (
    digest_id    INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    week_start   TEXT    NOT NULL,      -- local date of the first day of the week it covers
    local_date   TEXT    NOT NULL,      -- the local date it was due
    due_utc      INTEGER NOT NULL,
    claimed_utc  INTEGER NOT NULL,
    status       TEXT    NOT NULL,      -- claimed|sent|missed|blocked|failed|unknown
    sent_utc     INTEGER,
    message_id   INTEGER
);
CREATE UNIQUE INDEX digests_once_per_week ON digests (user_id, week_start);

-- "Whose problem do you want to solve next week?": the answer, for the week it names.
CREATE TABLE intentions (
    intention_id  INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    week_start    TEXT    NOT NULL,     -- the week the intention is for
    text          TEXT    NOT NULL,
    created_utc   INTEGER NOT NULL
);
CREATE UNIQUE INDEX intentions_one_per_week ON intentions (user_id, week_start);

-- Full-text search over solved problems and kept thank-yous. The trigram tokenizer needs no
-- word spaces, so Japanese works. rowid = entry_id * 2 for entries, thanks_id * 2 + 1 for
-- thank-yous, so the triggers update one row by rowid instead of scanning. ``owner`` holds
-- 'u<user_id>u' and every search matches it (owner : "u42u" AND …), so the index itself
-- narrows to one user's rows: a common word costs that user's matches, not everyone's.
CREATE VIRTUAL TABLE search_fts USING fts5(body, owner, user_id UNINDEXED,
                                           tokenize = 'trigram');

CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries WHEN new.status = 'done' BEGIN
    INSERT INTO search_fts (rowid, body, owner, user_id) VALUES (new.entry_id * 2,
        COALESCE(new.who, '') || ' ' || COALESCE(new.problem, '') || ' ' || COALESCE(new.how, '') || ' ' || COALESCE(new.outcome, ''), 'u' || new.user_id || 'u', new.user_id);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE ON entries BEGIN
    DELETE FROM search_fts WHERE rowid = old.entry_id * 2;
    INSERT INTO search_fts (rowid, body, owner, user_id) SELECT new.entry_id * 2,
        COALESCE(new.who, '') || ' ' || COALESCE(new.problem, '') || ' ' || COALESCE(new.how, '') || ' ' || COALESCE(new.outcome, ''), 'u' || new.user_id || 'u', new.user_id
        WHERE new.status = 'done';
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_fts WHERE rowid = old.entry_id * 2;
END;
CREATE TRIGGER thanks_fts_insert AFTER INSERT ON thanks WHEN new.status = 'kept' BEGIN
    INSERT INTO search_fts (rowid, body, owner, user_id) VALUES (new.thanks_id * 2 + 1,
        COALESCE(new.sender_name, '') || ' ' || COALESCE(new.author_signature, '') || ' ' || COALESCE(new.text, ''), 'u' || new.user_id || 'u', new.user_id);
END;
CREATE TRIGGER thanks_fts_update AFTER UPDATE ON thanks BEGIN
    DELETE FROM search_fts WHERE rowid = old.thanks_id * 2 + 1;
    INSERT INTO search_fts (rowid, body, owner, user_id) SELECT new.thanks_id * 2 + 1,
        COALESCE(new.sender_name, '') || ' ' || COALESCE(new.author_signature, '') || ' ' || COALESCE(new.text, ''), 'u' || new.user_id || 'u', new.user_id
        WHERE new.status = 'kept';
END;
CREATE TRIGGER thanks_fts_delete AFTER DELETE ON thanks BEGIN
    DELETE FROM search_fts WHERE rowid = old.thanks_id * 2 + 1;
END;

-- Index what was written before this migration.
INSERT INTO search_fts (rowid, body, owner, user_id)
    SELECT entry_id * 2, COALESCE(who, '') || ' ' || COALESCE(problem, '') || ' ' ||
           COALESCE(how, '') || ' ' || COALESCE(outcome, ''), 'u' || user_id || 'u', user_id
    FROM entries WHERE status = 'done';
INSERT INTO search_fts (rowid, body, owner, user_id)
    SELECT thanks_id * 2 + 1, COALESCE(sender_name, '') || ' ' || COALESCE(author_signature, '')
           || ' ' || COALESCE(text, ''), 'u' || user_id || 'u', user_id
    FROM thanks WHERE status = 'kept';
