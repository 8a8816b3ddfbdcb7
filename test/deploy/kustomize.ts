import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One rendered Kubernetes object; fields beyond the type meta are checked against schemas first. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export const repoRoot = resolve(import.meta.dirname, '../..');

const INSTALL_HINT =
  'Install kubectl 1.27 or newer (kustomize v5 is built in): `apt-get install -y kubectl` where a ' +
  'repository provides it (this machine image ships it), or set KUBECTL to a kubectl binary. ' +
  "Debian bookworm's own kubernetes-client package is kubectl 1.20, whose kustomize is too old.";

/** The kubectl to render with, or an error that says how to install one. */
export function findKubectl(): string {
  const kubectl = process.env.KUBECTL ?? 'kubectl';
  const probe = spawnSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `kubectl is needed to render the manifests and was not found (${kubectl}). ${INSTALL_HINT}`,
    );
  }
  const kustomize = String(JSON.parse(probe.stdout).kustomizeVersion ?? 'none');
  const major = Number(/^v(\d+)/.exec(kustomize)?.[1] ?? 0);
  if (major < 5) throw new Error(`${kubectl} embeds kustomize ${kustomize}; v5 is needed. ${INSTALL_HINT}`);
  return kubectl;
}

/** `kubectl kustomize <dir>` parsed into objects; `dir` is relative to the repository root. */
export function render(kubectl: string, dir: string): K8sObject[] {
  const result = spawnSync(kubectl, ['kustomize', resolve(repoRoot, dir)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr || result.error?.message}`);
  }
  return parseAllDocuments(result.stdout).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${dir}: ${document.errors[0]?.message}`);
    const object = document.toJS() as K8sObject | null;
    return object ? [object] : [];
  });
}

export function ofKind<T>(objects: K8sObject[], kind: string): (T & K8sObject)[] {
  return objects.filter((object) => object.kind === kind) as (T & K8sObject)[];
}

export function named<T>(objects: K8sObject[], kind: string, name: string): T & K8sObject {
  const found = ofKind<T>(objects, kind).find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

/** Name without kustomize's content-hash suffix ("quarry-shared-tb647km66d" → "quarry-shared"). */
export function baseName(name: string): string {
  // The suffix alphabet has no vowels, so a name part such as "-clickhouse" is never taken for one.
  return name.replace(/-[bcdfghjklmnpqrstvwxz2456789]{10}$/, '');
}
