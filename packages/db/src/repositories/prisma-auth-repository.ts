import { ConflictError, type AuthRepository, type TenantRecord } from "@trainyard/domain";
import type { PrismaClient } from "../generated/prisma/client.js";
import { isUniqueViolation } from "./is-unique-violation.js";

/** A key's last use is written at most this often, so authenticating is not a write per request. */
const lastUsedResolutionMs = 60_000;

/** Tenants and their hashed API keys in Postgres, through Prisma. */
export class PrismaAuthRepository implements AuthRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async ensureTenant(name: string): Promise<TenantRecord> {
    try {
      return await this.upsertTenant(name);
    } catch (error) {
      // Two concurrent first calls can both try the insert; the loser finds the winner's row.
      if (isUniqueViolation(error)) return await this.upsertTenant(name);
      throw error;
    }
  }

  /** @throws ConflictError when a key with this hash is already stored. */
  async createApiKey(input: { tenantId: string; keyHash: string; prefix: string }): Promise<void> {
    try {
      await this.prisma.apiKey.create({ data: input });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("an API key with this hash already exists");
      throw error;
    }
  }

  /** Records the key's last use with a resolution of one minute. */
  async findTenantByKeyHash(keyHash: string): Promise<TenantRecord | null> {
    const key = await this.prisma.apiKey.findUnique({
      where: { keyHash },
      include: { tenant: { select: { id: true, name: true } } },
    });
    if (key === null) return null;
    const now = new Date();
    if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() >= lastUsedResolutionMs) {
      await this.prisma.apiKey.updateMany({ where: { id: key.id }, data: { lastUsedAt: now } });
    }
    return { id: key.tenant.id, name: key.tenant.name };
  }

  private async upsertTenant(name: string): Promise<TenantRecord> {
    return await this.prisma.tenant.upsert({
      where: { name },
      create: { name },
      update: {},
      select: { id: true, name: true },
    });
  }
}
