import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The members' console: the product's second app, under /app/, sharing web/src/lib with the portal. */
export default defineConfig({
  root,
  base: '/app/',
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
