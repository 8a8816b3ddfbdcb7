import type { IExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { DEFAULT_PARTITIONS } from '@quarry/pipeline';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlConfigSchema } from '../../apps/control-api/src/config.ts';
import { gatewayConfigSchema } from '../../apps/ingest-gateway/src/config.ts';
import { writerConfigSchema } from '../../apps/writer/src/config.ts';
import { APP_NAMES, APPS, JOBS } from './expectations.ts';
import { baseName, findKubectl, type K8sObject, named, ofKind, render } from './kustomize.ts';
import { environment, secretNames, workloads } from './pods.ts';

/** The part of a zod object schema these tests use. */
interface EnvSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean } }>;
  safeParse(
    env: unknown,
  ): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

// Each app's own boot-time config schema: what the cluster hands it must parse.
const CONFIG_SCHEMAS: Record<(typeof APP_NAMES)[number], EnvSchema> = {
  'control-api': controlConfigSchema,
  'ingest-gateway': gatewayConfigSchema,
  writer: writerConfigSchema,
};

let dev: K8sObject[] = [];
let prod: K8sObject[] = [];

beforeAll(() => {
  const kubectl = findKubectl();
  dev = render(kubectl, 'k8s/overlays/dev');
  prod = render(kubectl, 'k8s/overlays/prod');
});

function firstContainer(objects: K8sObject[], app: string) {
  const container = named<IDeployment>(objects, 'Deployment', app).spec?.template.spec?.containers[0];
  if (!container) throw new Error(`${app} has no container`);
  return container;
}

describe('both overlays', () => {
  it('give the signing-key encryption key to the control API alone', () => {
    for (const objects of [dev, prod]) {
      for (const workload of workloads(objects)) {
        const secrets = secretNames(workload.pod).map(baseName);
        expect(secrets.includes('quarry-signing'), workload.name).toBe(workload.name === 'control-api');
        // Destination secrets: sealed by the control API, opened by the writer; nobody else.
        expect(secrets.includes('quarry-destinations'), workload.name).toBe(
          workload.name === 'control-api' || workload.name === 'writer',
        );
      }
      for (const app of APP_NAMES) {
        expect(
          secretNames(
            named<IDeployment>(objects, 'Deployment', app).spec?.template.spec ?? { containers: [] },
          )
            .map(baseName)
            .sort(),
        ).toEqual(APPS[app].secrets);
      }
    }
  });

  it("tell the control API the console's public URL: the Ingress host, https exactly when it has TLS", () => {
    for (const objects of [dev, prod]) {
      const [ingress] = ofKind<IIngress>(objects, 'Ingress');
      const host = ingress?.spec?.rules?.[0]?.host;
      const scheme = ingress?.spec?.tls?.some((tls) => tls.hosts?.includes(host ?? '')) ? 'https' : 'http';
      const env = environment(firstContainer(objects, 'control-api'), objects);
      // The session cookie's Origin check compares against PUBLIC_URL: a mismatch refuses every sign-in.
      expect(env.get('PUBLIC_URL')).toBe(`${scheme}://${host}`);
      expect(env.get('INGEST_PUBLIC_URL')).toBe(`${scheme}://${host}`);
    }
  });
});

describe('k8s/overlays/dev', () => {
  it('generates every Secret the pods read', () => {
    const provided = new Set(ofKind<ISecret>(dev, 'Secret').map((secret) => secret.metadata.name));
    for (const workload of workloads(dev)) {
      for (const name of secretNames(workload.pod))
        expect(provided.has(name), `${workload.name} reads ${name}`).toBe(true);
    }
  });

  it.each(APP_NAMES)('hands %s an environment its config schema accepts', (app) => {
    const env = Object.fromEntries(environment(firstContainer(dev, app), dev));
    const parsed = CONFIG_SCHEMAS[app].safeParse(env);
    expect(
      parsed.success
        ? []
        : parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
    ).toEqual([]);
  });
});

describe('k8s/overlays/prod', () => {
  const externalTargets = () =>
    new Set(
      ofKind<IExternalSecret>(prod, 'ExternalSecret').map((e) => e.spec?.target?.name ?? e.metadata.name),
    );

  it('creates every Secret the pods read with an ExternalSecret, and ships no Secret values', () => {
    expect(ofKind(prod, 'Secret')).toEqual([]);
    for (const workload of workloads(prod)) {
      for (const name of secretNames(workload.pod)) {
        expect(externalTargets().has(name), `${workload.name} reads ${name}`).toBe(true);
      }
    }
    for (const external of ofKind<IExternalSecret>(prod, 'ExternalSecret')) {
      expect(external.spec?.target?.creationPolicy ?? 'Owner').toBe('Owner');
      expect(external.spec?.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'quarry' });
    }
  });

  it.each(APP_NAMES)('provides every variable %s requires', (app) => {
    const env = environment(firstContainer(prod, app), prod);
    const shape = CONFIG_SCHEMAS[app].shape;
    const required = Object.keys(shape).filter((key) => !shape[key]?.safeParse(undefined).success);
    expect(required.filter((key) => !env.has(key))).toEqual([]);
  });

  it('gives the Jobs the variables their commands need', () => {
    for (const [name, job] of Object.entries(JOBS)) {
      const container = workloads(prod).find((w) => w.name === name)?.pod.containers[0];
      if (!container) throw new Error(`no Job ${name}`);
      const env = environment(container, prod);
      expect(
        job.needs.filter((key) => !env.has(key)),
        name,
      ).toEqual([]);
    }
  });

  it('pins one release tag for every image', () => {
    const images = workloads(prod).flatMap((w) => w.pod.containers.map((c) => c.image ?? ''));
    const tags = new Set(
      images.map((image) => /@sha256:[0-9a-f]{64}$|:([\w.-]+)$/.exec(image)?.[0] ?? 'untagged'),
    );
    expect(tags.size).toBe(1);
    expect([...tags][0]).toMatch(/^(:v?\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/);
  });

  it('runs more replicas than dev, with minAvailable budgets and wider gateway bounds', () => {
    const hpa = (objects: K8sObject[]) =>
      named<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler', 'ingest-gateway').spec;
    expect(hpa(prod)?.minReplicas ?? 0).toBeGreaterThan(hpa(dev)?.minReplicas ?? 1);
    expect(hpa(prod)?.maxReplicas ?? 0).toBeGreaterThan(hpa(dev)?.maxReplicas ?? 1);
    for (const app of ['control-api', 'writer']) {
      const replicas = (objects: K8sObject[]) =>
        named<IDeployment>(objects, 'Deployment', app).spec?.replicas ?? 1;
      expect(replicas(prod), app).toBeGreaterThan(replicas(dev));
    }
    for (const pdb of ofKind<IPodDisruptionBudget>(prod, 'PodDisruptionBudget')) {
      expect(pdb.spec?.minAvailable, pdb.metadata.name).toBeTypeOf('number');
    }
  });

  it('sizes gateways and writers as docs/scaling.md does', () => {
    // A whole core per gateway pod at 70 %: 30 pods give 21 cores, about 1.6M batched records/s.
    const hpa = named<IHorizontalPodAutoscaler>(prod, 'HorizontalPodAutoscaler', 'ingest-gateway').spec;
    expect(hpa?.metrics?.[0]?.resource?.target).toMatchObject({
      type: 'Utilization',
      averageUtilization: 70,
    });
    expect([hpa?.minReplicas, hpa?.maxReplicas]).toEqual([3, 30]);
    expect(String(firstContainer(prod, 'ingest-gateway').resources?.requests?.cpu)).toBe('1');
    // 4 writers carry 100,000 records/s with headroom, and no more writers than partitions.
    const writers = named<IDeployment>(prod, 'Deployment', 'writer').spec?.replicas;
    expect(writers).toBe(4);
    expect(writers).toBeLessThanOrEqual(DEFAULT_PARTITIONS.datasets);
  });
});
