-- Rooms the manager says are one physical room sold through several accounts (e.g. the same
-- double listed in Mews and in Reservanto), for the overbooking warning. Keyed by the provider's
-- room id: the cache's own row ids are not promised to survive a catalog refresh.
CREATE TABLE room_links (
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    room_provider_id TEXT    NOT NULL,
    link_group       INTEGER NOT NULL,
    PRIMARY KEY (account_id, room_provider_id)
);
CREATE INDEX room_links_by_group ON room_links (link_group);
