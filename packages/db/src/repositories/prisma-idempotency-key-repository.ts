import type {
  IdempotencyClaim,
  IdempotencyKeyRecord,
  IdempotencyKeyRepository,
  IdempotencyWindow,
  IdempotentAnswer,
  IdempotentRequest,
} from "@trainyard/domain";
import type { IdempotencyKey, Prisma, PrismaClient } from "../generated/prisma/client.js";

/** Expired rows of any tenant deleted along with each claim, so that keys never used again do not pile up. */
const sweepBatch = 100;

interface ClaimedRow {
  created_at: Date;
}

/**
 * Idempotency keys in Postgres. A claim is an `INSERT ... ON CONFLICT DO NOTHING` under the
 * (tenant_id, key) primary key, stamped with the database's `now()`; ages are compared with the
 * same clock. A claim is identified by its `created_at`, so that a request whose claim timed out
 * and was taken over cannot overwrite or free its successor's row.
 */
export class PrismaIdempotencyKeyRepository implements IdempotencyKeyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(request: IdempotentRequest, window: IdempotencyWindow): Promise<IdempotencyClaim> {
    const ttl = interval(window.ttlMs);
    const pendingTimeout = interval(window.pendingTimeoutMs);
    // Another request may free the row between our insert and our read: try again then.
    for (let attempt = 1; ; attempt++) {
      await this.prisma.$executeRaw`
        DELETE FROM "idempotency_keys"
         WHERE "tenant_id" = ${request.tenantId}::uuid AND "key" = ${request.key}
           AND ("created_at" < now() - ${ttl}::interval OR ("status_code" IS NULL AND "created_at" < now() - ${pendingTimeout}::interval))`;
      const inserted = await this.prisma.$queryRaw<ClaimedRow[]>`
        INSERT INTO "idempotency_keys" ("tenant_id", "key", "method_path", "request_hash", "created_at")
        VALUES (${request.tenantId}::uuid, ${request.key}, ${request.methodPath}, ${request.requestHash}, now())
        ON CONFLICT ("tenant_id", "key") DO NOTHING
        RETURNING "created_at"`;
      const claimedAt = inserted[0]?.created_at;
      if (claimedAt !== undefined) {
        await this.sweep(ttl);
        return { claimed: true, claimedAt };
      }
      const existing = await this.prisma.idempotencyKey.findUnique({ where: { tenantId_key: { tenantId: request.tenantId, key: request.key } } });
      if (existing !== null) return { claimed: false, existing: toRecord(existing) };
      if (attempt >= 3) throw new Error(`idempotency key of tenant ${request.tenantId} neither claimed nor found after ${attempt} attempts`);
    }
  }

  async complete(request: IdempotentRequest, claimedAt: Date, answer: IdempotentAnswer): Promise<void> {
    await this.prisma.idempotencyKey.updateMany({
      where: { ...this.claimOf(request, claimedAt), statusCode: null },
      data: { statusCode: answer.statusCode, response: answer.response as Prisma.InputJsonValue, resourceId: answer.resourceId },
    });
  }

  async release(request: IdempotentRequest, claimedAt: Date): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { ...this.claimOf(request, claimedAt), statusCode: null } });
  }

  private claimOf(request: IdempotentRequest, claimedAt: Date) {
    return { tenantId: request.tenantId, key: request.key, requestHash: request.requestHash, createdAt: claimedAt };
  }

  /** Deletes a few expired rows of any tenant; rows another sweep holds are skipped, never waited for. */
  private async sweep(ttl: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM "idempotency_keys"
       WHERE ("tenant_id", "key") IN (
         SELECT "tenant_id", "key" FROM "idempotency_keys"
          WHERE "created_at" < now() - ${ttl}::interval
          ORDER BY "created_at" LIMIT ${sweepBatch}
          FOR UPDATE SKIP LOCKED)`;
  }
}

/** A Postgres interval literal for a number of milliseconds. */
function interval(ms: number): string {
  return `${Math.max(0, Math.round(ms))} milliseconds`;
}

function toRecord(row: IdempotencyKey): IdempotencyKeyRecord {
  return {
    tenantId: row.tenantId,
    key: row.key,
    methodPath: row.methodPath,
    requestHash: row.requestHash,
    answer: row.statusCode === null ? null : { statusCode: row.statusCode, response: row.response, resourceId: row.resourceId },
    createdAt: row.createdAt,
  };
}
