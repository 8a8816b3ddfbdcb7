import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/ and served by the control API at `/`; `vite dev` proxies the API to a local stack.
export const config = defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': process.env.QUARRY_CONTROL_URL ?? 'http://127.0.0.1:8080' } },
});

export default config;
