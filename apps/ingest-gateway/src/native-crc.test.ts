import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The bundle's chunks live in dist/: @platformatic/kafka, bundled there, asks `createRequire(import.meta.url)`
// for @node-rs/crc32 and falls back to its WebAssembly CRC32C when it cannot find it (3% of the
// gateway's CPU under `bench logs`, for the checksum of every record batch it produces).
const bundleChunk = join(import.meta.dirname, '../dist/server.js');

describe('the gateway bundle', () => {
  it('resolves the native CRC32C from its own directory, as the bundled Kafka client asks for it', () => {
    const { crc32c } = createRequire(bundleChunk)('@node-rs/crc32') as {
      crc32c(input: Uint8Array, initial?: number): number;
    };
    // The CRC-32C check value (RFC 3720, "123456789").
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});
