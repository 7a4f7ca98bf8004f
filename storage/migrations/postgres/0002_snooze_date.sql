ALTER TABLE users ADD COLUMN snooze_date TEXT;
