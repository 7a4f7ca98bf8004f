-- PostgreSQL form of ../0010_replicas.sql.
-- replicas: each running process, its heartbeat, and how many replies a second it has been
-- sending (the elected sender leaves that much of Telegram's ceiling to the others).
CREATE TABLE replicas (
    replica_id   TEXT    PRIMARY KEY,
    started_utc  BIGINT  NOT NULL,
    seen_utc     BIGINT  NOT NULL,
    reply_rate   DOUBLE PRECISION NOT NULL DEFAULT 0
);
-- inbox_leases: the process handling a chat's updates just now (one at a time, in update
-- order); a lease of a process whose heartbeat stopped is taken over.
CREATE TABLE inbox_leases (
    chat_key     BIGINT  PRIMARY KEY,
    replica_id   TEXT    NOT NULL,
    taken_utc    BIGINT  NOT NULL
);
CREATE INDEX inbox_leases_replica ON inbox_leases (replica_id);
