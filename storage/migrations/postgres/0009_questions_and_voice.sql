-- PostgreSQL form of ../0009_questions_and_voice.sql (every INTEGER is a BIGINT).
ALTER TABLE users ADD COLUMN vary_questions BIGINT NOT NULL DEFAULT 1;
ALTER TABLE entries ADD COLUMN outcome_question TEXT;
ALTER TABLE entries ADD COLUMN voice_file_id TEXT;
ALTER TABLE entries ADD COLUMN voice_duration BIGINT;
ALTER TABLE inbox ADD COLUMN voice_file_id TEXT;
ALTER TABLE inbox ADD COLUMN voice_duration BIGINT;
