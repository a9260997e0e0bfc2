import { PGlite, type ExecProtocolOptionsStream, type QueryOptions, type Results } from "@electric-sql/pglite";

/** Frontend messages of the extended query protocol that leave a unit open until the next Sync. */
const extendedProtocolMessages = new Set(["P", "B", "D", "E", "C", "H"].map((letter) => letter.charCodeAt(0)));
const syncMessage = "S".charCodeAt(0);
const simpleQueryMessage = "Q".charCodeAt(0);
/** A Sync message: type byte, then its own length (4) as a big-endian int32. */
const syncBytes = new Uint8Array([syncMessage, 0, 0, 0, 4]);

/**
 * PGlite as served to several TCP clients by pglite-socket, made safe for interleaving.
 *
 * Every client connection shares PGlite's one Postgres session. pglite-socket queues the
 * clients' messages one protocol message at a time and gives a client exclusive use only while
 * `isInTransaction()` is true (an explicit BEGIN block). Between a client's Parse and its Sync
 * (an extended-protocol query, which is how `pg` and Prisma send every parameterized query),
 * another client's Parse can slip in and replace the shared unnamed statement, so the first
 * client's Bind runs the other client's SQL ("bind message supplies 2 parameters, but prepared
 * statement "" requires 1", or worse, a wrong query with matching parameters). That happens as
 * soon as a query's messages arrive in more than one TCP read (large parameters).
 *
 * This subclass reports an open extended-protocol unit (from the first Parse/Bind/Describe/
 * Execute/Close/Flush to the Sync) as "in a transaction" too, so the queue serves only that
 * client until its Sync; and when a client disconnects in the middle of a unit, it ends the unit
 * with a Sync before pglite-socket rolls back.
 */
export class ProtocolGuardedPGlite extends PGlite {
  #unitOpen = false;

  override isInTransaction(): boolean {
    return this.#unitOpen || super.isInTransaction();
  }

  override async execProtocolRawStream(message: Uint8Array, options: ExecProtocolOptionsStream): Promise<void> {
    const type = message[0];
    if (type !== undefined && extendedProtocolMessages.has(type)) this.#unitOpen = true;
    else if (type === syncMessage || type === simpleQueryMessage) this.#unitOpen = false;
    return await super.execProtocolRawStream(message, options);
  }

  /**
   * pglite-socket calls `exec("ROLLBACK")` when a client that owned the session disconnects. If
   * it left an extended-protocol unit open (possibly after an error, when Postgres ignores
   * everything until Sync), send that Sync first so the rollback is not ignored.
   */
  override async exec(query: string, options?: QueryOptions): Promise<Results[]> {
    if (this.#unitOpen) {
      this.#unitOpen = false;
      // execProtocolStream, not execProtocolRaw: the raw call would write the reply to whichever
      // client's socket callback PGlite kept from the last streamed message.
      await this.runExclusive(() => this.execProtocolStream(syncBytes, { throwOnError: false }));
    }
    return await super.exec(query, options);
  }
}
