import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthRepository } from "@trainyard/domain";

const keyPrefix = "ty_";

/** sha256 hex of an API key: what the database stores instead of the key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Creates a key for the tenant (creating the tenant if new). The key is returned once and stored hashed. */
export async function createApiKey(auth: AuthRepository, tenantName: string): Promise<{ key: string; tenant: string; prefix: string }> {
  const tenant = await auth.ensureTenant(tenantName);
  const key = `${keyPrefix}${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 10);
  await auth.createApiKey({ tenantId: tenant.id, keyHash: hashApiKey(key), prefix });
  return { key, tenant: tenant.name, prefix };
}

/** Constant-time comparison of a presented token with the configured admin token. */
export function isAdminToken(presented: string, adminToken: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(adminToken).digest();
  return timingSafeEqual(a, b);
}
