-- Several bot processes on one database (PostgreSQL; a SQLite journal takes one process, and
-- these tables stay empty there).
-- replicas: each running process, its heartbeat, and how many replies a second it has been
-- sending (the elected sender leaves that much of Telegram's ceiling to the others).
CREATE TABLE replicas (
    replica_id   TEXT    PRIMARY KEY,          -- host, pid and a random part
    started_utc  INTEGER NOT NULL,
    seen_utc     INTEGER NOT NULL,             -- its last heartbeat
    reply_rate   REAL    NOT NULL DEFAULT 0    -- replies a second, lately
);
-- inbox_leases: the process handling a chat's updates just now. Each chat's updates are
-- handled by one process at a time, in update order, whichever process received them; a lease
-- of a process whose heartbeat stopped is taken over.
CREATE TABLE inbox_leases (
    chat_key     INTEGER PRIMARY KEY,
    replica_id   TEXT    NOT NULL,
    taken_utc    INTEGER NOT NULL
);
CREATE INDEX inbox_leases_replica ON inbox_leases (replica_id);
