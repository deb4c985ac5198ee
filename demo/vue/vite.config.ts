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
      // Keep src/main.ts's exports (mount, defineElements): a host page or a test imports them.
      preserveEntrySignatures: 'exports-only',
      // Stable names, so tests import dist/assets/index.js.
      output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/[name].js', assetFileNames: 'assets/[name][extname]' },
    },
  },
});
