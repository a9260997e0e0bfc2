import { Prisma } from "../generated/prisma/client.js";

/** Whether Prisma refused a write because it would break a unique constraint (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
