-- Guest search on SQLite FTS5. One index row per guest (rowid = guests.id) over `search_text`,
-- which Innkeep fills with the folded name, e-mail and phone and the phone's digit suffixes, so
-- that any run of typed digits is the prefix of an indexed token. External content: the text is
-- stored once, in `guests`; the triggers keep the index in step with every insert, update and
-- delete (including the cascade when an account is removed).
CREATE VIRTUAL TABLE guests_fts USING fts5(
    search_text,
    content = 'guests',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER guests_fts_after_insert AFTER INSERT ON guests BEGIN
    INSERT INTO guests_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER guests_fts_after_delete AFTER DELETE ON guests BEGIN
    INSERT INTO guests_fts (guests_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER guests_fts_after_update AFTER UPDATE OF search_text ON guests BEGIN
    INSERT INTO guests_fts (guests_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO guests_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Backfill what is already cached; Store::open then rewrites each guest's `search_text` in the
-- new form (folding needs Rust), which the update trigger indexes again.
INSERT INTO guests_fts (guests_fts) VALUES ('rebuild');
