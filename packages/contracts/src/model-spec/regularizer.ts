import { z } from "zod";

/** L1 and/or L2 penalty on a layer's kernel, added to the loss. */
export const regularizerSchema = z
  .object({
    l1: z.number().min(0).max(1).optional(),
    l2: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((r) => r.l1 !== undefined || r.l2 !== undefined, { message: "give l1, l2 or both" });
export type RegularizerSpec = z.infer<typeof regularizerSchema>;

export const activationNames = ["relu", "sigmoid", "tanh", "softmax", "linear", "elu", "selu", "softplus", "softsign", "relu6", "swish", "mish"] as const;
export const activationSchema = z.enum(activationNames);
export type ActivationName = (typeof activationNames)[number];
