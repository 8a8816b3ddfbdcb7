import { ApiError } from '@quarry/contract';
import { describe, expect, it } from 'vitest';
import { parseDatasetId, readJsonBody, requestBytes } from './body.ts';

const request = (body: string) => new Request('http://gateway.test/', { method: 'POST', body });

describe('parseDatasetId', () => {
  it('reads a positive integer written plainly', () => {
    expect(parseDatasetId('1')).toBe(1);
    expect(parseDatasetId('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['', '0', '-1', '01', '1.0', '1e3', '0x1', ' 1', '+1', '9007199254740993', 'abc'])(
    'answers 400 Invalid dataset ID for %j',
    (raw) => {
      expect(() => parseDatasetId(raw)).toThrow(new ApiError(400, 'Invalid dataset ID'));
    },
  );
});

describe('readJsonBody', () => {
  it('parses any JSON value', async () => {
    expect(await readJsonBody(request('[1,{"a":null}]'))).toEqual([1, { a: null }]);
  });

  it.each(['', '{', 'undefined', "{'a':1}"])('answers 400 Invalid JSON body for %j', async (body) => {
    const error = await readJsonBody(request(body)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: 'Invalid JSON body' });
  });
});

describe('requestBytes', () => {
  it('reads the body once: the bytes, then the parse, from one read', async () => {
    const sent = request('{"a":"é"}');
    const bytes = await requestBytes(sent);
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"a":"é"}');
    expect(await requestBytes(sent)).toBe(bytes);
    expect(await readJsonBody(sent)).toEqual({ a: 'é' });
  });

  it('decodes as Request#text does: a byte-order mark dropped', async () => {
    const sent = new Request('http://gateway.test/', {
      method: 'POST',
      body: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('[1]')]),
    });
    await requestBytes(sent);
    expect(await readJsonBody(sent)).toEqual([1]);
  });
});
