// Every benchmark in one run: `npm run bench` (full sizes, under 15 minutes on a 2-core machine) or
// `npm run bench:quick` (small sizes, under a minute: CI runs it so the scripts never rot; it checks
// that each one runs and produces numbers, not how fast they are).
// Each bench runs as its own child process (`node --import tsx bench/<name>.ts [--quick]`) one after
// another, never side by side; its stderr is passed through and its stdout (a markdown section) is
// collected. The report, with date, machine and command, is written to `--out` (default
// bench/results/latest.md) and printed. Exits non-zero when any bench fails or prints no table.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { readBenchArgs } from "./support/args.js";
import { describeMachine } from "./support/machine-description.js";
import { formatNumber } from "./support/markdown-table.js";

/** The benches `npm run bench` runs, in order. */
const benches = ["training-throughput", "service-overhead", "worker-memory", "accuracy"] as const;

interface BenchOutcome {
  name: string;
  seconds: number;
  markdown: string;
  failure: string | null;
}

async function runBench(name: string, quick: boolean): Promise<BenchOutcome> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", `bench/${name}.ts`, ...(quick ? ["--quick"] : [])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let markdown = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (markdown += chunk));
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  const seconds = (performance.now() - started) / 1000;
  let failure: string | null = null;
  if (code !== 0) failure = `exited with ${code ?? signal}`;
  else if (!/^\|.*\|\s*$/m.test(markdown)) failure = "printed no markdown table";
  return { name, seconds, markdown: markdown.trim(), failure };
}

async function main(): Promise<void> {
  const args = readBenchArgs({}, { out: "bench/results/latest.md", only: "" });
  const chosen = args.strings.only === "" ? [...benches] : args.strings.only.split(",");
  const unknown = chosen.filter((name) => !(benches as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only names unknown benches (${unknown.join(", ")}); known: ${benches.join(", ")}`);
  const command = `npm run ${args.quick ? "bench:quick" : "bench"}${args.strings.only === "" ? "" : ` -- --only ${args.strings.only}`}`;
  const started = performance.now();
  const outcomes: BenchOutcome[] = [];
  for (const name of chosen) {
    process.stderr.write(`\n== bench/${name}.ts${args.quick ? " --quick" : ""}\n`);
    const outcome = await runBench(name, args.quick);
    process.stderr.write(`== ${name}: ${outcome.failure ?? "ok"} in ${formatNumber(outcome.seconds, 1)} s\n`);
    outcomes.push(outcome);
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const report = [
    `# Benchmark run${args.quick ? " (quick sizes: these figures check the scripts, not speed)" : ""}`,
    "",
    `${new Date().toISOString().slice(0, 10)}; ${describeMachine()}; \`${command}\`; ${formatNumber(totalSeconds)} s in all (${outcomes
      .map((o) => `${o.name} ${formatNumber(o.seconds)} s`)
      .join(", ")}).`,
    "",
    ...outcomes.map((o) => (o.failure === null ? o.markdown : `## ${o.name}\n\nFAILED: ${o.failure}`) + "\n"),
  ].join("\n");
  await mkdir(dirname(args.strings.out), { recursive: true });
  await writeFile(args.strings.out, report);
  process.stdout.write(report);
  process.stderr.write(`\nwritten to ${args.strings.out}\n`);
  const failed = outcomes.filter((o) => o.failure !== null);
  if (failed.length > 0) throw new Error(`failed: ${failed.map((o) => `${o.name} (${o.failure})`).join(", ")}`);
}

await main();
