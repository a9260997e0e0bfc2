// Reads the jobs of one tenant from the stack's Postgres (the system of record): status, attempts and
// the times the API and worker wrote on the row.
import { createDatabase } from "@trainyard/db";

/** What the benches check and time on a job row. */
export interface JobRow {
  id: string;
  status: string;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Every job of the tenant named `tenantName`. */
export async function readJobRows(databaseUrl: string, tenantName: string): Promise<JobRow[]> {
  const db = createDatabase(databaseUrl, { poolSize: 1 });
  try {
    return await db.prisma.job.findMany({
      where: { tenant: { name: tenantName } },
      select: { id: true, status: true, attempts: true, createdAt: true, startedAt: true, finishedAt: true },
    });
  } finally {
    await db.close();
  }
}
