DROP INDEX "search_index_grams_idx";--> statement-breakpoint
DROP INDEX "search_index_pinyin_trgm_idx";--> statement-breakpoint
CREATE INDEX "search_index_grams_idx" ON "search_index" USING gin ("name_grams") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "search_index_pinyin_trgm_idx" ON "search_index" USING gin ("pinyin_full" gin_trgm_ops) WITH (fastupdate=off);