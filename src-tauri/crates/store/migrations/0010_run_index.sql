-- What a sync run read: the guests to fetch after the pages (Mews) and whether a page named a
-- room the cache lacks are asked of the run's reservations. Without this index both read every
-- reservation of the account, which on a large hotel cost an incremental sync more than its
-- requests. The guest id rides along so the guests' list is read from the index alone.
CREATE INDEX reservations_by_run ON reservations (account_id, seen_run, guest_provider_id);
