import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";

/** Multipart uploads (datasets). A file larger than `maxFileBytes` is refused with 413. */
export async function registerMultipart(app: FastifyInstance, maxFileBytes: number): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: maxFileBytes, files: 4, fields: 16, fieldSize: 1024 * 1024 },
    throwFileSizeLimit: true,
  });
}
