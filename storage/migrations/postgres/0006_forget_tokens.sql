-- PostgreSQL form of ../0006_forget_tokens.sql.
-- /forget's final "Erase everything" button carries a random one-time token, issued at the
-- second confirmation step. The erase happens only when the pressed token is the user's
-- current one and has not expired; it is used up when pressed, replaced by a newer second
-- step, dropped by "Keep my journal", and goes with the user (cascade).
CREATE TABLE forget_tokens (
    user_id      BIGINT  PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    token        TEXT    NOT NULL,
    expires_utc  BIGINT  NOT NULL
);
