import type { K8sObject } from './kustomize.ts';

/**
 * Offline validation against the Kubernetes API's JSON schemas, as compiled into the
 * kubernetes-models packages (core API of Kubernetes 1.34; the Prometheus Operator and External
 * Secrets CRDs). They check types, enums, formats and required fields, not unknown field names.
 */
const CRD_MODULES: Record<string, string> = {
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'external-secrets.io/v1': '@kubernetes-models/external-secrets/external-secrets.io/v1',
};

/**
 * CRDs no npm package ships schemas for (Strimzi, Altinity, CloudNativePG): they are only in the
 * dependency examples, and test/deploy/dependencies.test.ts checks their fields one by one.
 */
export const STRUCTURALLY_CHECKED = new Set([
  'kafka.strimzi.io/v1',
  'clickhouse.altinity.com/v1',
  'postgresql.cnpg.io/v1',
]);

type ModelClass = new (data: unknown) => { validate(): void };

async function modelFor(object: K8sObject): Promise<ModelClass | undefined> {
  const specifier = CRD_MODULES[object.apiVersion] ?? `kubernetes-models/${object.apiVersion}`;
  try {
    const module: Record<string, unknown> = await import(specifier);
    const model = module[object.kind];
    return typeof model === 'function' ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when the object matches its schema; otherwise what is wrong with it. */
export async function schemaProblem(object: K8sObject): Promise<string | undefined> {
  if (STRUCTURALLY_CHECKED.has(object.apiVersion)) return undefined;
  const Model = await modelFor(object);
  if (!Model) return `no schema known for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(withoutBase64LineBreaks(object)).validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** kustomize wraps long Secret values over lines; the API server's base64 decoder skips line breaks. */
function withoutBase64LineBreaks(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || typeof object.data !== 'object' || object.data === null) return object;
  const data = Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/[\r\n]/g, '')]);
  return { ...object, data: Object.fromEntries(data) };
}
