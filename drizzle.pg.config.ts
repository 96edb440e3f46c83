import { defineConfig } from "drizzle-kit";

// The PostgreSQL schema (used when DATABASE_URL is set); `npm run db:generate:pg` writes its migrations.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/postgres/schema.ts",
  out: "./lib/db/migrations-pg",
});
