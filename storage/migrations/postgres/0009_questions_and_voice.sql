-- PostgreSQL form of ../0009_questions_and_voice.sql.
-- Varied questions and voice notes (issue 9, items 8 and 9).
-- The question after *how* varies by persona and day (bot.core.questions): the user can
-- turn that off, and an entry keeps the key of the question it answered (NULL: the entry
-- was typed at once, or written before this migration; "result" is "What came of it?").
ALTER TABLE users ADD COLUMN vary_questions BIGINT NOT NULL DEFAULT 1;
ALTER TABLE entries ADD COLUMN outcome_question TEXT;
-- A voice message kept as an entry's *how* (no transcription): Telegram's file id, to send
-- it back, and its length in seconds. A voice message sent outside any question waits in
-- the inbox (its text is empty) until the user says whether it is an entry.
ALTER TABLE entries ADD COLUMN voice_file_id TEXT;
ALTER TABLE entries ADD COLUMN voice_duration BIGINT;
ALTER TABLE inbox ADD COLUMN voice_file_id TEXT;
ALTER TABLE inbox ADD COLUMN voice_duration BIGINT;
