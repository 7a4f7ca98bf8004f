-- The old numbers (issue 9, item 6): the measures a user reported before (followers,
-- likes, sales…), recorded with /numbers so that /report shows them beside the new ones.
-- One row per value the user gave, on a local date (today, or a date they typed); the
-- measure's name is kept as typed and grouped by its key (NFKC, case-folded, spaces
-- collapsed), so "Followers" and "followers" are one measure. Erased with the user.
CREATE TABLE old_numbers (
    number_id    INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    name_key     TEXT    NOT NULL,      -- the measure, normalised (bot.core.old_numbers)
    name         TEXT    NOT NULL,      -- as the user wrote it
    value        REAL    NOT NULL,
    local_date   TEXT    NOT NULL,      -- the day the value is for, in the user's time zone
    created_utc  INTEGER NOT NULL
);
CREATE INDEX old_numbers_user ON old_numbers (user_id, name_key, local_date);
