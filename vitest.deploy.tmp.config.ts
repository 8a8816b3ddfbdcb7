import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', pool: 'forks', include: ['test/deploy/**/*.test.ts'], testTimeout: 60000 } });
