-- Indexes for two of the screens' reads on a large cache.

-- The timeline reads a group reservation's extra rooms with json_each. Only a few reservations
-- have any; this partial index lets that half of the query skip the others, instead of reading
-- every stay in the range a second time.
CREATE INDEX reservations_with_extra_rooms ON reservations (arrival, departure)
    WHERE extra_room_provider_ids <> '[]';

-- The list filtered by a state (checked in, say) in arrival order: without it, SQLite walks every
-- stay in arrival order until it has a page of that state, over years of history.
CREATE INDEX reservations_by_state ON reservations (state, arrival, departure);
