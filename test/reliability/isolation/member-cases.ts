import { expect } from 'vitest';
import { controlCall, datasetLifecycleRequests, NOWHERE } from './control-cases.ts';
import type { Case } from './probe.ts';
import { everyValue } from './snapshot.ts';
import type { Project, Tenant, User } from './tenants.ts';

const FORBIDDEN = 'Your role in this project does not allow this';

/** Requests a project member may send, with a valid body: `write` ones need admin or owner. */
function projectRequests(owner: Tenant, project: Project, member: User) {
  const slug = project.slug;
  const key = project.key.id;
  return {
    read: [
      ['GET', `/api/projects/${slug}`],
      ['GET', `/api/projects/${slug}/members`],
      ['GET', `/api/projects/${slug}/keys`],
      ['GET', `/api/datasets/${slug}`],
      ['GET', `/api/datasets/${slug}/${project.orders.id}`],
      ['POST', `/api/datasets/${slug}/${project.orders.id}/query`, everyValue('label')],
      ['GET', `/api/datasets/${slug}/${project.orders.id}/quarantine`],
      [
        'GET',
        `/api/datasets/${slug}/${project.orders.id}/export?format=ndjson&from=2026-01-01&to=2027-01-01`,
      ],
      ['GET', `/api/datasets/${slug}/${project.orders.id}/schema/versions`],
      ['POST', `/api/logs/${slug}/search`, {}],
    ],
    write: [
      ['POST', `/api/datasets/${slug}`, { name: 'Member made' }],
      ['POST', `/api/datasets/${slug}/${project.drafts.id}/schema`, { fields: { label: 'string' } }],
      ['POST', `/api/datasets/${slug}/${project.orders.id}/quarantine/replay`, {}],
      ['POST', `/api/datasets/${slug}/${project.orders.id}/quarantine/discard`, {}],
      ['POST', `/api/projects/${slug}/keys`, { name: 'member key' }],
      ['POST', `/api/projects/${slug}/keys/${key}/disable`],
      ['POST', `/api/projects/${slug}/keys/${key}/enable`],
      ['DELETE', `/api/projects/${slug}/keys/${key}`],
      ['PATCH', `/api/projects/${slug}/destination`, { type: 'logger', read_api_url: 'http://127.0.0.1:9/' }],
      // A read, but for admins only: delivery reasons may name the destination's host.
      ['GET', `/api/projects/${slug}/destination/deliveries`],
      ['POST', `/api/projects/${slug}/destination/test`],
      ['PUT', `/api/projects/${slug}/members`, { email: member.email, role: 'owner' }],
      ['DELETE', `/api/projects/${slug}/members/${owner.user.id}`],
      // The dataset lifecycle: admins and owners only, the audit of deleted records included.
      ...datasetLifecycleRequests(slug, project.orders.id),
    ],
  } satisfies Record<string, [string, string, unknown?][]>;
}

/** A `member` of the owner's first project reads it, writes nothing, and is an outsider to the second. */
export function readOnlyMemberCases(owner: Tenant, member: User): Case[] {
  const [first, second] = owner.projects;
  const { read, write } = projectRequests(owner, first, member);
  return [
    ...read.map(
      ([method, path, body]): Case => ({
        as: 'member PAT',
        call: controlCall(member.pat, method, path, body),
        status: 200,
      }),
    ),
    ...write.map(
      ([method, path, body]): Case => ({
        as: 'member PAT',
        call: controlCall(member.pat, method, path, body),
        status: 403,
        message: FORBIDDEN,
      }),
    ),
    ...[...read, ...write].map(([method, path, body]): Case => {
      const elsewhere = (slug: string) => path.replace(first.slug, slug);
      return {
        as: 'member PAT',
        call: controlCall(member.pat, method, elsewhere(second.slug), body),
        twin: controlCall(member.pat, method, elsewhere(NOWHERE.slug), body),
        status: 404,
        message: 'Project not found',
      };
    }),
  ];
}

/** Reads a member of the owner's first project makes while still a member. */
export function memberReadCases(owner: Tenant, member: User): Case[] {
  const { read } = projectRequests(owner, owner.projects[0], member);
  return read.map(([method, path, body]) => ({
    as: 'admin PAT',
    call: controlCall(member.pat, method, path, body),
    status: 200,
  }));
}

/** After removal, every request a member could make answers as for a project that does not exist. */
export function removedMemberCases(owner: Tenant, removed: User): Case[] {
  const [first] = owner.projects;
  const { read, write } = projectRequests(owner, first, removed);
  return [
    ...[...read, ...write].map(
      ([method, path, body]): Case => ({
        as: 'removed PAT',
        call: controlCall(removed.pat, method, path, body),
        twin: controlCall(removed.pat, method, path.replace(first.slug, NOWHERE.slug), body),
        status: 404,
        message: 'Project not found',
      }),
    ),
    {
      as: 'removed PAT',
      call: controlCall(removed.pat, 'GET', '/api/projects'),
      status: 200,
      check: (reply) => expect.soft(reply.json).toEqual({ projects: [] }),
    },
  ];
}
