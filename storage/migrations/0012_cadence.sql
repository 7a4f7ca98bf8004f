-- Cadence (issue 9, item 7): the local weekdays the daily question is asked on, as a 7-bit
-- mask (bit 0 = Monday … bit 6 = Sunday; 127 = every day, the default; at least one day).
-- Writing an entry stays open on every day. See bot.core.cadence.
ALTER TABLE users ADD COLUMN checkin_days INTEGER NOT NULL DEFAULT 127
    CHECK (checkin_days BETWEEN 1 AND 127);
-- The person (a bot.core.names key, after merges) a weekly digest noticed had not been in
-- the journal for a while (bot.core.quiet): the next digest names someone else.
ALTER TABLE digests ADD COLUMN quiet_key TEXT;
