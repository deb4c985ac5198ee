import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  base: './', // the built app works from any folder (the tests load it from /demo/vue/dist/)
  plugins: [
    vue({
      // <stomp-*> are custom elements, not Vue components: Vue renders them as plain tags.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('stomp-') } },
    }),
  ],
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
