-- Sync runs: one row per sync of an account, holding its plan and how far it got. The position
-- is written in the same transaction as the page it follows, so a crash or kill at any point
-- leaves the cache consistent and the next sync goes on from the last page written.
CREATE TABLE sync_runs (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    full         INTEGER NOT NULL,
    -- The connector's plan as JSON (windows, watermark, what a full read covers).
    plan         TEXT    NOT NULL,
    -- The window being read and the page token of its next page (NULL: its first page).
    window_index INTEGER NOT NULL DEFAULT 0,
    page_token   TEXT,
    pages        INTEGER NOT NULL DEFAULT 0,
    records      INTEGER NOT NULL DEFAULT 0,
    -- open: not finished (running, failed, cancelled or killed: the next sync resumes it);
    -- done; abandoned (replaced by a full sync the manager asked for).
    state        TEXT    NOT NULL DEFAULT 'open',
    started_at   TEXT    NOT NULL,
    finished_at  TEXT
);
CREATE INDEX sync_runs_open ON sync_runs (account_id, state);

-- The run that last read each reservation (a full run removes what it did not read), and a
-- fingerprint of what a manager sees, so a re-read that changes nothing is not a "change".
ALTER TABLE reservations ADD COLUMN seen_run INTEGER;
ALTER TABLE reservations ADD COLUMN fingerprint TEXT;

-- What each sync found added, changed or removed, for "what changed since you last looked".
CREATE TABLE sync_changes (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    run_id          INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL,
    provider_id     TEXT    NOT NULL,
    number          TEXT,
    guest_name      TEXT,
    room_name       TEXT,
    arrival         TEXT    NOT NULL,
    departure       TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    at              TEXT    NOT NULL
);
CREATE INDEX sync_changes_by_account ON sync_changes (account_id, id);

-- The newest change the manager has seen, and when the last full read finished.
ALTER TABLE accounts ADD COLUMN changes_seen_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN last_full_sync_at TEXT;
