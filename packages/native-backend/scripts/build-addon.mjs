// Install step: builds the N-API addon with node-gyp against Debian's oneDNN (libdnnl-dev). A failed
// build is reported and exits 0, so `npm ci` stays green on machines without a compiler or the
// library; the worker then falls back to the wasm backend. TRAINYARD_NATIVE_BUILD=skip skips it.
// `--strict` (npm run build -w @trainyard/native-backend) exits 1 on a failed build instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const strict = process.argv.includes("--strict");
const hint = "install a C++ compiler, make, python3 and oneDNN (Debian: apt-get install -y g++ make python3 libdnnl-dev), then run `npm rebuild @trainyard/native-backend`";

if (process.env.TRAINYARD_NATIVE_BUILD === "skip") {
  console.warn("@trainyard/native-backend: build skipped (TRAINYARD_NATIVE_BUILD=skip); workers will use wasm");
  process.exit(strict ? 1 : 0);
}
if (!existsSync("/usr/include/dnnl.hpp") && !existsSync("/usr/local/include/dnnl.hpp")) {
  console.warn(`@trainyard/native-backend: oneDNN headers not found, addon not built; workers will use wasm. To build it, ${hint}`);
  process.exit(strict ? 1 : 0);
}

// npm passes its bundled node-gyp to install scripts; outside npm, fall back to one on the PATH.
// Node's headers come from the running Node's own prefix (Debian's nodejs: /usr/include/node; the node
// Docker images: /usr/local/include/node): node-gyp's default is to download them, and only the npm
// registry may be reachable.
const bundled = process.env.npm_config_node_gyp;
const gypArgs = ["rebuild"];
const nodePrefix = dirname(dirname(process.execPath));
if (!process.env.npm_config_nodedir && existsSync(join(nodePrefix, "include/node/node_api.h"))) gypArgs.push(`--nodedir=${nodePrefix}`);
const [command, args] = bundled ? [process.execPath, [bundled, ...gypArgs]] : ["node-gyp", gypArgs];
const result = spawnSync(command, args, { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
if (result.status !== 0) {
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
  console.warn(`@trainyard/native-backend: addon build failed (${result.error?.message ?? `exit ${result.status}`}); workers will use wasm. To build it, ${hint}\n${output}`);
  process.exit(strict ? 1 : 0);
}
console.log("@trainyard/native-backend: addon built");
