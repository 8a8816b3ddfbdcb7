import { topicNames, topicSpecs } from '@quarry/pipeline';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { beforeAll, describe, expect, it } from 'vitest';
import { findKubectl, type K8sObject, named, ofKind, render } from './kustomize.ts';
import { environment } from './pods.ts';
import { STRUCTURALLY_CHECKED, schemaProblem } from './schemas.ts';

// No npm package ships the Strimzi, Altinity or CloudNativePG CRD schemas, so these shapes name the
// fields the examples rely on and the tests below check them one by one.
interface NodePool {
  spec: { replicas: number; roles: string[]; storage: { type: string } };
}
interface Kafka {
  spec: { kafka: { listeners: { name: string; port: number; type: string; tls: boolean }[] } };
}
interface Topic {
  spec: { partitions: number; replicas: number; config: Record<string, string | number> };
}
interface ClickHouse {
  spec: { configuration: { users: Record<string, unknown>; clusters: { layout: object }[] } };
}
interface PgCluster {
  spec: {
    instances: number;
    bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } };
    managed: { roles: { name: string; login: boolean; passwordSecret: { name: string } }[] };
  };
}

const NS = 'quarry-data';
let deps: K8sObject[] = [];
let env = new Map<string, string | undefined>();
let readonlyUrl = '';

beforeAll(() => {
  const kubectl = findKubectl();
  deps = render(kubectl, 'infra/k8s-examples');
  const dev = render(kubectl, 'k8s/overlays/dev');
  const container = (app: string) =>
    named<IDeployment>(dev, 'Deployment', app).spec?.template.spec?.containers[0];
  env = environment(container('control-api') ?? { name: 'none' }, dev);
  readonlyUrl = environment(container('ingest-gateway') ?? { name: 'none' }, dev).get('DATABASE_URL') ?? '';
});

function secretValue(name: string, key: string): string | undefined {
  return ofKind<ISecret>(deps, 'Secret').find((secret) => secret.metadata.name === name)?.stringData?.[key];
}

describe('infra/k8s-examples', () => {
  it('renders core objects that match their schemas, CRDs only from the three operators', async () => {
    for (const object of deps) {
      expect(object.metadata.namespace ?? NS, `${object.kind}/${object.metadata.name}`).toBe(NS);
      expect(await schemaProblem(object), `${object.kind}/${object.metadata.name}`).toBeUndefined();
    }
    const crds = new Set(
      deps.map((o) => o.apiVersion).filter((v) => v.includes('.') && !v.includes('k8s.io')),
    );
    expect([...crds].sort()).toEqual([...STRUCTURALLY_CHECKED].sort());
  });

  it('runs Kafka in KRaft mode and serves the bootstrap address the dev overlay uses', () => {
    const [kafka, ...others] = ofKind<Kafka>(deps, 'Kafka');
    expect(others).toEqual([]);
    const [pool] = ofKind<NodePool>(deps, 'KafkaNodePool');
    expect(pool?.metadata.labels?.['strimzi.io/cluster']).toBe(kafka?.metadata.name);
    expect(pool?.spec.roles.sort()).toEqual(['broker', 'controller']);
    expect((pool?.spec.replicas ?? 0) % 2, 'a KRaft quorum has an odd number of controllers').toBe(1);
    const plain = kafka?.spec.kafka.listeners.find(
      (listener) => !listener.tls && listener.type === 'internal',
    );
    expect(env.get('KAFKA_BROKERS')).toBe(`${kafka?.metadata.name}-kafka-bootstrap.${NS}.svc:${plain?.port}`);
  });

  it('declares the topics Quarry creates, with their partitions and 16 MiB messages', () => {
    const topics = ofKind<Topic>(deps, 'KafkaTopic');
    const [pool] = ofKind<NodePool>(deps, 'KafkaNodePool');
    const specs = topicSpecs(topicNames(env.get('KAFKA_TOPIC_NAMESPACE')));
    expect(topics.map((topic) => topic.metadata.name).sort()).toEqual(specs.map((spec) => spec.topic).sort());
    for (const spec of specs) {
      const topic = named<Topic>(deps, 'KafkaTopic', spec.topic);
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(ofKind(deps, 'Kafka')[0]?.metadata.name);
      expect(topic.spec.partitions).toBe(spec.partitions);
      expect(String(topic.spec.config['max.message.bytes'])).toBe(spec.config['max.message.bytes']);
      expect(topic.spec.replicas).toBeLessThanOrEqual(pool?.spec.replicas ?? 0);
      expect(Number(topic.spec.config['min.insync.replicas'])).toBeLessThan(topic.spec.replicas);
    }
  });

  it('creates the ClickHouse user and address the dev overlay uses', () => {
    const [chi] = ofKind<ClickHouse>(deps, 'ClickHouseInstallation');
    expect(chi?.apiVersion).toBe('clickhouse.altinity.com/v1');
    expect(chi?.spec.configuration.clusters[0]?.layout).toEqual({ shardsCount: 1, replicasCount: 1 });
    const user = env.get('CLICKHOUSE_USER');
    const ref = chi?.spec.configuration.users[`${user}/password`] as {
      valueFrom: { secretKeyRef: { name: string; key: string } };
    };
    expect(secretValue(ref.valueFrom.secretKeyRef.name, ref.valueFrom.secretKeyRef.key)).toBe(
      env.get('CLICKHOUSE_PASSWORD'),
    );
    expect(new URL(env.get('CLICKHOUSE_URL') ?? '').host).toBe(
      `clickhouse-${chi?.metadata.name}.${NS}.svc:8123`,
    );
  });

  it('bootstraps PostgreSQL with the owner and read-only role the dev overlay connects as', () => {
    const [pg] = ofKind<PgCluster>(deps, 'Cluster');
    expect(pg?.apiVersion).toBe('postgresql.cnpg.io/v1');
    const owner = new URL(env.get('DATABASE_URL') ?? '');
    expect(owner.host).toBe(`${pg?.metadata.name}-rw.${NS}.svc:5432`);
    expect(owner.pathname).toBe(`/${pg?.spec.bootstrap.initdb.database}`);
    expect(owner.username).toBe(pg?.spec.bootstrap.initdb.owner);
    expect(secretValue(pg?.spec.bootstrap.initdb.secret.name ?? '', 'password')).toBe(owner.password);
    const reader = new URL(readonlyUrl);
    const role = pg?.spec.managed.roles.find((r) => r.name === reader.username);
    expect(role?.login).toBe(true);
    expect(secretValue(role?.passwordSecret.name ?? '', 'password')).toBe(reader.password);
  });

  it('runs Redis with the password and address the dev overlay uses', () => {
    const redis = new URL(env.get('REDIS_URL') ?? '');
    const service = named(deps, 'Service', 'redis');
    expect(redis.host).toBe(`${service.metadata.name}.${NS}.svc:6379`);
    const container = named<IStatefulSet>(deps, 'StatefulSet', 'redis').spec?.template.spec?.containers[0];
    const ref = container?.env?.find((variable) => variable.name === 'REDIS_PASSWORD')?.valueFrom
      ?.secretKeyRef;
    expect(secretValue(ref?.name ?? '', ref?.key ?? '')).toBe(redis.password);
    expect(container?.args).toContain('noeviction');
  });

  it('keeps Idempotency-Key records in a Redis of their own that evicts instead of refusing writes', () => {
    const url = new URL(env.get('IDEMPOTENCY_REDIS_URL') ?? '');
    expect(url.host).toBe(`${named(deps, 'Service', 'redis-idempotency').metadata.name}.${NS}.svc:6379`);
    const container = named<IDeployment>(deps, 'Deployment', 'redis-idempotency').spec?.template.spec
      ?.containers[0];
    expect(container?.args).toContain('volatile-ttl');
    expect(container?.args).toContain('--maxmemory');
  });
});
