import { z } from 'zod';

/** Reusable environment-variable field parsers: env values are strings, these give typed values. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  host: (fallback = '0.0.0.0') => z.string().min(1).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  url: (protocols: string[]) =>
    z.url({
      protocol: new RegExp(`^(${protocols.join('|')})$`),
      error: `must be a ${protocols.join(' or ')} URL`,
    }),
  /** Comma-separated host:port list, e.g. "kafka-0:9092,kafka-1:9092". */
  brokers: () =>
    z
      .string()
      .min(1)
      .transform((value) => value.split(',').map((broker) => broker.trim()))
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port')).min(1)),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
};
