import { z } from 'zod';
import { invalidCidrs, splitCidrs } from './policy.ts';

/**
 * DESTINATION_ALLOWED_CIDRS: comma-separated CIDRs destinations may reach although they are not
 * public (e.g. `10.20.0.0/16,127.0.0.1/32`). Empty by default: only public addresses.
 */
export const allowedCidrsField = () =>
  z
    .string()
    .default('')
    .transform(splitCidrs)
    .refine((list) => invalidCidrs(list).length === 0, {
      message: 'must be comma-separated CIDRs, e.g. 10.0.0.0/8,fd00::/8',
    });

/** DESTINATION_ENCRYPTION_KEY: 32 bytes, base64; the control API seals destinations with it. */
export const destinationKeyField = () =>
  z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32), the same as the control API',
    })
    .transform((value) => Buffer.from(value, 'base64'));
