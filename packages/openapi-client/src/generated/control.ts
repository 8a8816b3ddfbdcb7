// Generated from the control /openapi.json by openapi-typescript (node test/openapi/write-client.ts). Do not edit.
export interface paths {
    "/api/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (email and password of at least 8 characters), as SIGNUP_MODE allows */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in; the returned token is a personal access token (pat_…) with every scope that expires */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in with this session cookie */
        get: operations["getSession"];
        put?: never;
        /** Sign in to the console: sets the HttpOnly `quarry_session` cookie (no token in the body) */
        post: operations["createSession"];
        /** Sign out: revokes the session and clears the cookie */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How accounts are created here (the console shows its sign-up form only when `open`) */
        get: operations["authOptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your profile */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update your profile (at least one field) */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/api/dashboard/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password; your other sessions and login tokens end
         * @description The current password is required and attempts share the login throttle of the account. Every browser session and login token (`POST /api/auth/login`) of the user is revoked, except the credential making this request; personal access tokens created on purpose stay valid.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your sign-in email; the current password is required
         * @description The address is stored lowercase and signs in at once; attempts share the login throttle of the account.
         */
        post: operations["changeEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your personal access tokens (never their secrets) */
        get: operations["listTokens"];
        put?: never;
        /** Create a personal access token; the token is shown once */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a personal access token */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Projects you are a member of */
        get: operations["listProjects"];
        put?: never;
        /** Create a project (you become its owner; its default dataset is created with it) */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One project you are a member of */
        get: operations["getProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This month's usage per quota bucket against its limit, and the months before */
        get: operations["getProjectUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Transfer ownership to a member (owner only); the dataset record quota becomes the new owner's */
        post: operations["transferProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a project */
        get: operations["listMembers"];
        /** Add a registered user by email, or change their role (owners only) */
        put: operations["putMember"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (owners only) */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/destination": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Where the project logs go: logger (read_api_url), webhook (webhook_url) or direct_db_postgres (direct_db_url)
         * @description Schemes are checked here (http/https for webhooks, postgres for direct_db_postgres); the address is checked by the writer at each connection. A webhook gets a new signing secret, answered only here.
         */
        patch: operations["setDestination"];
        trace?: never;
    };
    "/api/projects/{project}/destination/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's 50 most recent log deliveries to its destination, newest first (admins) */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/destination/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver one synthetic log event to the destination and answer how it went (admins)
         * @description The event goes through the delivery outbox like any other: the writer signs it, checks the address after DNS resolution and retries a failure. The answer waits up to 10 s for the first attempt; `pending` with 0 attempts means the outcome is not known yet (see the deliveries list).
         */
        post: operations["testDestination"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project API keys (never their secrets) */
        get: operations["listIngestKeys"];
        put?: never;
        /** Create a project API key for the data plane; `apiKey` is shown once */
        post: operations["createIngestKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/keys/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a key (reversible); gateways refuse it within seconds */
        post: operations["disableIngestKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/keys/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled key (a revoked key stays revoked) */
        post: operations["enableIngestKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{project}/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key for good; gateways refuse it within seconds */
        delete: operations["revokeIngestKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the datasets of a project (the default dataset included) */
        get: operations["listDatasets"];
        put?: never;
        /** Create dataset metadata (status pending_schema until a schema is registered) */
        post: operations["createDataset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One dataset */
        get: operations["getDataset"];
        put?: never;
        post?: never;
        /** Delete a dataset: its table is dropped, its place in the plan and its slug freed; its id is never reused, and ingest answers 404 on every gateway within seconds */
        delete: operations["deleteDataset"];
        options?: never;
        head?: never;
        /** Set a dataset's retention (a TTL on its table; at most the plan's bound) */
        patch: operations["updateDataset"];
        trace?: never;
    };
    "/api/datasets/{project}/{id}/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register the dataset schema (once; immutable) and create its typed table */
        post: operations["registerSchema"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/schema/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions published after the registration, oldest first: what each added, who and when */
        get: operations["listSchemaVersions"];
        put?: never;
        /** Publish the next schema version: only optional fields may be added (the table gains their columns) */
        post: operations["publishSchemaVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/deletions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit of deleted records, newest first (at most 100; admins and owners) */
        get: operations["listRecordDeletions"];
        put?: never;
        /** Delete the records matching a filter (admins and owners); answers the count and keeps an audit entry */
        post: operations["deleteRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/copies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The copies into this dataset with their progress, newest first (admins and owners) */
        get: operations["listDatasetCopies"];
        put?: never;
        /** Copy another dataset's rows into this one, month by month in the background (admins and owners): the path for a change no schema version can make */
        post: operations["copyDataset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A dataset's rows, bytes, time span and latest ingest (zeros and nulls before a schema) */
        get: operations["getDatasetStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Aggregate query over a dataset (counts as strings; no raw SQL in any form) */
        post: operations["queryDataset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Records the warehouse refused, oldest first, with the reason (paged) */
        get: operations["listDatasetQuarantine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/quarantine/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Writes quarantined records to the dataset again after a fix (exactly once, even if retried) */
        post: operations["replayDatasetQuarantine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/quarantine/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Removes quarantined records for good */
        post: operations["discardDatasetQuarantine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{project}/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Streams the rows with from <= timestamp < to as NDJSON, CSV or Parquet (at most 1000000 rows) */
        get: operations["exportDataset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search a project’s logs, newest first, with cursor pages; or tail what arrived after a cursor */
        post: operations["searchLogs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/volume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log volume by level over a range, in at most 121 buckets whose width follows the range */
        post: operations["logVolume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Counts per level and the top values of env, source or metadata fields, for the search filters */
        post: operations["logFacets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The events around one (by event time), whatever the filters: `size` before and after it */
        get: operations["logContext"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/tail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live tail: events as they are stored, as Server-Sent Events (resumable with Last-Event-ID) */
        get: operations["tailLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{project}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the matching events, newest first, streamed as NDJSON or CSV (bounded by `limit`) */
        get: operations["exportLogs"];
        put?: never;
        post?: never;
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
        /** @description Field names: letters, digits and _ (not first a digit), at most 64 characters; timestamp and context and names starting with __ are reserved. Other top-level keys are ignored. */
        SchemaDefinition: {
            fields: {
                [key: string]: "string" | "number" | "boolean" | "timestamp";
            };
        };
        /** @description The whole schema of the new version: every earlier field exactly as it is (a registered field as its type, an added one as its {type, default} or {type, nullable}), plus at least one new optional field. A default must be of the field type (a timestamp as text). Anything else is a 409 naming the field and the rule (docs/api.md, "Schema versions"). */
        SchemaVersion: {
            fields: {
                [key: string]: ("string" | "number" | "boolean" | "timestamp") | ({
                    /** @enum {string} */
                    type: "string" | "number" | "boolean" | "timestamp";
                    default: string | number | boolean;
                } | {
                    /** @enum {string} */
                    type: "string" | "number" | "boolean" | "timestamp";
                    /** @constant */
                    nullable: true;
                });
            };
        };
        /** @description A comparison, or and/or/not of conditions: at most 16 levels deep, 256 nodes and 10000 values in one tree. The field must be in the dataset's schema and the value of its type; ordered operators (gt, gte, lt, lte) need a string, number or timestamp field; contains, containsIgnoreCase, startsWith, endsWith and matches (an RE2 regular expression of at most 1000 characters) a string field. In having, field names an aggregate's alias. */
        Condition: {
            and: components["schemas"]["Condition"][];
        } | {
            or: components["schemas"]["Condition"][];
        } | {
            not: components["schemas"]["Condition"];
        } | {
            field: string;
            /** @enum {string} */
            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "startsWith" | "containsIgnoreCase" | "endsWith" | "matches";
            value: string | number | boolean;
        } | {
            field: string;
            /** @enum {string} */
            op: "in" | "notIn";
            value: (string | number | boolean)[];
        };
        /** @description Which records to delete: a time range and, optionally, the query language’s where. */
        RecordFilter: {
            /** @description Required; both ends inclusive, on the record timestamp; from ≤ to */
            range: {
                from: string;
                to: string;
            };
            where?: components["schemas"]["Condition"];
        };
        /** @description An aggregate query (docs/query-language.md). Field names are checked against the dataset's schema: a field it lacks, an aggregate or bucket over a field of the wrong type, an alias that reuses a field name, two outputs with one name, or a selected field missing from groupBy while aggregating answer 400. */
        Query: {
            range: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            } | {
                last: string;
            };
            select: ({
                field: string;
            } | {
                /** @enum {string} */
                aggregate: "count";
                field?: string;
                /** @description Count or sum only the rows where this holds */
                where?: components["schemas"]["Condition"];
                as: string;
            } | {
                /** @enum {string} */
                aggregate: "sum";
                field: string;
                /** @description Count or sum only the rows where this holds */
                where?: components["schemas"]["Condition"];
                as: string;
            } | {
                /** @enum {string} */
                aggregate: "avg" | "min" | "max" | "uniq" | "stddev" | "p50" | "p90" | "p95" | "p99";
                field: string;
                as: string;
            } | {
                /** @enum {string} */
                aggregate: "percentile";
                field: string;
                args: {
                    p: number;
                };
                as: string;
            } | {
                /** @enum {string} */
                aggregate: "topk";
                field: string;
                args: {
                    k: number;
                };
                as: string;
            } | {
                /** @enum {string} */
                aggregate: "histogram";
                field: string;
                args: {
                    bins: number;
                };
                as: string;
            })[];
            where?: components["schemas"]["Condition"];
            groupBy?: (string | {
                bucket: ("minute" | "hour" | "day" | "week" | "month") | string;
                field?: string;
                as: string;
                /** @description IANA time zone (Europe/Bucharest) for day, week and month buckets only; UTC when absent. A name the tz database lacks answers 400 */
                timeZone?: string;
                /** @description Emit every bucket of the range, empty ones with zero counts and sums; of timestamp only, one per query, not with orderBy or having, every grouped field selected. A width bucket or a filled one makes at most 10000 over the range */
                fill?: boolean;
            })[];
            having?: components["schemas"]["Condition"];
            /** @description A selected field, bucket or aggregate alias, a grouped field, or an aggregate (selected or not) */
            orderBy?: ({
                field: string;
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "count";
                field?: string;
                /** @description Count or sum only the rows where this holds */
                where?: components["schemas"]["Condition"];
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "sum";
                field: string;
                /** @description Count or sum only the rows where this holds */
                where?: components["schemas"]["Condition"];
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "avg" | "min" | "max" | "uniq" | "stddev" | "p50" | "p90" | "p95" | "p99";
                field: string;
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "percentile";
                field: string;
                args: {
                    p: number;
                };
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "topk";
                field: string;
                args: {
                    k: number;
                };
                /** @enum {string} */
                direction: "asc" | "desc";
            } | {
                /** @enum {string} */
                aggregate: "histogram";
                field: string;
                args: {
                    bins: number;
                };
                /** @enum {string} */
                direction: "asc" | "desc";
            })[];
            limit?: number;
            offset?: number;
            /** @description The nextCursor of a previous answer (not with offset) */
            cursor?: string;
            /** @description Also answer `totals`: the aggregates once over every row the range and where select; needs an aggregate in select */
            totals?: boolean;
        };
        QuarantineSelection: {
            ids?: string[];
        };
        LogSearch: {
            range?: {
                /** Format: date-time */
                from?: string;
                /** Format: date-time */
                to?: string;
            };
            levels?: ("debug" | "info" | "warn" | "error")[];
            text?: string;
            metadata?: {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            } | {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            }[];
            env?: string;
            source?: string;
            limit?: number;
            cursor?: string;
            tail?: boolean;
        };
        LogVolumeQuery: {
            range: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            };
            levels?: ("debug" | "info" | "warn" | "error")[];
            text?: string;
            metadata?: {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            } | {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            }[];
            env?: string;
            source?: string;
        };
        LogFacetsQuery: {
            range?: {
                /** Format: date-time */
                from?: string;
                /** Format: date-time */
                to?: string;
            };
            levels?: ("debug" | "info" | "warn" | "error")[];
            text?: string;
            metadata?: {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            } | {
                path: string;
                value: string | number | boolean;
                not?: boolean;
            }[];
            env?: string;
            source?: string;
            fields?: string[];
            top?: number;
        };
        Error: {
            error: string;
            message: string;
        } & {
            [key: string]: unknown;
        };
        Session: {
            user: {
                id: number;
                email: string;
                username: string | null;
                name: string | null;
                createdAt: string;
            };
        };
        BucketUsage: {
            /** @enum {string} */
            bucket: "datasets" | "logs";
            /**
             * @description Whose total: dataset records count per project owner (all the owner's projects), logs per project
             * @enum {string}
             */
            scope: "owner" | "project";
            /** @description Accepted this month (UTC) */
            used: number;
            /** @description The monthly limit; -1 is unlimited */
            limit: number;
        };
        Delivery: {
            id: number;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "dropped";
            events: number;
            attempts: number;
            /** @description Why the last attempt failed (e.g. a refused address), or null */
            reason: string | null;
            createdAt: string;
            finishedAt: string | null;
        };
        DatasetStats: {
            /**
             * @description Rows stored (a decimal string, like every count)
             * @example 1200
             */
            rows: string;
            /**
             * @description Size on disk of the active parts, in bytes
             * @example 48211
             */
            bytes: string;
            /** @description Earliest record `timestamp`; null when empty */
            firstTimestamp: string | null;
            /** @description Latest record `timestamp`; null when empty */
            lastTimestamp: string | null;
            /** @description When the newest row was written; null when empty */
            lastIngestAt: string | null;
        };
        QuarantinedRecord: {
            /**
             * @description The quarantine entry (a decimal string)
             * @example 42
             */
            id: string;
            /** @description The warehouse's reason for refusing the record */
            reason: string;
            /** @description When the gateway accepted the record (RFC 3339) */
            receivedAt: string;
            /** @description When the writer quarantined it (RFC 3339) */
            quarantinedAt: string;
            /** @description Replays that failed again */
            replayAttempts: number;
            /** @description The record as it was sent */
            record: {
                [key: string]: unknown;
            };
        };
        QuarantineReplayResult: {
            /** @description Records now stored in the dataset, each once */
            replayed: number;
            /** @description Records refused again: they stay, with the new reason */
            refused: number;
            /** @description Records not replayed yet (never tried): call again */
            remaining: number;
        };
        QuarantineDiscardResult: {
            discarded: number;
        };
        LogEvent: {
            id: string;
            timestamp: string;
            level: string;
            message: string;
            metadata?: unknown;
            env: string;
            source: string;
            traceId: string;
            ingestedAt: string;
        };
        LogVolume: {
            /** @description The width chosen from the range */
            bucketSeconds: number;
            buckets: {
                /** @description Bucket start, ISO 8601 UTC, aligned to the width */
                start: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                debug: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                info: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                warn: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                error: string;
            }[];
            /**
             * @description Every matching event in the range: the sum of the buckets
             * @example 12
             */
            total: string;
        };
        LogFacets: {
            /** @description Matches per level, whatever the `levels` filter says */
            levels: {
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                debug: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                info: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                warn: string;
                /**
                 * @description A count, as a decimal string
                 * @example 12
                 */
                error: string;
            };
            fields: {
                field: string;
                values: {
                    value: string;
                    /**
                     * @description A count, as a decimal string
                     * @example 12
                     */
                    count: string;
                }[];
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    username?: string;
                    /** @description The code from `quarry users invite` (required when SIGNUP_MODE=invite) */
                    invitation?: string;
                };
            };
        };
        responses: {
            /** @description Account created; log in to get a token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: number;
                            email: string;
                            username: string | null;
                            name: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Sign-up is closed, or by invitation and the invitation is missing or invalid */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Email already registered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many sign-ups from this address; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description A new personal access token, shown once, valid until `expiresAt` (LOGIN_TOKEN_TTL_MINUTES) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        expiresAt: string;
                        user: {
                            id: number;
                            email: string;
                            username: string | null;
                            name: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Invalid email or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many attempts for this account or address; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the login throttle (Redis) is unavailable; see Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description No session, or it expired, idled out or was signed out */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Missing email or password */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid email or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Origin is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many attempts for this account or address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The login throttle (Redis) is unavailable; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out (also when there was no session) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Origin is not this server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    authOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sign-up mode (SIGNUP_MODE) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        signup: "open" | "invite" | "closed";
                    };
                };
            };
            /** @description A mistyped path (every unknown route answers this JSON 404) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: number;
                            email: string;
                            username: string | null;
                            name: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username?: string;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description The updated profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: number;
                            email: string;
                            username: string | null;
                            name: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Username already taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Changed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current password is not correct */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many attempts for this account; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    changeEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description The updated profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: number;
                            email: string;
                            username: string | null;
                            name: string | null;
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The current password is not correct */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Email already registered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many attempts for this account; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: {
                            id: number;
                            name: string;
                            prefix: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                            scopes: ("read" | "write" | "admin")[];
                            expiresAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default default */
                    name?: string;
                    /** @description read (queries, log search, reads), write (ingest keys, datasets, schemas), admin (members, destinations, tokens); default: those of the calling token */
                    scopes?: ("read" | "write" | "admin")[];
                    /**
                     * Format: date-time
                     * @description When the token stops working (RFC 3339); default: never
                     */
                    expiresAt?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        pat: {
                            id: number;
                            name: string;
                            prefix: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                            scopes: ("read" | "write" | "admin")[];
                            expiresAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        pat: {
                            id: number;
                            name: string;
                            prefix: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                            scopes: ("read" | "write" | "admin")[];
                            expiresAt: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your projects */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        projects: {
                            id: number;
                            slug: string;
                            name: string;
                            ownerUserId: number;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                            destination: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    slug: string;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        project: {
                            id: number;
                            slug: string;
                            name: string;
                            ownerUserId: number;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                            destination: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Project slug already taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        project: {
                            id: number;
                            slug: string;
                            name: string;
                            ownerUserId: number;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                            destination: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProjectUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example 2026-12 */
                        period: string;
                        buckets: components["schemas"]["BucketUsage"][];
                        /** @description Up to 6 earlier months with usage, newest first (from the durable monthly record) */
                        history: {
                            period: string;
                            buckets: {
                                /** @enum {string} */
                                bucket: "datasets" | "logs";
                                used: number;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    transferProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description The project with its new owner */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        project: {
                            id: number;
                            slug: string;
                            name: string;
                            ownerUserId: number;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                            destination: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The new owner is not a member of the project */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        message: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The members */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        members: {
                            userId: number;
                            email: string;
                            username: string | null;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @enum {string} */
                    role: "owner" | "admin" | "member";
                };
            };
        };
        responses: {
            /** @description The member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        member: {
                            userId: number;
                            email: string;
                            username: string | null;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A project keeps at least one owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                userId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A project keeps at least one owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setDestination: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    type: string;
                    webhook_url?: string;
                    read_api_url?: string;
                    direct_db_url?: string;
                };
            };
        };
        responses: {
            /** @description The project with its destination (URL password and query values redacted) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        project: {
                            id: number;
                            slug: string;
                            name: string;
                            ownerUserId: number;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                            destination: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                        };
                        /** @description Webhooks only: the Standard Webhooks secret (whsec_…) receivers verify with; shown once */
                        signingSecret?: string;
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Recent deliveries with status and reason */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["Delivery"][];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testDestination: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The test delivery after its first attempt, or still pending */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: components["schemas"]["Delivery"];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The destination is the built-in store: nothing to deliver to */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many test events for this project; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listIngestKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled" | "revoked";
                            createdAt: string;
                            disabledAt: string | null;
                            revokedAt: string | null;
                            /** @description Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen */
                            lastUsedAt?: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createIngestKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default default */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apiKey: string;
                        key: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled" | "revoked";
                            createdAt: string;
                            disabledAt: string | null;
                            revokedAt: string | null;
                            /** @description Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen */
                            lastUsedAt?: string | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    disableIngestKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled" | "revoked";
                            createdAt: string;
                            disabledAt: string | null;
                            revokedAt: string | null;
                            /** @description Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen */
                            lastUsedAt?: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    enableIngestKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled" | "revoked";
                            createdAt: string;
                            disabledAt: string | null;
                            revokedAt: string | null;
                            /** @description Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen */
                            lastUsedAt?: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeIngestKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "disabled" | "revoked";
                            createdAt: string;
                            disabledAt: string | null;
                            revokedAt: string | null;
                            /** @description Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen */
                            lastUsedAt?: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDatasets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The datasets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        datasets: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string;
                    /** @description Days a record is kept after its `timestamp`; at most the plan's bound (the default) */
                    retentionDays?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dataset with this slug exists in the project */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Dataset count quota of the plan reached (`limit` in the body); retry after deleting one or a plan change */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dataset */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        };
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The project's default dataset cannot be deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the warehouse is unavailable; nothing was deleted */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Days a record is kept after its `timestamp`; null: the plan's bound, or until deleted */
                    retentionDays: number | null;
                };
            };
        };
        responses: {
            /** @description The dataset with its retention */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the warehouse is unavailable; nothing was changed */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchemaDefinition"];
            };
        };
        responses: {
            /** @description Registered: status active */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A schema is already registered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the warehouse is unavailable; nothing was registered */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSchemaVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        versions: {
                            version: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            /** @description The publishing user id (null once the account is gone) */
                            publishedBy: number | null;
                            publishedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    publishSchemaVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchemaVersion"];
            };
        };
        responses: {
            /** @description Published: schemaVersion and addedFields show it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                            description: string | null;
                            schema: {
                                fields: {
                                    [key: string]: "string" | "number" | "boolean" | "timestamp";
                                };
                            } | null;
                            isDefault: boolean;
                            /** @enum {string} */
                            status: "pending_schema" | "active";
                            schemaVersion: number;
                            addedFields: {
                                [key: string]: {
                                    /** @enum {string} */
                                    type: "string" | "number" | "boolean" | "timestamp";
                                    default: string | number | boolean | null;
                                };
                            };
                            retentionDays: number | null;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not an additive change (a field removed, retyped, made required, or a new required field) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the warehouse is unavailable; nothing was published */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRecordDeletions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The audit entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deletions: {
                            id: number;
                            datasetId: number;
                            range: {
                                from: string;
                                to: string;
                            };
                            where?: unknown;
                            /** @description How many records were deleted (a count, so a string) */
                            deleted: string;
                            deletedBy: {
                                userId: number | null;
                                email: string;
                            };
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteRecords: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordFilter"];
            };
        };
        responses: {
            /** @description Deleted; the audit entry with the count */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deletion: {
                            id: number;
                            datasetId: number;
                            range: {
                                from: string;
                                to: string;
                            };
                            where?: unknown;
                            /** @description How many records were deleted (a count, so a string) */
                            deleted: string;
                            deletedBy: {
                                userId: number | null;
                                email: string;
                            };
                            createdAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The engine refused the filter, or it exceeds the memory limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The deletion exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDatasetCopies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The copies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        copies: {
                            id: number;
                            targetId: number;
                            sourceId: number;
                            /** @description Target field → the source field it is copied from */
                            fields: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            status: "running" | "done" | "failed";
                            monthsTotal: number;
                            monthsDone: number;
                            rowsCopied: string;
                            error: string | null;
                            createdAt: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    copyDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The dataset whose rows are copied, in the same project */
                    from: number;
                    /** @description Target field → source field, for fields whose names differ; others match by name */
                    fields?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Started; follow it with GET …/copies */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        copy: {
                            id: number;
                            targetId: number;
                            sourceId: number;
                            /** @description Target field → the source field it is copied from */
                            fields: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            status: "running" | "done" | "failed";
                            monthsTotal: number;
                            monthsDone: number;
                            rowsCopied: string;
                            error: string | null;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDatasetStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        stats: components["schemas"]["DatasetStats"];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    queryDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Query"];
            };
        };
        responses: {
            /** @description The rows; `truncated` and `nextCursor` appear only when more rows matched than `limit`, `totals` only when asked for */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rows: {
                            [key: string]: unknown;
                        }[];
                        dataset: {
                            id: number;
                            name: string;
                            slug: string;
                        };
                        /** @enum {boolean} */
                        truncated?: true;
                        nextCursor?: string;
                        /** @description Only when the query set `totals`: each aggregate over every row range and where select */
                        totals?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeds the result or memory limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDatasetQuarantine: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the quarantine */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        records: components["schemas"]["QuarantinedRecord"][];
                        /** @description Present when more records follow */
                        nextCursor?: string;
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayDatasetQuarantine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["QuarantineSelection"];
            };
        };
        responses: {
            /** @description What was done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuarantineReplayResult"];
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins of the project may replay or discard */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the query engine is unavailable; retry (replay is exactly once) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    discardDatasetQuarantine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["QuarantineSelection"];
            };
        };
        responses: {
            /** @description What was done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuarantineDiscardResult"];
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins of the project may replay or discard */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The catalog or the query engine is unavailable; retry (replay is exactly once) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportDataset: {
        parameters: {
            query: {
                format: "ndjson" | "csv" | "parquet";
                /** @description Inclusive start (RFC 3339) */
                from: string;
                /** @description Exclusive end (RFC 3339) */
                to: string;
                /** @description Rows at most (1-1000000, the default) */
                limit?: string;
            };
            header?: never;
            path: {
                project: string;
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rows: `timestamp`, `context` (JSON text), then the declared fields, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv; charset=utf-8": string;
                    "application/vnd.apache.parquet": string;
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export exceeds the engine limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many exports of this project at once (2); see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export exceeded its time limit; narrow the range */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    searchLogs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogSearch"];
            };
        };
        responses: {
            /** @description Pages: `events` newest first and `nextCursor` while older matches remain. Tail (`"tail": true`): `events` oldest first, the `cursor` to poll with next, and `more` when the limit cut the answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["LogEvent"][];
                        nextCursor?: string;
                    } | {
                        events: components["schemas"]["LogEvent"][];
                        cursor: string;
                        more: boolean;
                    };
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeds the result or memory limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogVolumeQuery"];
            };
        };
        responses: {
            /** @description Every bucket of the range, oldest first, zeros included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogVolume"];
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeds the result or memory limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logFacets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogFacetsQuery"];
            };
        };
        responses: {
            /** @description Level counts, and each asked field’s most frequent values, most frequent first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogFacets"];
                };
            };
            /** @description Invalid JSON or a body the document does not allow; `message` names the first problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeds the result or memory limits */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The query exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logContext: {
        parameters: {
            query: {
                /** @description The event id, `<partition>-<offset>-<index>` */
                id: string;
                /** @description Events on each side, default 20 */
                size?: number;
            };
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first, the event itself included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["LogEvent"][];
                    };
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    tailLogs: {
        parameters: {
            query?: {
                /** @description The search filters (`LogSearch` without limit, cursor, tail) as JSON */
                q?: string;
                /** @description Latest matches sent first, before what arrives next (default 0) */
                backlog?: number | null;
                /** @description Resume after this tail cursor (a message `id`), as Last-Event-ID does */
                cursor?: string;
            };
            header?: {
                /** @description The `id` of the last message received: resume after it */
                "last-event-id"?: string;
            };
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `event: events` messages whose `data` is `{"events": [...]}` (oldest first) and whose `id` is the tail cursor; a `: heartbeat` comment every 15 s; closed after an hour (the browser reconnects with Last-Event-ID) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many live tails open (at most 5); close one and retry; or too many queries of this project at once */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportLogs: {
        parameters: {
            query?: {
                /** @description Default ndjson */
                format?: "ndjson" | "csv";
                /** @description The search filters (`LogSearch` without limit, cursor, tail) as JSON */
                q?: string;
                /** @description At most this many events (default 10000) */
                limit?: number;
            };
            header?: never;
            path: {
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One event per line (NDJSON: the search event; CSV: a header, then metadata as JSON in its column). A failure after the first byte breaks the transfer (no final chunk), so a short file is never mistaken for a whole one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Invalid request (a path id that is not plain decimal digits, or the body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed or revoked personal access token */
            401: {
                headers: {
                    /** @description The scheme to authenticate with */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your role in the project does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body too large (at most 1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many queries of this project at once; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency is unavailable (the catalog, the query engine…); retry after Retry-After */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The search exceeded its time limit */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
