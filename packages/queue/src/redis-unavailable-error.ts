import { ServiceUnavailableError } from "@trainyard/domain";

/** Redis did not answer: a probe failed, a command timed out, or no Redis could be found or started. */
export class RedisUnavailableError extends ServiceUnavailableError {}
