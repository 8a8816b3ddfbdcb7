import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_NAMES, APPS, DEFAULT_SHUTDOWN_TIMEOUT_MS, JOBS, OVERLAYS, ROUTES } from './expectations.ts';
import { findKubectl, type K8sObject, named, ofKind, render } from './kustomize.ts';
import { environment, workloads } from './pods.ts';
import { schemaProblem } from './schemas.ts';

const rendered = new Map<string, K8sObject[]>();

beforeAll(() => {
  const kubectl = findKubectl();
  for (const dir of OVERLAYS) rendered.set(dir, render(kubectl, dir));
});

describe.each(OVERLAYS)('%s', (dir) => {
  const objects = () => rendered.get(dir) ?? [];

  it('renders only objects that match the Kubernetes API schemas', async () => {
    const problems: string[] = [];
    for (const object of objects()) {
      const problem = await schemaProblem(object);
      if (problem) problems.push(`${object.kind}/${object.metadata.name}: ${problem}`);
    }
    expect(objects().length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('puts every namespaced object in the quarry namespace', () => {
    const stray = objects()
      .filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== 'quarry')
      .map((object) => `${object.kind}/${object.metadata.name}`);
    expect(stray).toEqual([]);
  });

  it('gives every container requests, limits and a non-root, read-only, capability-free context', () => {
    for (const { name, pod } of workloads(objects())) {
      expect(pod.automountServiceAccountToken, name).toBe(false);
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBe(10001);
      expect(pod.securityContext?.seccompProfile?.type, name).toBe('RuntimeDefault');
      const tmp = pod.volumes?.find((volume) => volume.emptyDir);
      for (const container of pod.containers) {
        const where = `${name}/${container.name}`;
        for (const bound of ['requests', 'limits'] as const) {
          expect(container.resources?.[bound], where).toHaveProperty('cpu');
          expect(container.resources?.[bound], where).toHaveProperty('memory');
        }
        expect(container.securityContext, where).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.securityContext?.privileged ?? false, where).toBe(false);
        const tmpMount = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
        expect(tmpMount?.name, `${where} mounts an emptyDir on /tmp`).toBe(tmp?.name);
      }
    }
  });

  it('probes each app: startup and liveness on /healthz, readiness on /readyz', () => {
    for (const app of APP_NAMES) {
      const container = named<IDeployment>(objects(), 'Deployment', app).spec?.template.spec?.containers[0];
      expect(container?.ports?.find((port) => port.name === 'http')?.containerPort).toBe(APPS[app].port);
      expect(container?.startupProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(container?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(container?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
      // /readyz waits up to 2 s per dependency; a shorter probe timeout would flap.
      expect(container?.readinessProbe?.timeoutSeconds ?? 1).toBeGreaterThan(2);
    }
  });

  it('lets each app drain: grace period > preStop sleep + SHUTDOWN_TIMEOUT_MS', () => {
    for (const app of APP_NAMES) {
      const pod = named<IDeployment>(objects(), 'Deployment', app).spec?.template.spec;
      const container = pod?.containers[0];
      if (!pod || !container) throw new Error(`${app} has no container`);
      const shutdownMs = Number(
        environment(container, objects()).get('SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      );
      const preStop = container.lifecycle?.preStop;
      const sleepCommand = preStop?.exec?.command;
      const preStopSeconds =
        preStop?.sleep?.seconds ?? (sleepCommand?.[0] === 'sleep' ? Number(sleepCommand[1]) : 0);
      if (app !== 'writer') expect(preStopSeconds, `${app} preStop sleep`).toBeGreaterThan(0);
      const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      expect(graceMs, app).toBeGreaterThan(preStopSeconds * 1000 + shutdownMs);
    }
  });

  it('routes the data plane to the gateway and the control plane to the control API', () => {
    const [ingress] = ofKind<IIngress>(objects(), 'Ingress');
    const paths = ingress?.spec?.rules?.[0]?.http?.paths ?? [];
    const routes = Object.fromEntries(paths.map((path) => [path.path, path.backend.service?.name]));
    expect(routes).toEqual(ROUTES);
    for (const path of paths) {
      const service = named<IService>(objects(), 'Service', path.backend.service?.name ?? '');
      expect(service.spec?.ports?.map((port) => port.name)).toContain(path.backend.service?.port?.name);
    }
  });

  it("points each Service at its app's http port", () => {
    for (const app of APP_NAMES) {
      const service = named<IService>(objects(), 'Service', app);
      const labels = named<IDeployment>(objects(), 'Deployment', app).spec?.template.metadata?.labels;
      expect(labels).toMatchObject(service.spec?.selector ?? { missing: 'selector' });
      expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
    }
  });

  it('lets the ServiceMonitor scrape /metrics on every app', () => {
    const [monitor] = ofKind<IServiceMonitor>(objects(), 'ServiceMonitor');
    const endpoint = monitor?.spec.endpoints?.[0];
    expect(endpoint?.path).toBe('/metrics');
    for (const app of APP_NAMES) {
      const service = named<IService>(objects(), 'Service', app);
      expect(service.metadata.labels).toMatchObject(
        monitor?.spec.selector.matchLabels ?? { missing: 'selector' },
      );
      expect(service.spec?.ports?.map((port) => port.name)).toContain(endpoint?.port);
    }
  });

  it('scales the gateway on CPU, leaving its replica count to the autoscaler', () => {
    const hpa = named<IHorizontalPodAutoscaler>(objects(), 'HorizontalPodAutoscaler', 'ingest-gateway');
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'ingest-gateway' });
    expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
    expect(hpa.spec?.minReplicas ?? 1).toBeLessThanOrEqual(hpa.spec?.maxReplicas ?? 0);
    expect(named<IDeployment>(objects(), 'Deployment', 'ingest-gateway').spec?.replicas).toBeUndefined();
  });

  it('covers every app with a PodDisruptionBudget that still lets a node drain', () => {
    const hpaMin = named<IHorizontalPodAutoscaler>(objects(), 'HorizontalPodAutoscaler', 'ingest-gateway')
      .spec?.minReplicas;
    for (const app of APP_NAMES) {
      const pdb = named<IPodDisruptionBudget>(objects(), 'PodDisruptionBudget', app);
      const deployment = named<IDeployment>(objects(), 'Deployment', app);
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(pdb.spec?.selector?.matchLabels ?? {});
      const replicas = deployment.spec?.replicas ?? hpaMin ?? 1;
      const { minAvailable, maxUnavailable } = pdb.spec ?? {};
      expect(
        [minAvailable, maxUnavailable].filter((value) => value !== undefined),
        app,
      ).toHaveLength(1);
      if (typeof minAvailable === 'number' && replicas > 1) expect(minAvailable, app).toBeLessThan(replicas);
    }
  });

  it('runs migrations and topic creation as Jobs with the control API image', () => {
    const image = named<IDeployment>(objects(), 'Deployment', 'control-api').spec?.template.spec
      ?.containers[0]?.image;
    for (const [name, job] of Object.entries(JOBS)) {
      const pod = named<IJob>(objects(), 'Job', name).spec?.template.spec;
      const container = pod?.containers[0];
      expect(container?.image).toBe(image);
      expect(container?.command, 'args keep tini as PID 1').toBeUndefined();
      expect(container?.args).toEqual(['node', 'apps/control-api/src/cli.ts', ...job.command]);
      expect(['Never', 'OnFailure']).toContain(pod?.restartPolicy);
    }
  });
});
