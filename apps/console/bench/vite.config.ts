import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Builds the render-benchmark harness (bench/harness.html) with the console's own components.
export const config = defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../test-output/console-bench'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(import.meta.dirname, 'harness.html') },
  },
});

export default config;
