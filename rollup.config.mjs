// dist/stomp-elements.min.js: one self-contained ES module (lit, @lit/context, @stomp/stompjs
// inside, Lit's production build) that defines the three tags. Per-element modules for bundlers
// come from `tsc` (npm run build:ts) into dist/ beside it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/define.js',
  preserveEntrySignatures: 'allow-extension', // the delivery chunk imports what it shares from the bundle itself
  // Features a page opts into by an attribute (stream offsets and dedupe) are chunks of their own
  // beside it, loaded relative to the bundle's URL the first time an element needs them.
  output: { dir: 'dist', entryFileNames: 'stomp-elements.min.js', chunkFileNames: 'stomp-elements-[name].min.js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ exportConditions: ['production'] }),
    terser({
      ecma: 2022,
      module: true,
      compress: { passes: 3 },
      // Everything is inside this one file, so internal members can be renamed consistently, by
      // one rule: a name that starts with a single `_` is internal (Lit's and stompjs's convention,
      // and the kit's for members shared between its own modules; everything else of the kit's is
      // `#private` or module-scoped). Lit's cross-version `_$…` names, `__…` and every public or DOM
      // name are left alone.
      mangle: { properties: { regex: /^_[^$_]/ } },
      format: { comments: false },
    }),
  ],
};
