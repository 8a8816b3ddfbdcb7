import type { IExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { type K8sObject, ofKind } from './kustomize.ts';

export interface Workload {
  kind: 'Deployment' | 'Job';
  name: string;
  pod: IPodSpec;
}

export function workloads(objects: K8sObject[]): Workload[] {
  const deployments = ofKind<IDeployment>(objects, 'Deployment').map((d) => ({
    kind: 'Deployment' as const,
    name: d.metadata.name,
    pod: d.spec?.template.spec ?? { containers: [] },
  }));
  const jobs = ofKind<IJob>(objects, 'Job').map((j) => ({
    kind: 'Job' as const,
    name: j.metadata.name,
    pod: j.spec?.template.spec ?? { containers: [] },
  }));
  return [...deployments, ...jobs];
}

/** Names of every Secret a pod reads: envFrom, env valueFrom and volumes. */
export function secretNames(pod: IPodSpec): string[] {
  const names = new Set<string>();
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const source of container.envFrom ?? [])
      if (source.secretRef) names.add(source.secretRef.name ?? '');
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref) names.add(ref.name ?? '');
    }
  }
  for (const volume of pod.volumes ?? []) if (volume.secret) names.add(volume.secret.secretName ?? '');
  return [...names];
}

/**
 * The environment a container starts with. Secret values come from generated Secrets (dev);
 * a key an ExternalSecret will create (prod) is present with the value `undefined`.
 */
export function environment(container: IContainer, objects: K8sObject[]): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  const configMaps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const secrets = ofKind<ISecret>(objects, 'Secret');
  const externalSecrets = ofKind<IExternalSecret>(objects, 'ExternalSecret');
  for (const source of container.envFrom ?? []) {
    const configMapName = source.configMapRef?.name;
    const secretName = source.secretRef?.name;
    const configMap = configMaps.find((c) => c.metadata.name === configMapName);
    for (const [key, value] of Object.entries(configMap?.data ?? {})) env.set(key, value);
    const secret = secrets.find((s) => s.metadata.name === secretName);
    for (const [key, value] of Object.entries(secret?.data ?? {})) env.set(key, decode(value));
    for (const [key, value] of Object.entries(secret?.stringData ?? {})) env.set(key, value);
    const external = externalSecrets.find((e) => (e.spec?.target?.name ?? e.metadata.name) === secretName);
    for (const entry of external?.spec?.data ?? []) env.set(entry.secretKey, undefined);
  }
  for (const variable of container.env ?? []) {
    env.set(variable.name, variable.value ?? (variable.valueFrom ? undefined : ''));
  }
  return env;
}

function decode(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}
