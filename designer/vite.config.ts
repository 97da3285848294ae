// Vite build and dev-server config for the designer SPA; the runtime serves the build output from dist/designer.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const runtimeUrl = process.env.TRADELANE_RUNTIME_URL ?? 'http://127.0.0.1:1880';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/designer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': runtimeUrl,
      '/socket.io': { target: runtimeUrl, ws: true },
      '/partners': runtimeUrl,
      '/demo-erp': runtimeUrl,
    },
  },
});
