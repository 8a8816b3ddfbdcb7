import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from './documents.ts';

// Redocly's recommended rules, offline: the documents reference nothing outside themselves.
describe('the OpenAPI documents pass a standard linter', () => {
  it.each(Object.keys(DOCUMENTS) as (keyof typeof DOCUMENTS)[])('%s /openapi.json', async (name) => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(DOCUMENTS[name](), null, 2),
      absoluteRef: `${name}.openapi.json`,
      config,
    });
    const described = problems.map(
      (problem) =>
        `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
    );
    expect(described).toEqual([]);
  });
});
