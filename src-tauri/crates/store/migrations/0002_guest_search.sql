-- Folded (lower case, no diacritics) "first last email phone" of each guest, for search.
ALTER TABLE guests ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX reservations_by_number ON reservations (number);
