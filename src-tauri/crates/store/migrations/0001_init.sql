-- The local cache of every connected account. Secrets are never stored here: `secret_ref`
-- names the account's entry in the OS keyring.

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    provider        TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    base_url        TEXT    NOT NULL,
    secret_ref      TEXT    NOT NULL UNIQUE,
    is_demo         INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'new',
    property_name   TEXT,
    time_zone       TEXT,
    currency        TEXT,
    -- Provider-specific settings found during sync (e.g. Mews service, rate and age category ids).
    provider_config TEXT    NOT NULL DEFAULT '{}',
    last_sync_at    TEXT,
    offline_since   TEXT,
    last_error      TEXT,
    created_at      TEXT    NOT NULL
);

CREATE TABLE room_categories (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    capacity    INTEGER NOT NULL DEFAULT 0,
    ordering    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, provider_id)
);

CREATE TABLE rooms (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id          TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    category_provider_id TEXT,
    floor                TEXT,
    state                TEXT,
    is_active            INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, provider_id)
);

CREATE TABLE guests (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id TEXT    NOT NULL,
    first_name  TEXT,
    last_name   TEXT    NOT NULL,
    email       TEXT,
    phone       TEXT,
    nationality TEXT,
    updated_at  TEXT,
    raw         TEXT    NOT NULL DEFAULT '{}',
    UNIQUE (account_id, provider_id)
);
CREATE INDEX guests_by_name ON guests (last_name, first_name);

-- Room, guest and category are referenced by provider id: pages may arrive in any order.
CREATE TABLE reservations (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id          TEXT    NOT NULL,
    number               TEXT,
    state                TEXT    NOT NULL,
    provider_state       TEXT    NOT NULL,
    arrival              TEXT    NOT NULL,
    departure            TEXT    NOT NULL,
    guest_provider_id    TEXT,
    room_provider_id     TEXT,
    category_provider_id TEXT,
    adults               INTEGER NOT NULL DEFAULT 0,
    children             INTEGER NOT NULL DEFAULT 0,
    total_minor          INTEGER,
    currency             TEXT,
    notes                TEXT,
    created_at           TEXT,
    updated_at           TEXT,
    raw                  TEXT    NOT NULL DEFAULT '{}',
    synced_at            TEXT    NOT NULL,
    UNIQUE (account_id, provider_id)
);
CREATE INDEX reservations_by_stay ON reservations (arrival, departure);
CREATE INDEX reservations_by_guest ON reservations (account_id, guest_provider_id);

-- Where each account's sync of each entity stands. Written in the same transaction as the page
-- it describes, so a crash never leaves a cursor ahead of the data.
CREATE TABLE sync_cursors (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    entity     TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (account_id, entity)
);

CREATE TABLE activity (
    id             INTEGER PRIMARY KEY,
    at             TEXT    NOT NULL,
    account_id     INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    action         TEXT    NOT NULL,
    summary        TEXT    NOT NULL,
    outcome        TEXT    NOT NULL,
    provider_ref   TEXT,
    reservation_id INTEGER REFERENCES reservations(id) ON DELETE SET NULL
);
CREATE INDEX activity_by_time ON activity (at DESC);
