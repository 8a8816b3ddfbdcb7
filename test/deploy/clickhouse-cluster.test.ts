import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlConfigSchema } from '../../apps/control-api/src/config.ts';
import { writerConfigSchema } from '../../apps/writer/src/config.ts';
import { findKubectl, type K8sObject, named, ofKind, render } from './kustomize.ts';
import { environment } from './pods.ts';
import { schemaProblem } from './schemas.ts';

// The Altinity CRDs have no schema package (schemas.ts): the fields the cluster relies on, one by one.
interface ClickHouse {
  spec: {
    configuration: {
      zookeeper: { nodes: { host: string; port: number }[] };
      clusters: { name: string; layout: { shardsCount: number; replicasCount: number } }[];
    };
  };
}
interface Keeper {
  spec: {
    configuration: {
      clusters: { layout: { replicasCount: number } }[];
      settings: Record<string, string>;
    };
  };
}

const NS = 'quarry-data';
const KEEPER_API = 'clickhouse-keeper.altinity.com/v1';
let deps: K8sObject[] = [];
let dev: K8sObject[] = [];

beforeAll(() => {
  const kubectl = findKubectl();
  // Composed as infra/k8s-examples/README.md shows: the examples and the dev overlay, each with its component.
  deps = render(kubectl, 'test/deploy/fixtures/examples-clickhouse-cluster');
  dev = render(kubectl, 'test/deploy/fixtures/dev-clickhouse-cluster');
});

const appEnv = (app: string) => {
  const container = named<IDeployment>(dev, 'Deployment', app).spec?.template.spec?.containers[0];
  return environment(container ?? { name: 'none' }, dev);
};

describe('infra/k8s-examples/clickhouse-cluster', () => {
  it('renders core objects that match their schemas, all in the data namespace', async () => {
    for (const object of deps) {
      expect(object.metadata.namespace ?? NS, `${object.kind}/${object.metadata.name}`).toBe(NS);
      if (object.apiVersion !== KEEPER_API) expect(await schemaProblem(object)).toBeUndefined();
    }
  });

  it('runs ClickHouse as 2 shards x 2 replicas, named as the apps CLICKHOUSE_CLUSTER', () => {
    const [chi, ...others] = ofKind<ClickHouse>(deps, 'ClickHouseInstallation');
    expect(others).toEqual([]);
    const clusters = chi?.spec.configuration.clusters ?? [];
    expect(clusters).toEqual([{ name: 'quarry', layout: { shardsCount: 2, replicasCount: 2 } }]);
    for (const app of ['control-api', 'writer']) {
      expect(appEnv(app).get('CLICKHOUSE_CLUSTER'), app).toBe(clusters[0]?.name);
      // Same installation, same Service: the URL the single-node example serves.
      expect(new URL(appEnv(app).get('CLICKHOUSE_URL') ?? '').host).toBe(
        `clickhouse-${chi?.metadata.name}.${NS}.svc:8123`,
      );
    }
  });

  it('coordinates replication through a 3-node Keeper at the address ClickHouse is given', () => {
    const [keeper] = ofKind<Keeper>(deps, 'ClickHouseKeeperInstallation');
    expect(keeper?.apiVersion).toBe(KEEPER_API);
    const replicas = keeper?.spec.configuration.clusters[0]?.layout.replicasCount ?? 0;
    expect(replicas).toBe(3);
    const port = Number(keeper?.spec.configuration.settings['keeper_server/tcp_port']);
    const [chi] = ofKind<ClickHouse>(deps, 'ClickHouseInstallation');
    // The operator's Service for an installation is keeper-<name>.
    expect(chi?.spec.configuration.zookeeper.nodes).toEqual([
      { host: `keeper-${keeper?.metadata.name}.${NS}.svc`, port },
    ]);
  });

  it('gives the apps a config that boots in cluster mode, and the gateway no warehouse at all', () => {
    const parse = { 'control-api': controlConfigSchema, writer: writerConfigSchema };
    for (const [app, schema] of Object.entries(parse)) {
      const parsed = schema.safeParse(Object.fromEntries(appEnv(app)));
      expect(parsed.success ? 'ok' : parsed.error.issues, app).toBe('ok');
    }
    expect(appEnv('ingest-gateway').has('CLICKHOUSE_CLUSTER')).toBe(false);
  });
});
