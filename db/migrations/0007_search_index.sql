CREATE TABLE "search_index" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"subkind" text,
	"context" text DEFAULT '' NOT NULL,
	"pinyin_full" text NOT NULL,
	"pinyin_initials" text NOT NULL,
	"name_grams" text[] NOT NULL,
	"rank" integer NOT NULL,
	"west" double precision NOT NULL,
	"south" double precision NOT NULL,
	"east" double precision NOT NULL,
	"north" double precision NOT NULL,
	CONSTRAINT "search_index_kind_code_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "search_index_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"versions" jsonb NOT NULL,
	"rows" integer NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_index_grams_idx" ON "search_index" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "search_index_pinyin_trgm_idx" ON "search_index" USING gin ("pinyin_full" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_index_pinyin_prefix_idx" ON "search_index" USING btree ("pinyin_full" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_index_initials_prefix_idx" ON "search_index" USING btree ("pinyin_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_index_code_prefix_idx" ON "search_index" USING btree ("code" text_pattern_ops);