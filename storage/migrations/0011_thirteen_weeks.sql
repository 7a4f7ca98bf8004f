-- The 13 weeks (issue 9, item 5). A user's practice is counted in active weeks (their local
-- weeks with at least one entry or kept thank-you, bot/core/practice.py); every 13 of them
-- make a cycle, and the digest day that closes a cycle's 13th active week brings its review.
-- cycle_start: the first day of the current cycle's first week (NULL: not counted yet; set
-- the first time it is needed, for users from before this migration at their next 13-week
-- boundary). It moves on after each review.
ALTER TABLE users ADD COLUMN cycle_start TEXT;
-- The review is a scheduled message like the others (storage/scheduled.py): looked at
-- weekly at the digest's day and time (also when the digest is off), claimed once per cycle.
ALTER TABLE users ADD COLUMN next_review_utc INTEGER;                  -- NULL = not scheduled
ALTER TABLE users ADD COLUMN next_review_date TEXT;                    -- its local date
CREATE INDEX users_review_due ON users (next_review_utc) WHERE paused = 0 AND blocked = 0;

CREATE TABLE reviews (
    review_id    INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    cycle_start  TEXT    NOT NULL,   -- the cycle it reviews (its first week's first day)
    local_date   TEXT    NOT NULL,   -- the local date it was due
    due_utc      INTEGER NOT NULL,
    claimed_utc  INTEGER NOT NULL,
    status       TEXT    NOT NULL,   -- claimed|sent|missed|blocked|failed|unknown
    sent_utc     INTEGER,
    message_id   INTEGER
);
CREATE UNIQUE INDEX reviews_once_per_cycle ON reviews (user_id, cycle_start);
