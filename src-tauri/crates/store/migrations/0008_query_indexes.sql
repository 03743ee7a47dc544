-- Indexes for the screens' reads on a large cache (100,000 reservations).
--
-- The timeline and the Today board read the stays overlapping a few weeks. "departure > from AND
-- arrival < to" alone bounds only one side of an index range; with the longest stay known (this
-- expression index answers MAX() in one step), arrival is bounded on both sides:
-- arrival >= from - longest stay.
CREATE INDEX reservations_by_nights ON reservations (julianday(departure) - julianday(arrival));

-- Everything a timeline bar needs, so the rows themselves (with their provider JSON) are not read.
-- It starts with (arrival, departure), as reservations_by_stay did, and replaces it.
CREATE INDEX reservations_on_timeline ON reservations
    (arrival, departure, state, account_id, room_provider_id, guest_provider_id, number, extra_room_provider_ids);
DROP INDEX reservations_by_stay;

-- A bar's guest name without reading the guest's row.
CREATE INDEX guests_names_by_key ON guests (account_id, provider_id, first_name, last_name);
