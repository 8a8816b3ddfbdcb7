/** Control-plane messages. Those the contract fixes are marked; the rest are ours (docs/api.md). */
export const MESSAGES = {
  // contract §1, §2, §4
  datasetSchemaNotFound: 'Dataset schema not found',
  usernameTaken: 'Username already taken.',
  // ours
  emailTaken: 'Email already registered',
  invalidCredentials: 'Invalid email or password',
  tooManyLogins: 'Too many login attempts; retry later',
  loginThrottleUnavailable: 'Login throttle unavailable; retry later',
  missingToken: 'Missing bearer token',
  invalidToken: 'Invalid or revoked personal access token',
  profileNeedsField: 'At least one field is required',
  projectNotFound: 'Project not found',
  projectSlugTaken: 'Project slug already taken',
  forbiddenRole: 'Your role in this project does not allow this',
  datasetNotFound: 'Dataset not found',
  datasetSlugTaken: 'A dataset with this slug already exists in the project',
  datasetQuotaReached: 'Dataset limit of your plan reached',
  schemaAlreadyRegistered: 'Dataset schema already registered',
  schemaTableFailed: 'Could not create the dataset table; the schema was not registered',
  tokenNotFound: 'Token not found',
  keyNotFound: 'Ingest key not found',
  memberNotFound: 'Member not found',
  userNotFound: 'User not found',
  lastOwner: 'A project keeps at least one owner',
  nulCharacter: 'Text must not contain the NUL character (U+0000)',
} as const;
