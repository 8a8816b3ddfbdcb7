import { z } from 'zod';

// Request and response bodies of the control plane. Routes validate with these and /openapi.json is
// generated from them, so the documentation cannot drift from what is enforced.

// The catalog (PostgreSQL) refuses NUL in text; a pattern states it in the API description.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses.
const NO_NUL = /^[^\u0000]*$/;
const text = () => z.string().regex(NO_NUL, 'must not contain the NUL character (U+0000)');

const slug = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and inner dashes');

export const SignupBody = z.object({
  email: z.email('must be an email address').max(254, 'must be at most 254 characters'),
  password: z
    .string('is required')
    .min(8, 'must be at least 8 characters')
    .max(1024, 'must be at most 1024 characters'),
  username: z
    .string()
    .min(2)
    .max(40)
    .regex(/^[A-Za-z0-9_.-]+$/)
    .optional(),
});

export const LoginBody = z.object({
  email: z.string('is required').min(1, 'is required').max(254, 'must be at most 254 characters'),
  password: z.string('is required').min(1, 'is required').max(1024, 'must be at most 1024 characters'),
});

export const ProfilePatch = z
  .strictObject({
    username: z
      .string()
      .min(2)
      .max(40)
      .regex(/^[A-Za-z0-9_.-]+$/, 'may use letters, digits, _ . -')
      .optional(),
    name: text().min(1).max(100).optional(),
  })
  // The verb refuses an empty patch; stated here so the API description says it too.
  .meta({ minProperties: 1 });

export const PasswordChangeBody = z.object({
  currentPassword: LoginBody.shape.password,
  newPassword: SignupBody.shape.password,
});

export const EmailChangeBody = z.object({
  currentPassword: LoginBody.shape.password,
  email: SignupBody.shape.email,
});

export const NamedBody = z.object({ name: text().min(1).max(100).default('default') });

export const CreateProjectBody = z.object({ slug, name: text().min(1).max(100).optional() });

export const PutMemberBody = z.object({
  email: z.email('must be an email address'),
  role: z.enum(['owner', 'admin', 'member']),
});

export const DestinationBody = z.object({
  type: z.string('is required'),
  webhook_url: z.string().optional(),
  read_api_url: z.string().optional(),
  direct_db_url: z.string().optional(),
});

/** The longest retention anyone may ask for (about 100 years); plans may bound it lower. */
export const MAX_RETENTION_DAYS = 36_500;

export const CreateDatasetBody = z.object({
  name: z
    .string('is required')
    // Checked before the trim so the document says it too (a pattern): a blank name is no name.
    .regex(/\S/, 'is required')
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters')
    .regex(NO_NUL, 'must not contain the NUL character (U+0000)'),
  description: text().max(1000).optional(),
  retentionDays: z.int().min(1).max(MAX_RETENTION_DAYS).optional().meta({
    description: "Days a record is kept after its `timestamp`; at most the plan's bound (the default)",
  }),
});

export const FieldTypeSchema = z.enum(['string', 'number', 'boolean', 'timestamp']);
export const SchemaBody = z.object({ fields: z.record(z.string(), FieldTypeSchema) });

/** A field a later schema version added: rows without it read `default` (null: a nullable field). */
export const AddedField = z.object({
  type: FieldTypeSchema,
  default: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});

export const ProjectParam = z.object({ project: z.string().max(64) });

/**
 * A path id written as plain decimal digits: `0x16`, `2.2e1`, `022` or ` 22` are not dataset 22 but a
 * 400, as a careful client expects. Documented as an integer so generated clients take a number.
 */
export const DecimalId = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive integer in plain decimal digits')
  .transform(Number)
  .refine(Number.isSafeInteger, 'must be at most 9007199254740991')
  .meta({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, pattern: undefined });

export const IdParam = z.object({ id: DecimalId });
export const ProjectIdParam = ProjectParam.extend({ id: DecimalId });

export const Dataset = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  schema: SchemaBody.nullable(),
  isDefault: z.boolean(),
  status: z.enum(['pending_schema', 'active']),
  // Ours, additive (docs/api.md "Dataset lifecycle").
  schemaVersion: z.int().min(1),
  addedFields: z.record(z.string(), AddedField),
  retentionDays: z.int().min(1).nullable(),
});

export const Profile = z.object({
  id: z.number(),
  email: z.string(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
});

export const ErrorResponse = z.object({ error: z.string(), message: z.string() }).loose();
