-- Prompt search. The trigram tokenizer matches any 3+ character substring, which is what makes
-- Chinese prompts (no spaces between words) searchable as well as English ones.
CREATE VIRTUAL TABLE `generations_fts` USING fts5(prompt, content='generations', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `generations_fts`(rowid, prompt) SELECT rowid, prompt FROM `generations`;
--> statement-breakpoint
CREATE TRIGGER `generations_fts_insert` AFTER INSERT ON `generations` BEGIN
  INSERT INTO `generations_fts`(rowid, prompt) VALUES (new.rowid, new.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `generations_fts_delete` AFTER DELETE ON `generations` BEGIN
  INSERT INTO `generations_fts`(`generations_fts`, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `generations_fts_update` AFTER UPDATE OF prompt ON `generations` BEGIN
  INSERT INTO `generations_fts`(`generations_fts`, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);
  INSERT INTO `generations_fts`(rowid, prompt) VALUES (new.rowid, new.prompt);
END;
