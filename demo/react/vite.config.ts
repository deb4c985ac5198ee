import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Three builds (npm run build): the production app in dist/, the same with React's development
// build in dist/dev/ (`--mode development`: StrictMode mounts twice only there), and the server
// entry in dist/server/ (`--ssr`).
export default defineConfig(({ mode, isSsrBuild }) => ({
  base: './', // the built app works from any folder (the tests load it from /demo/react/dist/)
  plugins: [react()],
  define: mode === 'development' ? { 'process.env.NODE_ENV': JSON.stringify('development') } : {},
  build: {
    outDir: isSsrBuild ? 'dist/server' : mode === 'development' ? 'dist/dev' : 'dist',
    emptyOutDir: !isSsrBuild && mode !== 'development', // dist/ first, then dist/dev/ and dist/server/ into it
    minify: mode !== 'development',
    rolldownOptions: isSsrBuild
      ? { output: { entryFileNames: '[name].js' } }
      : {
          // index.html for the page; src/main.tsx also as an entry of its own, keeping its exports
          // (mount, hydrate, defineElements) for a host page or a test, which imports dist/assets/main.js;
          // src/probe.tsx: what React does with props on custom elements, measured by the tests.
          input: { index: 'index.html', main: 'src/main.tsx', probe: 'src/probe.tsx' },
          preserveEntrySignatures: 'exports-only',
          // Stable names: nothing to look up after a build.
          output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/chunk-[name].js', assetFileNames: 'assets/[name][extname]' },
        },
  },
}));
