-- The outbox: actions taken while an account's provider could not be reached at all (the request
-- never left, so keeping it to send later is safe). Sent in order once the manager confirms.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- create (a booking), or the action on a reservation: cancel, confirm, check_in, check_out, …
    kind           TEXT    NOT NULL,
    -- What was asked, as JSON (no secrets): the booking form or the reservation action.
    request        TEXT    NOT NULL,
    -- The reservation acted on (NULL for a new booking). Removing it drops its queued actions.
    reservation_id INTEGER REFERENCES reservations(id) ON DELETE CASCADE,
    -- queued: waits to be sent; sending: on its way; sent; conflict: the provider refused it (its
    -- message is in error), editable; failed: not to be sent again (e.g. the answer was lost).
    state          TEXT    NOT NULL,
    error          TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX outbox_account ON outbox (account_id, state, id);
