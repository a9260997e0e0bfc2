// One Postgres round trip, the other half of the submit-to-start reference: `SELECT 1` through `pg`
// on one open connection to the stack's database, timed with performance.now().
import { performance } from "node:perf_hooks";
import pg from "pg";

/** Milliseconds of each of `count` `SELECT 1` round trips, after `warmup` uncounted ones. */
export async function measurePostgresRoundTrips(databaseUrl: string, count: number, warmup: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < warmup + count; i++) {
      const started = performance.now();
      await client.query("SELECT 1");
      if (i >= warmup) times.push(performance.now() - started);
    }
    return times;
  } finally {
    await client.end();
  }
}
