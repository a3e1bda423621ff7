import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The build lands in Platform.Api/wwwroot, which the API serves.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../Platform.Api/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    // Rendering tests wait on the DOM, not on time; the margin keeps a loaded 2-core CI machine from failing them.
    testTimeout: 20_000,
  },
});
