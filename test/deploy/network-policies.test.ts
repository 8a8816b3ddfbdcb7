import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_NAMES, APPS, JOBS, OVERLAYS } from './expectations.ts';
import { findKubectl, type K8sObject, named, ofKind, render } from './kustomize.ts';

const rendered = new Map<string, K8sObject[]>();

beforeAll(() => {
  const kubectl = findKubectl();
  for (const dir of OVERLAYS) rendered.set(dir, render(kubectl, dir));
});

const METADATA_NAME = 'kubernetes.io/metadata.name';

function egressPorts(policy: INetworkPolicy): number[] {
  const ports = (policy.spec?.egress ?? []).flatMap((rule) =>
    (rule.ports ?? []).map((port) => Number(port.port)),
  );
  return [...new Set(ports)].sort((a, b) => a - b);
}

function ingressNamespaces(policy: INetworkPolicy): string[] {
  const peers = (policy.spec?.ingress ?? []).flatMap((rule) => rule.from ?? []);
  return [
    ...new Set(peers.map((peer) => peer.namespaceSelector?.matchLabels?.[METADATA_NAME] ?? '?')),
  ].sort();
}

function isPublicOnly(peer: INetworkPolicyPeer): boolean {
  const except = peer.ipBlock?.except ?? [];
  return peer.ipBlock?.cidr === '0.0.0.0/0'
    ? except.includes('169.254.0.0/16') && except.includes('10.0.0.0/8')
    : peer.ipBlock?.cidr === '::/0'
      ? except.includes('fc00::/7')
      : false;
}

describe.each(OVERLAYS)('%s network policies', (dir) => {
  const objects = () => rendered.get(dir) ?? [];
  const policies = () => ofKind<INetworkPolicy>(objects(), 'NetworkPolicy');

  it('deny all traffic by default and allow DNS to every pod', () => {
    expect(named<INetworkPolicy>(objects(), 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const dns = named<INetworkPolicy>(objects(), 'NetworkPolicy', 'allow-dns').spec;
    expect(dns?.podSelector).toEqual({});
    expect(dns?.egress?.[0]?.to?.[0]?.namespaceSelector?.matchLabels?.[METADATA_NAME]).toBe('kube-system');
    expect(dns?.egress?.[0]?.ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });

  it.each(APP_NAMES)(
    'let %s reach only its dependencies and be reached only by the ingress controller and Prometheus',
    (app) => {
      const policy = policies().find(
        (p) => p.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === app,
      );
      if (!policy) throw new Error(`no NetworkPolicy selects ${app}`);
      expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(egressPorts(policy)).toEqual(APPS[app].egressPorts);
      expect(ingressNamespaces(policy)).toEqual(APPS[app].ingressFrom);
      for (const rule of policy.spec?.ingress ?? []) expect(rule.ports).toEqual([{ port: 'http' }]);
    },
  );

  it('send webhooks only to public addresses', () => {
    const writer = named<INetworkPolicy>(objects(), 'NetworkPolicy', 'writer');
    const https = writer.spec?.egress?.filter((rule) => rule.ports?.some((port) => port.port === 443)) ?? [];
    expect(https).toHaveLength(1);
    expect(https[0]?.to?.length).toBeGreaterThan(0);
    for (const peer of https[0]?.to ?? []) expect(isPublicOnly(peer), JSON.stringify(peer)).toBe(true);
  });

  it('let the Jobs dial their dependencies and accept no connections', () => {
    const jobs = named<INetworkPolicy>(objects(), 'NetworkPolicy', 'quarry-jobs');
    expect(jobs.spec?.podSelector?.matchExpressions?.[0]?.values).toEqual(Object.keys(JOBS));
    expect(jobs.spec?.ingress ?? []).toEqual([]);
    expect(egressPorts(jobs)).toEqual([5432, 8123, 8443, 9092]);
  });

  if (dir !== 'k8s/base') {
    it('limit egress to the dependencies namespace or public addresses', () => {
      for (const policy of policies().filter((p) => p.metadata.name !== 'default-deny')) {
        for (const rule of policy.spec?.egress ?? []) {
          const peers = rule.to ?? [];
          expect(
            peers.length,
            `${policy.metadata.name} has an egress rule open to any address`,
          ).toBeGreaterThan(0);
          for (const peer of peers) {
            const namespace = peer.namespaceSelector?.matchLabels?.[METADATA_NAME];
            expect(namespace === 'quarry-data' || namespace === 'kube-system' || isPublicOnly(peer)).toBe(
              true,
            );
          }
        }
      }
    });
  }
});
