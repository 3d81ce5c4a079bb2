-- Item type-ahead searches any part of the name ("rice" finds "Basmati Rice 5kg"). A LIKE
-- '%rice%' reads every item; a trigram full-text index answers from the index at 100k items.
-- It is an external-content index over items.name, kept by these triggers for every write
-- (services and sync merges alike). Local only, never synced.
CREATE VIRTUAL TABLE `items_search` USING fts5(name, content='items', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO items_search(items_search) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `items_search_ai` AFTER INSERT ON `items`
BEGIN
  INSERT INTO items_search(rowid, name) VALUES (NEW.rowid, NEW.name);
END;
--> statement-breakpoint
CREATE TRIGGER `items_search_ad` AFTER DELETE ON `items`
BEGIN
  INSERT INTO items_search(items_search, rowid, name) VALUES ('delete', OLD.rowid, OLD.name);
END;
--> statement-breakpoint
CREATE TRIGGER `items_search_au` AFTER UPDATE OF name ON `items`
BEGIN
  INSERT INTO items_search(items_search, rowid, name) VALUES ('delete', OLD.rowid, OLD.name);
  INSERT INTO items_search(rowid, name) VALUES (NEW.rowid, NEW.name);
END;
