// Generated from the gateway /openapi.json by openapi-typescript (node test/openapi/write-client.ts). Do not edit.
export interface paths {
    "/datasets/{datasetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue one record */
        post: operations["ingestRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/datasets/{datasetId}/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a batch of records (all or nothing) */
        post: operations["ingestBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue one record (legacy: the default dataset, or X-Loguro-Dataset-Id) */
        post: operations["ingestRecordToDefault"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/datasets/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a batch of records (all or nothing) */
        post: operations["ingestBatchToDefault"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue up to 100 log events */
        post: operations["ingestLogs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue one log event */
        post: operations["ingestLog"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otlp/v1/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OTLP/HTTP logs export (JSON or protobuf): the same key, rate limit, idempotency and quota as /v1/logs
         * @description An OpenTelemetry ExportLogsServiceRequest, up to 1000 log records. Severity becomes the level, the body the message (non-string bodies as JSON text, cut at 32768 characters), record attributes, resource attributes and scope go into metadata (dotted keys nested), service.name and deployment.environment(.name) become source and env, timeUnixNano (else observedTimeUnixNano) the timestamp. A record that cannot be stored is rejected alone and counted in partialSuccess. Refusals of a protobuf request carry a protobuf google.rpc.Status with the same message. See docs/api.md.
         */
        post: operations["exportOtlpLogs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Plain decimal digits: no sign, leading zero, exponent or spaces */
        DatasetId: number;
        /** @description The standard fields and exactly the fields of the dataset’s schema: strings, finite numbers, booleans, and timestamps as ISO 8601 strings */
        Record: {
            /**
             * @description ISO 8601 / RFC 3339
             * @example 2026-06-10T10:00:00Z
             */
            timestamp: string;
            /** @description Any JSON object, stored as JSON text */
            context: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        LogEvent: {
            message: string;
            /**
             * @default info
             * @enum {string}
             */
            level: "debug" | "info" | "warn" | "error";
            /**
             * Format: date-time
             * @description ISO 8601 (RFC 3339 date-times are a subset); the server’s time when absent
             */
            timestamp?: string;
            /** @description Any JSON object, at most 32768 characters as JSON */
            metadata?: {
                [key: string]: unknown;
            };
            env?: string;
            source?: string;
        };
        Queued: {
            /** @constant */
            success: true;
            /** @constant */
            status: "queued";
        };
        QueuedBatch: {
            /** @constant */
            success: true;
            count: number;
            /** @constant */
            status: "queued";
        };
        /** @description OTLP/JSON: lowerCamelCase keys, 64-bit integers as decimal strings or numbers, trace and span ids in hex */
        ExportLogsServiceRequest: {
            resourceLogs?: components["schemas"]["OtlpResourceLogs"][];
        };
        OtlpResourceLogs: {
            resource?: {
                attributes?: components["schemas"]["OtlpKeyValue"][];
            };
            scopeLogs?: components["schemas"]["OtlpScopeLogs"][];
            schemaUrl?: string;
        };
        OtlpScopeLogs: {
            scope?: {
                name?: string;
                version?: string;
                attributes?: components["schemas"]["OtlpKeyValue"][];
            };
            logRecords?: components["schemas"]["OtlpLogRecord"][];
            schemaUrl?: string;
        };
        OtlpLogRecord: {
            /** @description Nanoseconds since the epoch; 0 is unset */
            timeUnixNano?: string | number;
            /** @description Nanoseconds since the epoch; 0 is unset */
            observedTimeUnixNano?: string | number;
            severityNumber?: number;
            severityText?: string;
            body?: components["schemas"]["OtlpAnyValue"];
            attributes?: components["schemas"]["OtlpKeyValue"][];
            droppedAttributesCount?: number;
            flags?: number;
            traceId?: string;
            spanId?: string;
            eventName?: string;
        };
        OtlpAnyValue: {
            stringValue: string;
        } | {
            boolValue: boolean;
        } | {
            /** @description int64: a decimal string or a number */
            intValue: string | number;
        } | {
            doubleValue: number;
        } | {
            arrayValue: {
                values?: components["schemas"]["OtlpAnyValue"][];
            };
        } | {
            kvlistValue: {
                values?: components["schemas"]["OtlpKeyValue"][];
            };
        } | {
            bytesValue: string;
        };
        OtlpKeyValue: {
            key: string;
            value: components["schemas"]["OtlpAnyValue"];
        };
        ExportLogsServiceResponse: {
            partialSuccess?: {
                /** @description int64, as proto3 JSON writes it */
                rejectedLogRecords: string;
                errorMessage: string;
            };
        };
        Error: {
            error: string;
            message: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying */
        RetryAfter: number;
        /** @description The scheme to authenticate with */
        WWWAuthenticate: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ingestRecord: {
        parameters: {
            query?: never;
            header?: {
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path: {
                datasetId: components["schemas"]["DatasetId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Record"];
            };
        };
        responses: {
            /** @description Acknowledged by the broker: the records will be stored */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queued"];
                };
            };
            /** @description Invalid dataset ID, Invalid JSON body, Invalid gzip body, or the first invalid record (`index` names it in a batch); messages are the contract’s */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Dataset schema not found (unknown to the key’s project, or no schema yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or a batch over 10000 records, or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Monthly record quota of the project owner reached (`quota` in the body); a batch that would cross it is refused whole */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ingestBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path: {
                datasetId: components["schemas"]["DatasetId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Record"][];
            };
        };
        responses: {
            /** @description Acknowledged by the broker: the records will be stored */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedBatch"];
                };
            };
            /** @description Invalid dataset ID, Invalid JSON body, Invalid gzip body, or the first invalid record (`index` names it in a batch); messages are the contract’s */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Dataset schema not found (unknown to the key’s project, or no schema yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or a batch over 10000 records, or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Monthly record quota of the project owner reached (`quota` in the body); a batch that would cross it is refused whole */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ingestRecordToDefault: {
        parameters: {
            query?: never;
            header?: {
                /** @description Selects the dataset (plain decimal digits); the project’s default dataset when absent */
                "X-Loguro-Dataset-Id"?: components["schemas"]["DatasetId"];
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Record"];
            };
        };
        responses: {
            /** @description Acknowledged by the broker: the records will be stored */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Queued"];
                };
            };
            /** @description Invalid dataset ID, Invalid JSON body, Invalid gzip body, or the first invalid record (`index` names it in a batch); messages are the contract’s */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Dataset schema not found (unknown to the key’s project, or no schema yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or a batch over 10000 records, or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Monthly record quota of the project owner reached (`quota` in the body); a batch that would cross it is refused whole */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ingestBatchToDefault: {
        parameters: {
            query?: never;
            header?: {
                /** @description Selects the dataset (plain decimal digits); the project’s default dataset when absent */
                "X-Loguro-Dataset-Id"?: components["schemas"]["DatasetId"];
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Record"][];
            };
        };
        responses: {
            /** @description Acknowledged by the broker: the records will be stored */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedBatch"];
                };
            };
            /** @description Invalid dataset ID, Invalid JSON body, Invalid gzip body, or the first invalid record (`index` names it in a batch); messages are the contract’s */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Dataset schema not found (unknown to the key’s project, or no schema yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or a batch over 10000 records, or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Monthly record quota of the project owner reached (`quota` in the body); a batch that would cross it is refused whole */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ingestLogs: {
        parameters: {
            query?: never;
            header?: {
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: components["schemas"]["LogEvent"][];
                };
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Acknowledged by the broker */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                    };
                };
            };
            /** @description Invalid JSON, events, message, level, timestamp or metadata (`index` names the event in a batch), an invalid Idempotency-Key, or Invalid gzip body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this API key, or the project’s monthly log quota, reached */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ingestLog: {
        parameters: {
            query?: never;
            header?: {
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
                /** @description gzip: the body is inflated under the same bound as a plain one (MAX_BODY_BYTES counts inflated bytes) */
                "Content-Encoding"?: "gzip" | "x-gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogEvent"];
            };
        };
        responses: {
            /** @description Acknowledged by the broker */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                    };
                };
            };
            /** @description Invalid JSON, events, message, level, timestamp or metadata (`index` names the event in a batch), an invalid Idempotency-Key, or Invalid gzip body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes (a gzip body: once inflated), or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A Content-Encoding other than gzip */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this API key, or the project’s monthly log quota, reached */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportOtlpLogs: {
        parameters: {
            query?: never;
            header?: {
                /** @description Stored with the records as __traceId and echoed in the answer */
                "X-Request-Id"?: string;
                /** @description A retry with the same key and body is acknowledged again but stored once (24 h) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExportLogsServiceRequest"];
                "application/x-protobuf": string;
            };
        };
        responses: {
            /** @description Acknowledged by the broker (the records taken), in the request’s encoding; empty when every record was taken */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportLogsServiceResponse"];
                    "application/x-protobuf": string;
                };
            };
            /** @description Invalid JSON, events, message, level, timestamp or metadata (`index` names the event in a batch), an invalid Idempotency-Key, or Invalid gzip body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid API key, or a key without a project claim */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API key revoked or disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 4194304 bytes, more than 1000 log records, or too large for the queue */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type neither application/json nor application/x-protobuf */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency-Key already used for a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit of this API key, or the project’s monthly log quota, reached */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests or body bytes in flight (admitted before the body is read), or the queue, quota store or catalog is unavailable; nothing was stored */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
