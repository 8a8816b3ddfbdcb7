import protobuf from 'protobufjs/light.js';

/**
 * The messages of OTLP/HTTP logs (opentelemetry-proto: collector/logs/v1, logs/v1, common/v1,
 * resource/v1) and google.rpc.Status, by field number: only what the logs endpoint reads or writes.
 * Field names are the proto3 JSON names, so a decoded message has the shape of an OTLP/JSON body.
 */
const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const field = (type: string, id: number) => ({ type, id });
const keyValues = (id: number) => repeated('KeyValue', id);

const root = protobuf.Root.fromJSON({
  nested: {
    ExportLogsServiceRequest: { fields: { resourceLogs: repeated('ResourceLogs', 1) } },
    ExportLogsServiceResponse: { fields: { partialSuccess: field('ExportLogsPartialSuccess', 1) } },
    ExportLogsPartialSuccess: {
      fields: { rejectedLogRecords: field('int64', 1), errorMessage: field('string', 2) },
    },
    ResourceLogs: {
      fields: {
        resource: field('Resource', 1),
        scopeLogs: repeated('ScopeLogs', 2),
        schemaUrl: field('string', 3),
      },
    },
    Resource: { fields: { attributes: keyValues(1), droppedAttributesCount: field('uint32', 2) } },
    ScopeLogs: {
      fields: {
        scope: field('InstrumentationScope', 1),
        logRecords: repeated('LogRecord', 2),
        schemaUrl: field('string', 3),
      },
    },
    InstrumentationScope: {
      fields: {
        name: field('string', 1),
        version: field('string', 2),
        attributes: keyValues(3),
        droppedAttributesCount: field('uint32', 4),
      },
    },
    LogRecord: {
      fields: {
        timeUnixNano: field('fixed64', 1),
        // SeverityNumber is an enum: on the wire the same varint as int32.
        severityNumber: field('int32', 2),
        severityText: field('string', 3),
        body: field('AnyValue', 5),
        attributes: keyValues(6),
        droppedAttributesCount: field('uint32', 7),
        flags: field('fixed32', 8),
        traceId: field('bytes', 9),
        spanId: field('bytes', 10),
        observedTimeUnixNano: field('fixed64', 11),
        eventName: field('string', 12),
      },
    },
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            'stringValue',
            'boolValue',
            'intValue',
            'doubleValue',
            'arrayValue',
            'kvlistValue',
            'bytesValue',
          ],
        },
      },
      fields: {
        stringValue: field('string', 1),
        boolValue: field('bool', 2),
        intValue: field('int64', 3),
        doubleValue: field('double', 4),
        arrayValue: field('ArrayValue', 5),
        kvlistValue: field('KeyValueList', 6),
        bytesValue: field('bytes', 7),
      },
    },
    ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
    KeyValueList: { fields: { values: keyValues(1) } },
    KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
    Status: { fields: { code: field('int32', 1), message: field('string', 2) } },
  },
});

const request = root.lookupType('ExportLogsServiceRequest');
const response = root.lookupType('ExportLogsServiceResponse');
const status = root.lookupType('Status');

/** A protobuf ExportLogsServiceRequest as a plain object: 64-bit integers as decimal strings, bytes as Uint8Array. */
export function decodeLogsRequest(bytes: Uint8Array): unknown {
  return request.toObject(request.decode(bytes), { longs: String });
}

export function encodeLogsResponse(answer: {
  partialSuccess?: { rejectedLogRecords: number; errorMessage: string };
}) {
  return response.encode(response.fromObject(answer)).finish();
}

/** google.rpc.Status, the body of an OTLP/HTTP refusal to a protobuf request. */
export function encodeStatus(answer: { code: number; message: string }) {
  return status.encode(status.fromObject(answer)).finish();
}
