import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { answerBytes, jsonAnswer } from './answer-body.ts';

describe('jsonAnswer', () => {
  it('answers as c.json does: same status, content type and text', async () => {
    const app = new Hono();
    app.get('/json', (c) => c.json({ success: true, count: 2 }, 202));
    app.get('/answer', (c) => jsonAnswer(c, { success: true, count: 2 }, 202));
    const [json, answer] = await Promise.all([app.request('/json'), app.request('/answer')]);
    expect(answer.status).toBe(json.status);
    expect(answer.headers.get('content-type')).toBe(json.headers.get('content-type'));
    expect(await answer.text()).toBe(await json.text());
  });

  it('gives its bytes to the idempotency record without cloning the response', async () => {
    let answer: Response | undefined;
    const app = new Hono();
    app.get('/', (c) => {
      answer = jsonAnswer(c, { accepted: 'é' }, 202);
      Object.defineProperty(answer, 'clone', {
        value: () => {
          throw new Error('cloned');
        },
      });
      return answer;
    });
    await app.request('/');
    expect(answer && (await answerBytes(answer)).toString()).toBe('{"accepted":"é"}');
  });

  it('reads any other response through a clone, leaving it readable', async () => {
    const response = new Response('{"a":1}', { status: 202 });
    expect((await answerBytes(response)).toString()).toBe('{"a":1}');
    expect(await response.text()).toBe('{"a":1}');
  });
});
