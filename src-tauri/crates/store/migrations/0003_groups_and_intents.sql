-- Group reservations: one reservation, several rooms (Mobile Calendar GROUP, Timekit bulk).
-- The first room stays in `room_provider_id`; the others are a JSON array of provider ids.
ALTER TABLE reservations ADD COLUMN extra_room_provider_ids TEXT NOT NULL DEFAULT '[]';

-- Writes to a provider, recorded before the call and completed after it, so that a booking whose
-- answer was lost (or whose provider cannot be read back, like Ectosy) is never forgotten.
CREATE TABLE write_intents (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The id Innkeep generated for this write (sent to the provider where it keeps one).
    reference    TEXT    NOT NULL UNIQUE,
    action       TEXT    NOT NULL,
    -- What was asked, as JSON (no secrets): enough to show it and to try again.
    request      TEXT    NOT NULL,
    -- pending: sent, no answer yet (or the app stopped); done; failed: refused, nothing made;
    -- unknown: the answer was lost, the provider may or may not have carried it out.
    state        TEXT    NOT NULL,
    provider_id  TEXT,
    error        TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX write_intents_open ON write_intents (account_id, state);
