import { LOG_LEVELS, LOG_LIMITS } from '@quarry/logs';
import { NDJSON_MAX_EVENTS } from './logs/ndjson.ts';
import { OTLP_LIMITS } from './otlp/records.ts';
import type { GatewayLimits } from './services.ts';

// The data plane's OpenAPI document. Its validators are hand-written for speed and exact contract
// messages, so this states their rules from the same constants; test/openapi checks the server against it.

const error = (description: string, headers: Record<string, object> = {}) => ({
  description,
  headers,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const retryAfter = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
const json = (schema: object) => ({ 'application/json': { schema } });

function refusals(limits: GatewayLimits, kind: 'dataset' | 'log') {
  return {
    400: error(
      kind === 'dataset'
        ? 'Invalid dataset ID, Invalid JSON body, Invalid gzip body, or the first invalid record (`index` names it in a batch); messages are the contract’s'
        : 'Invalid JSON, events, message, level, timestamp or metadata (`index` names the event in a batch), an invalid Idempotency-Key, or Invalid gzip body',
    ),
    401: error('Missing or invalid API key, or a key without a project claim', {
      'WWW-Authenticate': { $ref: '#/components/headers/WWWAuthenticate' },
    }),
    403: error('API key revoked or disabled'),
    ...(kind === 'dataset'
      ? { 404: error('Dataset schema not found (unknown to the key’s project, or no schema yet)') }
      : {}),
    413: error(
      `Body over ${limits.maxBodyBytes} bytes (a gzip body: once inflated)${kind === 'dataset' ? `, or a batch over ${limits.maxBatchRecords} records` : ''}, or too large for the queue`,
    ),
    415: error('A Content-Encoding other than gzip'),
    422: error('Idempotency-Key already used for a different request'),
    429: error(
      kind === 'dataset'
        ? 'Monthly record quota of the project owner reached (`quota` in the body); a batch that would cross it is refused whole'
        : 'Rate limit of this API key, or the project’s monthly log quota, reached',
      retryAfter,
    ),
    503: error(
      'Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored',
      retryAfter,
    ),
  };
}

const headers = {
  contentEncoding: {
    name: 'Content-Encoding',
    in: 'header',
    required: false,
    description:
      'gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes)',
    schema: { type: 'string', enum: ['gzip', 'x-gzip', 'identity'] },
  },
  requestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Stored with the records as __traceId and echoed in the answer',
    schema: { type: 'string', maxLength: 256 },
  },
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'A retry with the same key and body is acknowledged again but stored once (24 h)',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e](?:[\\x20-\\x7e]{0,253}[\\x21-\\x7e])?$' },
  },
  datasetId: {
    name: 'X-Loguro-Dataset-Id',
    in: 'header',
    required: false,
    description: 'Selects the dataset (plain decimal digits); the project’s default dataset when absent',
    schema: { $ref: '#/components/schemas/DatasetId' },
  },
};

const datasetPath = {
  name: 'datasetId',
  in: 'path',
  required: true,
  schema: { $ref: '#/components/schemas/DatasetId' },
};

function datasetOperation(limits: GatewayLimits, batch: boolean, byPath: boolean) {
  const record = { $ref: '#/components/schemas/Record' };
  const name = `ingest${batch ? 'Batch' : 'Record'}${byPath ? '' : 'ToDefault'}`;
  return {
    post: {
      operationId: name,
      tags: ['datasets'],
      summary: batch
        ? 'Queue a batch of records (all or nothing)'
        : `Queue one record${byPath ? '' : ' (legacy: the default dataset, or X-Loguro-Dataset-Id)'}`,
      security: [{ ingestKey: [] }],
      parameters: [
        ...(byPath ? [datasetPath] : [headers.datasetId]),
        headers.requestId,
        headers.idempotencyKey,
        headers.contentEncoding,
      ],
      requestBody: {
        required: true,
        content: json(
          batch ? { type: 'array', items: record, minItems: 1, maxItems: limits.maxBatchRecords } : record,
        ),
      },
      responses: {
        202: {
          description: 'Acknowledged by the broker: the records will be stored',
          content: json({ $ref: `#/components/schemas/${batch ? 'QueuedBatch' : 'Queued'}` }),
        },
        ...refusals(limits, 'dataset'),
      },
    },
  };
}

function logOperation(limits: GatewayLimits, batch: boolean) {
  const event = { $ref: '#/components/schemas/LogEvent' };
  return {
    post: {
      operationId: batch ? 'ingestLogs' : 'ingestLog',
      tags: ['logs'],
      summary: batch ? `Queue up to ${LOG_LIMITS.eventsPerRequest} log events` : 'Queue one log event',
      security: [{ ingestKey: [] }],
      parameters: [headers.requestId, headers.idempotencyKey, headers.contentEncoding],
      requestBody: {
        required: true,
        content: {
          ...json(
            batch
              ? {
                  type: 'object',
                  required: ['events'],
                  additionalProperties: false,
                  properties: {
                    events: {
                      type: 'array',
                      items: event,
                      minItems: 1,
                      maxItems: LOG_LIMITS.eventsPerRequest,
                    },
                  },
                }
              : event,
          ),
          ...(batch ? ndjsonBody : {}),
        },
      },
      responses: {
        202: {
          description: 'Acknowledged by the broker',
          content: json({
            type: 'object',
            required: ['accepted'],
            properties: { accepted: { type: 'integer', minimum: 1 } },
          }),
        },
        ...refusals(limits, 'log'),
      },
    },
  };
}

const ndjsonBody = {
  'application/x-ndjson': {
    schema: {
      type: 'string',
      description: `One LogEvent object per line (\\n or \\r\\n), blank lines ignored, 1 to ${NDJSON_MAX_EVENTS} events (shippers cannot cap a request at 100), all or nothing: a refusal names the first bad \`line\` (and the event's \`index\`). For shippers such as Vector and Fluent Bit.`,
    },
  },
};

function otlpOperation(limits: GatewayLimits) {
  const protobufBody = { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } } };
  return {
    post: {
      operationId: 'exportOtlpLogs',
      tags: ['logs'],
      summary:
        'OTLP/HTTP logs export (JSON or protobuf): the same key, rate limit, idempotency and quota as /v1/logs',
      description: `An OpenTelemetry ExportLogsServiceRequest, up to ${OTLP_LIMITS.recordsPerRequest} log records. Severity becomes the level, the body the message (non-string bodies as JSON text, cut at ${LOG_LIMITS.messageChars} characters), record attributes, resource attributes and scope go into metadata (dotted keys nested), service.name and deployment.environment(.name) become source and env, timeUnixNano (else observedTimeUnixNano) the timestamp. A record that cannot be stored is rejected alone and counted in partialSuccess. Refusals of a protobuf request carry a protobuf google.rpc.Status with the same message. See docs/api.md.`,
      security: [{ ingestKey: [] }],
      parameters: [headers.requestId, headers.idempotencyKey],
      requestBody: {
        required: true,
        content: { ...json({ $ref: '#/components/schemas/ExportLogsServiceRequest' }), ...protobufBody },
      },
      responses: {
        200: {
          description:
            'Acknowledged by the broker (the records taken), in the request’s encoding; empty when every record was taken',
          content: { ...json({ $ref: '#/components/schemas/ExportLogsServiceResponse' }), ...protobufBody },
        },
        ...refusals(limits, 'log'),
        413: error(
          `Body over ${limits.maxBodyBytes} bytes, more than ${OTLP_LIMITS.recordsPerRequest} log records, or too large for the queue`,
        ),
        415: error('Content-Type neither application/json nor application/x-protobuf'),
      },
    },
  };
}

// OTLP/JSON as the gateway reads it (opentelemetry-proto's logs messages in proto3 JSON form).
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const list = (name: string) => ({ type: 'array', items: ref(name) });
const int64 = {
  type: ['string', 'integer'],
  pattern: '^-?[0-9]{1,20}$',
  description: 'int64: a decimal string or a number',
};
const nanos = {
  type: ['string', 'integer'],
  pattern: '^[0-9]{1,20}$',
  description: 'Nanoseconds since the epoch; 0 is unset',
};
const one = (name: string, schema: object) => ({
  type: 'object',
  required: [name],
  properties: { [name]: schema },
});

const otlpSchemas = {
  ExportLogsServiceRequest: {
    type: 'object',
    description:
      'OTLP/JSON: lowerCamelCase keys, 64-bit integers as decimal strings or numbers, trace and span ids in hex',
    properties: { resourceLogs: list('OtlpResourceLogs') },
  },
  OtlpResourceLogs: {
    type: 'object',
    properties: {
      resource: { type: 'object', properties: { attributes: list('OtlpKeyValue') } },
      scopeLogs: list('OtlpScopeLogs'),
      schemaUrl: { type: 'string' },
    },
  },
  OtlpScopeLogs: {
    type: 'object',
    properties: {
      scope: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          attributes: list('OtlpKeyValue'),
        },
      },
      logRecords: list('OtlpLogRecord'),
      schemaUrl: { type: 'string' },
    },
  },
  OtlpLogRecord: {
    type: 'object',
    properties: {
      timeUnixNano: nanos,
      observedTimeUnixNano: nanos,
      severityNumber: { type: 'integer', minimum: 0, maximum: 24 },
      severityText: { type: 'string' },
      body: ref('OtlpAnyValue'),
      attributes: list('OtlpKeyValue'),
      droppedAttributesCount: { type: 'integer', minimum: 0 },
      flags: { type: 'integer', minimum: 0 },
      traceId: { type: 'string', pattern: '^([0-9a-f]{32})?$' },
      spanId: { type: 'string', pattern: '^([0-9a-f]{16})?$' },
      eventName: { type: 'string' },
    },
  },
  OtlpAnyValue: {
    anyOf: [
      one('stringValue', { type: 'string' }),
      one('boolValue', { type: 'boolean' }),
      one('intValue', int64),
      one('doubleValue', { type: 'number' }),
      one('arrayValue', { type: 'object', properties: { values: list('OtlpAnyValue') } }),
      one('kvlistValue', { type: 'object', properties: { values: list('OtlpKeyValue') } }),
      one('bytesValue', { type: 'string', contentEncoding: 'base64' }),
    ],
  },
  OtlpKeyValue: {
    type: 'object',
    required: ['key', 'value'],
    properties: { key: { type: 'string' }, value: ref('OtlpAnyValue') },
  },
  ExportLogsServiceResponse: {
    type: 'object',
    properties: {
      partialSuccess: {
        type: 'object',
        required: ['rejectedLogRecords', 'errorMessage'],
        properties: {
          rejectedLogRecords: {
            type: 'string',
            pattern: '^[1-9][0-9]*$',
            description: 'int64, as proto3 JSON writes it',
          },
          errorMessage: { type: 'string' },
        },
      },
    },
  },
};

/** The gateway's OpenAPI 3.1 document, with the limits this gateway enforces. */
export function gatewayDocument(limits: GatewayLimits): object {
  return {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'The host that serves this document' }],
    info: {
      title: 'Quarry ingest gateway',
      version: '1',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'The data plane: dataset records and logs, authenticated by a project API key. A 202 means the broker acknowledged the records. Errors are `{"error": "<HTTP reason>", "message": "…"}`. Bodies are read as JSON whatever the Content-Type, except `application/x-ndjson` on /v1/logs (one event per line) and the OTLP endpoint (JSON or protobuf). See docs/api.md.',
    },
    paths: {
      '/datasets/{datasetId}': datasetOperation(limits, false, true),
      '/datasets/{datasetId}/batch': datasetOperation(limits, true, true),
      '/datasets': datasetOperation(limits, false, false),
      '/datasets/batch': datasetOperation(limits, true, false),
      '/v1/logs': logOperation(limits, true),
      '/v1/ingest': logOperation(limits, false),
      '/otlp/v1/logs': otlpOperation(limits),
    },
    components: {
      securitySchemes: {
        ingestKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A project API key (qk_…), shown once at creation',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer', minimum: 0 },
        },
        WWWAuthenticate: { description: 'The scheme to authenticate with', schema: { type: 'string' } },
      },
      schemas: {
        DatasetId: {
          type: 'integer',
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          description: 'Plain decimal digits: no sign, leading zero, exponent or spaces',
        },
        Record: {
          type: 'object',
          required: ['timestamp', 'context'],
          description:
            'The standard fields and exactly the fields of the dataset’s schema: strings, finite numbers, booleans, and timestamps as ISO 8601 strings',
          properties: {
            timestamp: {
              type: 'string',
              description: 'ISO 8601 / RFC 3339',
              examples: ['2026-06-10T10:00:00Z'],
            },
            context: {
              type: 'object',
              additionalProperties: true,
              description: 'Any JSON object, stored as JSON text',
            },
          },
          // Declared fields are strings, finite numbers or booleans; `true` keeps generated record
          // types usable beside `context` (an index signature of scalars would exclude it).
          additionalProperties: true,
        },
        LogEvent: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: {
            message: { type: 'string', minLength: 1, maxLength: LOG_LIMITS.messageChars },
            level: { type: 'string', enum: [...LOG_LEVELS], default: 'info' },
            timestamp: {
              type: 'string',
              format: 'date-time',
              description: 'ISO 8601 (RFC 3339 date-times are a subset); the server’s time when absent',
            },
            metadata: {
              type: 'object',
              additionalProperties: true,
              description: `Any JSON object, at most ${LOG_LIMITS.metadataChars} characters as JSON`,
            },
            env: { type: 'string', maxLength: LOG_LIMITS.labelChars },
            source: { type: 'string', maxLength: LOG_LIMITS.labelChars },
          },
        },
        Queued: {
          type: 'object',
          required: ['success', 'status'],
          properties: { success: { const: true }, status: { const: 'queued' } },
        },
        QueuedBatch: {
          type: 'object',
          required: ['success', 'count', 'status'],
          properties: {
            success: { const: true },
            count: { type: 'integer', minimum: 1 },
            status: { const: 'queued' },
          },
        },
        ...otlpSchemas,
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  };
}
