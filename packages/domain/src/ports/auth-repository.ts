export interface TenantRecord {
  id: string;
  name: string;
}

/** Tenants and their API keys. Keys are only ever seen hashed here. */
export interface AuthRepository {
  /** The tenant with this name, created if missing. */
  ensureTenant(name: string): Promise<TenantRecord>;
  /** Stores a key's hash (sha256 hex) and display prefix for a tenant. */
  createApiKey(input: { tenantId: string; keyHash: string; prefix: string }): Promise<void>;
  /** The tenant owning the key with this hash, or null; records the key's last use. */
  findTenantByKeyHash(keyHash: string): Promise<TenantRecord | null>;
}
