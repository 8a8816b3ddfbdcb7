import fc from 'fast-check';
import { LOG_LEVELS, LOG_LIMITS, LOG_MESSAGES } from '../../../../packages/logs/src/index.ts';
import { anyNumber, jsonObject } from './json.ts';
import { type JsonRecord, nonObject } from './records.ts';
import { hostileString, hugeString } from './text.ts';
import { invalidTimestamp, validTimestamp } from './timestamps.ts';

const EVENT_FIELDS = new Set(['message', 'level', 'timestamp', 'metadata', 'env', 'source']);
const label = hostileString(40).map((text) => text.slice(0, LOG_LIMITS.labelChars));

/** A log event as contract §3 describes it: a message, and any of the optional fields. */
export const validEvent: fc.Arbitrary<JsonRecord> = fc.record(
  {
    message: fc.oneof(
      { weight: 9, arbitrary: hostileString(80).filter((text) => text.length > 0) },
      { weight: 1, arbitrary: hugeString(LOG_LIMITS.messageChars) },
    ),
    level: fc.constantFrom(...LOG_LEVELS),
    timestamp: validTimestamp.map((t) => t.text),
    metadata: jsonObject.filter((value) => JSON.stringify(value).length <= LOG_LIMITS.metadataChars),
    env: label,
    source: label,
  },
  { requiredKeys: ['message'] },
);

export interface DefectiveEvent {
  event: JsonRecord;
  message: string;
}

const notString = fc.oneof(fc.constant(null), fc.boolean(), anyNumber, jsonObject, fc.constant([]));
const tooLong = (max: number) => hugeString(max * 2).filter((text) => text.length > max);
const oversizedMetadata = tooLong(LOG_LIMITS.metadataChars).map((text) => ({ text }));
const badLevel = fc.oneof(notString, hostileString(8), fc.constantFrom('INFO', 'warning', 'fatal'));

/** A valid event with one defect, and the log catalog's message for it (checked in the documented order). */
export const defectiveEvent: fc.Arbitrary<DefectiveEvent> = fc
  .tuple(
    validEvent,
    fc.oneof(
      defect('message', fc.constant(undefined), LOG_MESSAGES.missingMessage),
      defect('message', notString, LOG_MESSAGES.messageNotString),
      defect('message', fc.constant(''), LOG_MESSAGES.emptyMessage),
      defect(
        'message',
        tooLong(LOG_LIMITS.messageChars),
        LOG_MESSAGES.messageTooLong(LOG_LIMITS.messageChars),
      ),
      defect(
        'level',
        badLevel.filter((level) => !LOG_LEVELS.some((known: string) => known === level)),
        LOG_MESSAGES.invalidLevel,
      ),
      defect('timestamp', invalidTimestamp, LOG_MESSAGES.invalidTimestamp),
      defect('metadata', nonObject, LOG_MESSAGES.metadataNotObject),
      defect('metadata', oversizedMetadata, LOG_MESSAGES.metadataTooLarge(LOG_LIMITS.metadataChars)),
      defect('env', notString, LOG_MESSAGES.notString('env')),
      defect('source', tooLong(LOG_LIMITS.labelChars), LOG_MESSAGES.tooLong('source', LOG_LIMITS.labelChars)),
      fc
        .tuple(hostileString(20), fc.constant(1))
        .filter(([key]) => !EVENT_FIELDS.has(key) && key.length <= 64)
        .map(([key, value]) => ({ key, value, message: LOG_MESSAGES.unknownField(key) })),
    ),
  )
  .map(([event, { key, value, message }]) => {
    const rest = Object.entries(event).filter(([k]) => k !== key);
    return { event: Object.fromEntries(value === undefined ? rest : [...rest, [key, value]]), message };
  });

function defect(key: string, value: fc.Arbitrary<unknown>, message: string) {
  return value.map((v) => ({ key, value: v, message }));
}
