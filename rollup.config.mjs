// dist/stomp-elements.min.js: one self-contained ES module (lit, @lit/context, @stomp/stompjs
// inside, Lit's production build) that defines the three tags. Per-element modules for bundlers
// come from `tsc` (npm run build:ts) into dist/ beside it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/define.js',
  output: { file: 'dist/stomp-elements.min.js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ exportConditions: ['production'] }),
    terser({
      ecma: 2022,
      module: true,
      compress: { passes: 3 },
      // Everything is inside this one file, so @stomp/stompjs's `_private` members and the kit's
      // internal handle API (never reachable from a page) can be renamed consistently. Lit's
      // cross-version `_$…` names and every public or DOM name are left alone.
      mangle: {
        properties: {
          regex: /^(_[^$_].*|nextId|track|forget|retryNow|outboxMax|sizeMax|sendsNow|disposed|refused|blindBefore|owner|confirm|lost|refuse|prepare|brokerURLs|maxDelay|exponential|maxAttempts|socketClose|socketError|stompError)$/,
        },
      },
      format: { comments: false },
    }),
  ],
};
