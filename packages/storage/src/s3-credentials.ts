import { InvalidInputError } from "@trainyard/domain";

/**
 * S3 credentials from a key pair: both given -> the pair, neither -> undefined (the AWS SDK's default
 * chain).
 * @throws InvalidInputError when only one of `accessKeyId` and `secretAccessKey` is given.
 */
export function s3CredentialsOf(keys: { accessKeyId?: string | undefined; secretAccessKey?: string | undefined }): { accessKeyId: string; secretAccessKey: string } | undefined {
  const { accessKeyId, secretAccessKey } = keys;
  if (accessKeyId !== undefined && secretAccessKey !== undefined) return { accessKeyId, secretAccessKey };
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  const missing = accessKeyId === undefined ? "accessKeyId" : "secretAccessKey";
  throw InvalidInputError.forField(missing, "give both accessKeyId and secretAccessKey, or neither");
}
