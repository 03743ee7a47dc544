-- The timeline reads a group reservation's extra rooms with json_each. Only a few reservations
-- have any; this partial index lets that half of the query skip the others, instead of reading
-- every stay in the range a second time.
CREATE INDEX reservations_with_extra_rooms ON reservations (arrival, departure)
    WHERE extra_room_provider_ids <> '[]';
