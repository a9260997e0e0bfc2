// Runs s3rver in its own process for the tests: `node --openssl-legacy-provider run-s3rver.mjs <dir> <bucket>`.
// s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node's OpenSSL 3 offers only with
// the legacy provider, so it cannot run inside the test process. Prints `{"port":N}` once listening,
// and stops when its stdin closes (the parent ended, cleanly or not).
import S3rver from "s3rver";

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
