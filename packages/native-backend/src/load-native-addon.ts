import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { NativeAddonMissingError } from "./native-addon-missing-error.js";
import type { NativeAddon } from "./native-addon.js";

const addonPath = fileURLToPath(new URL("../build/Release/trainyard_native.node", import.meta.url));

let loaded: NativeAddon | undefined;

/** Loads the addon that `npm ci` built (scripts/build-addon.mjs); throws {@link NativeAddonMissingError} when it was not built or cannot load. */
export function loadNativeAddon(): NativeAddon {
  if (loaded !== undefined) return loaded;
  if (!existsSync(addonPath)) throw new NativeAddonMissingError(addonPath, "not built");
  try {
    loaded = createRequire(import.meta.url)(addonPath) as NativeAddon;
  } catch (error) {
    throw new NativeAddonMissingError(addonPath, error instanceof Error ? error.message : String(error));
  }
  return loaded;
}
