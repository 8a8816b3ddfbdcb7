import { describe, expect, it } from 'vitest';
import { decodeDatasetEnvelope, encodeDatasetEnvelope } from './envelope.ts';

describe('dataset envelope', () => {
  it('round-trips the rows of a request', () => {
    const encoded = encodeDatasetEnvelope({
      datasetId: 13,
      projectId: 2,
      acceptedAt: '2026-06-10T00:00:00.000Z',
      traceId: 'req_123',
      rows: [{ country: 'RO' }],
    });
    const decoded = decodeDatasetEnvelope(Buffer.from(encoded));
    expect(decoded).toEqual({
      ok: true,
      envelope: {
        v: 1,
        kind: 'dataset',
        datasetId: 13,
        projectId: 2,
        acceptedAt: '2026-06-10T00:00:00.000Z',
        traceId: 'req_123',
        rows: [{ country: 'RO' }],
      },
    });
  });

  it('reports poison messages instead of throwing', () => {
    expect(decodeDatasetEnvelope(Buffer.from('{oops'))).toEqual({
      ok: false,
      reason: 'undecodable: not JSON',
    });
    expect(decodeDatasetEnvelope(Buffer.from('{"v":2}')).ok).toBe(false);
    expect(decodeDatasetEnvelope(null)).toEqual({ ok: false, reason: 'empty message' });
  });

  it('reports an envelope whose dataset or project id names nothing as poison', () => {
    const envelope = (datasetId: unknown, projectId: unknown) =>
      JSON.stringify({ v: 1, kind: 'dataset', datasetId, projectId, acceptedAt: '', traceId: '', rows: [] });
    for (const [datasetId, projectId] of [
      [0, 2],
      [-3, 2],
      [13, 0],
      [13, -1],
      [1.5, 2],
    ]) {
      expect(decodeDatasetEnvelope(envelope(datasetId, projectId))).toEqual({
        ok: false,
        reason: 'undecodable: not a version 1 dataset envelope',
      });
    }
  });
});
