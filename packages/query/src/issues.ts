import type { z } from 'zod';
import { MESSAGES, shown } from './messages.ts';

type Issue = z.core.$ZodIssue;

export function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One zod issue as a catalog message naming where in the body it is (e.g. `select.0.field`). */
export function describeIssue(issue: Issue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys')
    return MESSAGES.unknownKey(pathText([...path, shown(issue.keys[0])]));
  if (issue.code === 'invalid_union') {
    // The branch that got past the type check says what is wrong; if none did, the value has the wrong type.
    const telling = issue.errors.find((branch) => !branch.every(isRootTypeMismatch));
    const first = telling?.[0];
    return first
      ? describeIssue(first, path)
      : MESSAGES.invalidAt(pathText(path), 'value has the wrong type');
  }
  return MESSAGES.invalidAt(pathText(path), issue.message.replace(/^Invalid input: /, ''));
}

/** A type mismatch on the value itself, including a union (such as `scalar`) that only had those. */
function isRootTypeMismatch(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && issue.errors.every((branch) => branch.every(isRootTypeMismatch));
}

/** The first issue of a failed parse, described; zod always reports at least one. */
export function firstIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const [issue] = error.issues;
  return issue ? describeIssue(issue, prefix) : MESSAGES.invalidAt(pathText(prefix), 'malformed');
}
