/** Another live process (or this one) already serves the embedded database in this directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${ownerPid}; stop it first ` +
        `(if no such process is running Trainyard, delete ${dataDir}/trainyard-embedded.lock)`,
    );
    this.name = "DataDirLockedError";
  }
}
