import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  base: './', // the built app works from any folder (the tests load it from /demo/svelte/dist/)
  // <stomp-*> need no setting: Svelte treats any tag with a hyphen as a custom element.
  plugins: [svelte()],
  build: {
    rolldownOptions: {
      // index.html for the page; src/main.ts also as an entry of its own, keeping its exports
      // (mount, defineElements) for a host page or a test, which imports dist/assets/main.js.
      input: { index: 'index.html', main: 'src/main.ts' },
      preserveEntrySignatures: 'exports-only',
      // Stable names: nothing to look up after a build.
      output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/chunk-[name].js', assetFileNames: 'assets/[name][extname]' },
    },
  },
});
