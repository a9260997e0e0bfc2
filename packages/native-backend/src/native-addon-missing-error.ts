/** The native addon was not built at install time, or its shared libraries are missing. */
export class NativeAddonMissingError extends Error {
  constructor(
    readonly addonPath: string,
    readonly reason: string,
  ) {
    super(
      `native backend addon unavailable (${reason}): ${addonPath}. Install g++, make, python3 and libdnnl-dev ` +
        "(Debian: apt-get install -y g++ make python3 libdnnl-dev), then run `npm rebuild @trainyard/native-backend`",
    );
    this.name = "NativeAddonMissingError";
  }
}
