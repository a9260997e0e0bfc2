// Memory of the API while it receives dataset uploads: `node --import tsx bench/upload-memory.ts [--gib 1]`.
// Starts `npm run api`'s entry point as a child (real Postgres, real Redis, filesystem store in a
// temp folder), uploads generated IDX and NPY datasets through HTTP from this process, and samples
// the child's resident memory (/proc/<pid>/status) every 20 ms. The reference, in the same run, is
// the same API receiving a 16 MiB dataset: the rise must not grow with the upload's size.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../tests/support/test-database.js";
import { freePort } from "./support/free-port.js";

const gib = Number(process.argv[process.argv.indexOf("--gib") + 1] ?? 1) || 1;
const mib = 1024 * 1024;

/** Writes `bytes` of pseudo-random data after `header`, 4 MiB at a time. */
async function writeLarge(path: string, header: Buffer, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(header);
  const block = randomBytes(4 * mib);
  for (let left = bytes; left > 0; left -= block.length) {
    if (!out.write(left >= block.length ? block : block.subarray(0, left))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function idxHeader(magic: number, dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}

function npyHeader(descr: string, shape: number[]): Buffer {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  dict += " ".repeat(64 - ((10 + dict.length + 1) % 64)) + "\n";
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, "latin1")]);
}

/** Labels 0..9 as one byte each. */
function labelBytes(count: number): Buffer {
  return Buffer.from(Uint8Array.from({ length: count }, (_, i) => i % 10));
}

async function makeIdx(dir: string, name: string, bytes: number): Promise<Record<string, string>> {
  const count = Math.floor(bytes / 784);
  const images = join(dir, `${name}-images.idx`);
  const labels = join(dir, `${name}-labels.idx`);
  await writeLarge(images, idxHeader(0x803, [count, 28, 28]), count * 784);
  await writeLarge(labels, Buffer.concat([idxHeader(0x801, [count]), labelBytes(count)]), 0);
  return { images, labels };
}

async function makeNpyFloat32(dir: string, name: string, bytes: number): Promise<Record<string, string>> {
  // Random bytes as float32 hold NaNs; a constant block of 1.0 values does not.
  const count = Math.floor(bytes / (256 * 4));
  const x = join(dir, `${name}-x.npy`);
  const y = join(dir, `${name}-y.npy`);
  const out = createWriteStream(x);
  out.write(npyHeader("<f4", [count, 256]));
  const block = Buffer.from(new Float32Array(mib).fill(0.5).buffer);
  for (let left = count * 1024; left > 0; left -= block.length) {
    if (!out.write(left >= block.length ? block : block.subarray(0, left))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await writeLarge(y, Buffer.concat([npyHeader("|u1", [count]), labelBytes(count)]), 0);
  return { x, y };
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** Uploads while sampling the API's RSS; returns the peak rise over the RSS just before. */
async function measureUpload(api: { url: string; pid: number; key: string }, format: string, files: Record<string, string>) {
  const form = new FormData();
  form.set("format", format);
  let size = 0;
  for (const [field, path] of Object.entries(files)) {
    const blob = await openAsBlob(path);
    size += blob.size;
    form.set(field, blob, field);
  }
  const before = await rssKiB(api.pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssKiB(api.pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const res = await fetch(`${api.url}/v1/datasets`, { method: "POST", body: form, headers: { authorization: `Bearer ${api.key}` } });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  if (res.status !== 201) throw new Error(`upload ${format}: ${res.status} ${text}`);
  return { format, sizeMiB: size / mib, seconds, beforeMiB: before / 1024, peakMiB: peak / 1024, riseMiB: (peak - before) / 1024 };
}

const dir = await mkdtemp(join(tmpdir(), "trainyard-bench-upload-"));
const database = await createTestDatabase();
let child: ChildProcess | undefined;
try {
  const port = await freePort();
  const adminToken = randomBytes(24).toString("hex");
  child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      REDIS_URL: "redis://127.0.0.1:6379",
      QUEUE_NAME: `bench-upload-${port}`,
      DATA_DIR: join(dir, "data"),
      STORAGE_DIR: join(dir, "objects"),
      TRAINYARD_ADMIN_TOKEN: adminToken,
      MAX_UPLOAD_MB: String(Math.ceil(gib * 1024) + 64),
      RECONCILE_INTERVAL_SECONDS: "0",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (tries > 300) throw new Error("the API did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const keyRes = await fetch(`${url}/v1/admin/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ tenant: "bench" }),
  });
  const { key } = (await keyRes.json()) as { key: string };
  const api = { url, pid: child.pid ?? 0, key };

  const big = Math.floor(gib * 1024 * mib);
  const runs = [
    ["idx", await makeIdx(dir, "small", 16 * mib)],
    ["idx", await makeIdx(dir, "big", big)],
    ["npy", await makeNpyFloat32(dir, "big", big)],
  ] as const;
  // Warm-up: the first request loads code paths (and Prisma's) that later ones share.
  await measureUpload(api, "idx", await makeIdx(dir, "warm", 1 * mib));
  const rows = [];
  for (const [format, files] of runs) rows.push(await measureUpload(api, format, files));

  console.log(`\nAPI memory while receiving uploads (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log("| upload | size | time | upload rate | API RSS before | API RSS peak | rise |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.format}${r === rows[0] ? " (reference)" : ""} | ${r.sizeMiB.toFixed(0)} MiB | ${r.seconds.toFixed(1)} s | ${(r.sizeMiB / r.seconds).toFixed(0)} MiB/s | ` +
        `${r.beforeMiB.toFixed(0)} MiB | ${r.peakMiB.toFixed(0)} MiB | ${r.riseMiB.toFixed(0)} MiB |`,
    );
  }
} finally {
  child?.kill("SIGTERM");
  if (child !== undefined && child.exitCode === null) await once(child, "exit");
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
