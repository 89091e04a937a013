import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// No @vitejs/plugin-react: Vite 8 transforms TSX with Oxc, told here to use React's automatic runtime.
export default defineConfig({
  root,
  base: '/graphql/playground/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco alone is ~2.8 MB minified; it is loaded once and cached as an immutable asset.
    chunkSizeWarningLimit: 3500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries' "use client" directives mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
