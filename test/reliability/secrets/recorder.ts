import type { Haystack } from '@quarry/testkit';

export interface Exchange {
  status: number;
  body: string;
  json: Record<string, unknown>;
}

export interface SendOptions {
  method?: string;
  /** A string is sent as it is (bad JSON on purpose); anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  bearer?: string;
  /** The field of the JSON answer holding a secret shown once (a new token): not a leak there only. */
  issues?: string;
  /** Secrets this answer shows on purpose (a destination's URL to its project's members). */
  shows?: readonly string[];
}

/**
 * A client that keeps every answer (status, headers and body) to be searched for secrets. `mask`
 * hides secrets in the request line it names the answer by, as some requests carry one in the path.
 */
export class Recorder {
  readonly haystacks: Haystack[] = [];
  private readonly mask: (text: string) => string;

  constructor(mask: (text: string) => string) {
    this.mask = mask;
  }

  async send(baseUrl: string, path: string, options: SendOptions = {}): Promise<Exchange> {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = { ...options.headers };
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const body =
      options.body === undefined || typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    const json = parseObject(text);
    const issued = options.issues === undefined ? undefined : json[options.issues];
    const shownHeaders = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    this.haystacks.push({
      where: `answer #${this.haystacks.length + 1} to ${method} ${this.mask(path)} (${response.status})`,
      text: `${response.status}\n${shownHeaders}\n\n${text}`,
      allowed: [...(options.shows ?? []), ...(typeof issued === 'string' ? [issued] : [])],
    });
    return { status: response.status, body: text, json };
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
