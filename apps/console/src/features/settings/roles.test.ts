import { describe, expect, it } from 'vitest';
import { can } from './roles';

describe('settings actions by role', () => {
  it('lets a member see keys and members but not the destination, nor change keys or members', () => {
    expect(can('member', 'viewKeys')).toBe(true);
    expect(can('member', 'viewMembers')).toBe(true);
    expect(can('member', 'viewDestination')).toBe(false);
    expect(can('member', 'manageKeys')).toBe(false);
    expect(can('member', 'manageMembers')).toBe(false);
    expect(can('member', 'transferProject')).toBe(false);
  });

  it('lets an admin manage keys and the destination, but leaves members and ownership to owners', () => {
    expect(can('admin', 'manageKeys')).toBe(true);
    expect(can('admin', 'manageDestination')).toBe(true);
    expect(can('admin', 'manageMembers')).toBe(false);
    expect(can('owner', 'manageMembers')).toBe(true);
    expect(can('owner', 'transferProject')).toBe(true);
  });

  it('allows nothing before the role is known', () => {
    expect(can(undefined, 'viewKeys')).toBe(false);
  });
});
