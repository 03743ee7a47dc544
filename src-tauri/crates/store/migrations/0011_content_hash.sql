-- A hash of everything a sync last wrote to the reservation (the provider's record as the cache
-- stores it). A re-read record with the same hash would write the row as it is, so a sync only
-- marks it as seen: an incremental sync re-reads whole windows, and rewriting thousands of
-- unchanged rows (their indexes and their pages in the WAL) cost more than its requests.
-- NULL (rows from before) never matches: such a row is written once more, then hashed.
ALTER TABLE reservations ADD COLUMN content_hash TEXT;
