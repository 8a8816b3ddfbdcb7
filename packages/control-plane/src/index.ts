export {
  checkCredentials,
  getProfile,
  insertUser,
  login,
  type Profile,
  type SignupInput,
  signup,
  updateProfile,
} from './accounts.ts';
export { type BootstrapResult, bootstrapInstallation } from './bootstrap.ts';
export { CopyBody, type DatasetCopy, listCopies, startCopy } from './dataset-copies.ts';
export {
  deleteDataset,
  listSchemaVersions,
  publishSchemaVersion,
  type SchemaVersionInfo,
  setRetention,
} from './dataset-lifecycle.ts';
export { type DatasetStats, datasetStats } from './dataset-stats.ts';
export {
  createDataset,
  DATASET_SCHEMA_CHANNEL,
  type DatasetInfo,
  getDataset,
  listDatasets,
  registerSchema,
  slugify,
  toDatasetInfo,
} from './datasets.ts';
export { type DeliveryInfo, listDeliveries, sealStoredDestinations } from './deliveries.ts';
export {
  type Actor,
  type ControlCounters,
  type ControlPlaneDeps,
  catalogDb,
  type Db,
  type VerbContext,
  type WarehouseDdl,
} from './deps.ts';
export { type DestinationChange, parseDestination, setDestination } from './destination.ts';
export {
  type DestinationSecrets,
  newSigningSecret,
  openDestination,
  redactUrl,
  sealDestination,
} from './destination-secrets.ts';
export { sendDestinationTest, TEST_DELIVERY_SOURCE } from './destination-test.ts';
export {
  type DatasetExport,
  EXPORT_FORMATS,
  EXPORT_LIMITS,
  type ExportFormat,
  ExportQuery,
  exportDataset,
} from './export.ts';
export {
  changeIngestKey,
  createIngestKey,
  type IngestKeyInfo,
  KEY_STATUS_CHANNEL,
  listIngestKeys,
} from './ingest-keys.ts';
export {
  createInvitation,
  publicSignup,
  SIGNUP_MODES,
  type SignupMode,
} from './invitations.ts';
export { createKeyring, type Keyring, type PublicKeyInfo } from './keyring.ts';
export { LOG_CONTEXT_LIMITS, logContext } from './logs-context.ts';
export { LOG_FACET_LIMITS, type LogFacets, LogFacetsBody, logFacets } from './logs-facets.ts';
export {
  LOG_SEARCH_LIMITS,
  LogSearchBody,
  type LogSearchEvent,
  type LogSearchInput,
  type LogSearchResult,
  readLogFilters,
  searchLogs,
} from './logs-search.ts';
export { LogFilterBody, type LogFilterInput } from './logs-search-sql.ts';
export { LOG_VOLUME_LIMITS, type LogVolume, LogVolumeBody, logVolume } from './logs-volume.ts';
export { listMembers, type MemberInfo, putMember, removeMember } from './members.ts';
export { MESSAGES } from './messages.ts';
export { changeEmail, changePassword } from './password.ts';
export {
  authenticatePat,
  createPat,
  issuePat,
  LastUseRecorder,
  listPats,
  type PatGrant,
  type PatInfo,
  revokePat,
} from './pats.ts';
export {
  DEFAULT_PLAN,
  DEFAULT_PLANS,
  type PlanLimits,
  type Plans,
  planLimits,
  planLimitsSchema,
  plansJsonField,
} from './plans.ts';
export { type BucketUsage, type ProjectUsage, projectUsage } from './project-usage.ts';
export {
  createProject,
  getProject,
  listProjects,
  type ProjectInfo,
  type Role,
  requireProject,
} from './projects.ts';
export {
  discardQuarantine,
  ListQuarantineQuery,
  listQuarantine,
  QUARANTINE_PAGE_MAX,
  type QuarantinedRecord,
  type QuarantinePage,
  QuarantineSelection,
  REPLAY_BATCH_MAX,
  type ReplayResult,
  replayQuarantine,
} from './quarantine.ts';
export { type QueryResult, queryDataset, queryDatasetJson, queryFailure } from './query.ts';
export { gated, QueryGate } from './query-gate.ts';
export { setProjectQuota, setUserQuota, syncQuotaLimits } from './quotas.ts';
export {
  CATALOG_READ_TTL_MS,
  type CatalogReads,
  CatalogWrites,
  createCatalogReads,
  ReadCache,
} from './read-cache.ts';
export {
  deleteRecords,
  listRecordDeletions,
  MAX_LISTED_DELETIONS,
  type RecordDeletion,
} from './record-deletions.ts';
export { grantableScopes, requireScope, SCOPES, type Scope, scopeMessage } from './scopes.ts';
export { parseEncryptionKey } from './secret-box.ts';
export {
  authenticateSession,
  createSession,
  DEFAULT_SESSION_POLICY,
  profileOf,
  revokeSession,
  SESSION_TOKEN_PREFIX,
  type SessionPolicy,
  sweepEndedSessions,
} from './sessions.ts';
export { transferProject } from './transfer.ts';
export { flushUsage, USAGE_FLUSH_LOCK, type UsageCounters, type UsageFlushReport } from './usage.ts';
