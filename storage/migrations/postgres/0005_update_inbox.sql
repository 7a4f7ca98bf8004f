-- PostgreSQL form of ../0005_update_inbox.sql.
-- The durable update inbox (not 0001's inbox of kept texts): every update Telegram hands
-- the bot, stored raw before Telegram is told
-- it arrived (before the next getUpdates offset confirms it, or a webhook answers 200).
--   new      stored, not yet handled (or handled without any effect before a crash)
--   applied  its effects are committed (marked in the same transaction as the first of them);
--            the reply may not have gone out: after a crash it is answered, never re-run
--   done     handled and answered; the payload is dropped, the row kept two days so that an
--            update Telegram hands out again is recognised by its id
--   failed   set aside: unparseable, or its handling failed the same way several times;
--            the payload is kept for an operator (`python -m bot.inbox`)
CREATE TABLE update_inbox (
    update_id     BIGINT  PRIMARY KEY,
    chat_key      BIGINT,                 -- the user (or chat) whose updates run in order
    state         TEXT    NOT NULL DEFAULT 'new'
                          CHECK (state IN ('new', 'applied', 'done', 'failed')),
    payload       TEXT,                    -- the raw JSON update; NULL once done
    attempts      BIGINT  NOT NULL DEFAULT 0,
    error         TEXT,                    -- exception type of the last failure, never text
    received_utc  BIGINT  NOT NULL,
    finished_utc  BIGINT
);
CREATE INDEX update_inbox_open ON update_inbox (update_id) WHERE state IN ('new', 'applied');
CREATE INDEX update_inbox_finished ON update_inbox (finished_utc) WHERE state = 'done';
CREATE INDEX update_inbox_chat ON update_inbox (chat_key);
