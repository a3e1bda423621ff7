import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The form benchmark's pages: our renderer, react-jsonschema-form and plain inputs, one entry each
// so that each page loads only its own code.
const here = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: `${here}/dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: { input: { ours: `${here}/ours.html`, rjsf: `${here}/rjsf.html`, plain: `${here}/plain.html` } },
  },
});
