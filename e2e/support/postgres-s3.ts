import { ADMIN_URL } from "../../test/pg-database";
import { s3rverEnv } from "../../test/s3-server";

/**
 * Where the postgres-s3 e2e server on `port` keeps its rows and media: a database named after the port on the
 * machine's PostgreSQL server (TEST_PG_ADMIN_URL's), and an s3rver on port + 1. Known in advance from the port
 * alone, so the server, the seed a journey runs and a later run's clean-up all agree without passing names round.
 */
export function postgresS3Env(port: number): Record<string, string> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${postgresS3Database(port)}`;
  return { DATABASE_URL: url.toString(), ...s3rverEnv(`http://127.0.0.1:${port + 1}`, "luma-e2e") };
}

export function postgresS3Database(port: number): string {
  return `luma_e2e_${port}`;
}
