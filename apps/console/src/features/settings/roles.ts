/** A user's role in a project, as the API answers it on the project. */
export type Role = 'owner' | 'admin' | 'member';

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

/**
 * What each settings action needs; the same rule the API enforces (packages/control-plane), so the
 * page hides what would be refused. Hiding is a courtesy: the API refuses regardless.
 */
const NEEDS = {
  viewKeys: 'member',
  manageKeys: 'admin',
  viewDestination: 'admin',
  manageDestination: 'admin',
  viewMembers: 'member',
  manageMembers: 'owner',
  transferProject: 'owner',
} as const satisfies Record<string, Role>;

export type SettingsAction = keyof typeof NEEDS;

export function can(role: Role | undefined, action: SettingsAction): boolean {
  return role !== undefined && RANK[role] >= RANK[NEEDS[action]];
}
