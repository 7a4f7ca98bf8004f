-- The local date of the prompt a "Later" reminder belongs to (it may fire after midnight).
ALTER TABLE users ADD COLUMN snooze_date TEXT;
