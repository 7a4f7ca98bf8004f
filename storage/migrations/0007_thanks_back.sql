-- Thank-yous that come back (issue 9): once a week, in the digest and on /smile, a saved
-- thank-you from at least four weeks ago is shown again. The weekly one is a scheduled
-- message like the daily question and the digest (storage/scheduled.py): its on/off
-- setting, its next due time and local date, and its claims, at most one per local week.
ALTER TABLE users ADD COLUMN resurface_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN next_resurface_utc INTEGER;                  -- NULL = not scheduled
ALTER TABLE users ADD COLUMN next_resurface_date TEXT;                    -- its local date
CREATE INDEX users_resurface_due ON users (next_resurface_utc)
    WHERE resurface_enabled = 1 AND paused = 0 AND blocked = 0;

CREATE TABLE resurfacings (
    resurfacing_id  INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    week_start      TEXT    NOT NULL,   -- the local week it belongs to (the user's week start)
    local_date      TEXT    NOT NULL,   -- the local date it was due
    due_utc         INTEGER NOT NULL,
    claimed_utc     INTEGER NOT NULL,
    status          TEXT    NOT NULL,   -- claimed|sent|nothing|missed|blocked|failed|unknown
    sent_utc        INTEGER,
    message_id      INTEGER
);
CREATE UNIQUE INDEX resurfacings_once_per_week ON resurfacings (user_id, week_start);

-- Every time a saved thank-you was shown again, and where: the weekly message, /smile, or
-- the digest's "a while ago" line. The choice prefers ones not shown recently and never
-- shows the last one again.
CREATE TABLE thanks_shown (
    shown_id   INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    thanks_id  INTEGER NOT NULL REFERENCES thanks (thanks_id) ON DELETE CASCADE,
    shown_utc  INTEGER NOT NULL,
    via        TEXT    NOT NULL CHECK (via IN ('weekly', 'smile', 'digest'))
);
CREATE INDEX thanks_shown_user ON thanks_shown (user_id, shown_id);
CREATE INDEX thanks_shown_thanks ON thanks_shown (thanks_id);
