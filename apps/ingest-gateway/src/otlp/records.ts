import { LOG_LIMITS, type LogLevel, validateLogEvent } from '@quarry/logs';
import type { LogEvent } from '@quarry/pipeline';
import { bytesText, isObject, keyValues, plainValue } from './any-value.ts';

export const OTLP_LIMITS = { recordsPerRequest: 1_000 } as const;

export const OTLP_MESSAGES = {
  notARequest: 'resourceLogs must be an array of ResourceLogs',
  tooManyRecords: (max: number) => `Too many log records (at most ${max})`,
  noBody: 'log record has neither a body nor an event name',
  rejected: (count: number, where: string, message: string) =>
    `${count} log record${count === 1 ? '' : 's'} rejected; the first, ${where}: ${message}`,
} as const;

export interface Conversion {
  events: LogEvent[];
  rejected: number;
  /** What was wrong with the first rejected record, for `partialSuccess.errorMessage`. */
  errorMessage?: string;
}

type Records = { ok: true; value: Conversion } | { ok: false; status: 400 | 413; message: string };

/** Resource and scope facts every record under them shares. */
interface Scope {
  resource: Record<string, unknown>;
  scope: Record<string, unknown>;
  labels: { env?: string; source?: string };
}

/**
 * An ExportLogsServiceRequest (OTLP/JSON, or protobuf decoded to the same shape) as Quarry log events.
 * A record that cannot be stored is rejected alone (OTLP's partial success); a malformed request or
 * one over the record limit is refused whole.
 */
export function toLogEvents(request: unknown, now: Date = new Date()): Records {
  const resourceLogs = isObject(request) ? (request.resourceLogs ?? []) : undefined;
  if (!Array.isArray(resourceLogs)) return { ok: false, status: 400, message: OTLP_MESSAGES.notARequest };
  if (countRecords(resourceLogs) > OTLP_LIMITS.recordsPerRequest)
    return { ok: false, status: 413, message: OTLP_MESSAGES.tooManyRecords(OTLP_LIMITS.recordsPerRequest) };
  const result: Conversion = { events: [], rejected: 0 };
  let first: { where: string; message: string } | undefined;
  resourceLogs.forEach((resourceLog, r) => {
    const resource = keyValues(
      isObject(resourceLog) && isObject(resourceLog.resource) ? resourceLog.resource.attributes : [],
    );
    for (const [s, scopeLog] of listOf(resourceLog, 'scopeLogs').entries()) {
      const shared = { resource, scope: scopeOf(scopeLog), labels: labelsOf(resource) };
      for (const [l, record] of listOf(scopeLog, 'logRecords').entries()) {
        const checked = toLogEvent(record, shared, now);
        if (checked.ok) {
          result.events.push(checked.event);
          continue;
        }
        result.rejected++;
        first ??= { where: `resourceLogs[${r}].scopeLogs[${s}].logRecords[${l}]`, message: checked.message };
      }
    }
  });
  if (first !== undefined)
    result.errorMessage = OTLP_MESSAGES.rejected(result.rejected, first.where, first.message);
  return { ok: true, value: result };
}

function toLogEvent(record: unknown, shared: Scope, now: Date) {
  if (!isObject(record)) return { ok: false as const, message: 'log record must be an object' };
  const body = plainValue(record.body);
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const text =
    body === null || body === '' ? eventName : typeof body === 'string' ? body : JSON.stringify(body);
  if (text === '') return { ok: false as const, message: OTLP_MESSAGES.noBody };
  const timestamp = isoTime(record.timeUnixNano) ?? isoTime(record.observedTimeUnixNano);
  const candidate = {
    // A long stack trace is cut rather than lost: OTel SDKs have no way to split it.
    message: text.slice(0, LOG_LIMITS.messageChars),
    level: levelOf(record.severityNumber, record.severityText),
    metadata: metadataOf(record, shared),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...shared.labels,
  };
  const checked = validateLogEvent(candidate, now);
  return checked.ok ? checked : { ok: false as const, message: checked.message };
}

function metadataOf(record: Record<string, unknown>, shared: Scope): Record<string, unknown> {
  return withoutEmpty({
    attributes: keyValues(record.attributes),
    resource: shared.resource,
    scope: shared.scope,
    severityText: record.severityText,
    eventName: record.eventName,
    traceId: bytesText(record.traceId, 'hex'),
    spanId: bytesText(record.spanId, 'hex'),
  });
}

function scopeOf(scopeLog: unknown): Record<string, unknown> {
  const scope = isObject(scopeLog) && isObject(scopeLog.scope) ? scopeLog.scope : {};
  return withoutEmpty({ name: scope.name, version: scope.version, attributes: keyValues(scope.attributes) });
}

/** `service.name` and `deployment.environment(.name)` are what Quarry calls source and env. */
function labelsOf(resource: Record<string, unknown>): Scope['labels'] {
  const service = resource.service;
  const deployment = resource.deployment;
  const source = isObject(service) ? service.name : undefined;
  const environment = isObject(deployment)
    ? isObject(deployment.environment)
      ? deployment.environment.name
      : deployment.environment
    : undefined;
  return {
    ...(typeof source === 'string' ? { source: source.slice(0, LOG_LIMITS.labelChars) } : {}),
    ...(typeof environment === 'string' ? { env: environment.slice(0, LOG_LIMITS.labelChars) } : {}),
  };
}

const SEVERITY_NAMES: Record<string, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  WARNING: 'warn',
  ERROR: 'error',
  FATAL: 'error',
  CRITICAL: 'error',
};

/**
 * SeverityNumber ranges (TRACE 1–4, DEBUG 5–8, INFO 9–12, WARN 13–16, ERROR 17–20, FATAL 21–24), or
 * its proto3 JSON name; without one, the severity text; otherwise info.
 */
export function levelOf(severityNumber: unknown, severityText: unknown): LogLevel {
  if (typeof severityNumber === 'number' && severityNumber >= 1) {
    if (severityNumber <= 8) return 'debug';
    if (severityNumber <= 12) return 'info';
    if (severityNumber <= 16) return 'warn';
    return 'error';
  }
  const name = typeof severityNumber === 'string' ? severityNumber.replace(/^SEVERITY_NUMBER_/, '') : '';
  const text = typeof severityText === 'string' ? severityText : '';
  for (const candidate of [name, text]) {
    const level = SEVERITY_NAMES[candidate.toUpperCase().replace(/\d+$/, '')];
    if (level !== undefined) return level;
  }
  return 'info';
}

/** Nanoseconds since the epoch (a number or decimal string) as ISO 8601 in milliseconds; 0 is "unset". */
export function isoTime(nanos: unknown): string | undefined {
  let millis: number;
  if (typeof nanos === 'string' && /^\d{1,20}$/.test(nanos)) millis = Number(BigInt(nanos) / 1_000_000n);
  else if (typeof nanos === 'number' && Number.isFinite(nanos) && nanos >= 0)
    millis = Math.floor(nanos / 1e6);
  else return undefined;
  if (millis === 0) return undefined;
  const date = new Date(millis);
  // Out of Date's range: let the validator refuse it with its message.
  return Number.isNaN(date.getTime()) ? String(nanos) : date.toISOString();
}

function countRecords(resourceLogs: unknown[]): number {
  let count = 0;
  for (const resourceLog of resourceLogs)
    for (const scopeLog of listOf(resourceLog, 'scopeLogs')) count += listOf(scopeLog, 'logRecords').length;
  return count;
}

function listOf(value: unknown, key: string): unknown[] {
  const list = isObject(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : [];
}

function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    if (isObject(value) && Object.keys(value).length === 0) continue;
    result[key] = value;
  }
  return result;
}
