// `npm start` serves the demo with this: TypeScript sources compiled on the fly, bare imports
// resolved, and /ws forwarded to the broker's Web-STOMP listener (scripts/demo-server.mjs).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { demoServer } from './scripts/demo-server.mjs';

export default {
  rootDir: '.',
  nodeResolve: true,
  hostname: '127.0.0.1',
  port: Number(process.env.DEMO_PORT ?? 8000),
  appIndex: 'demo/index.html',
  // target: what any current browser runs (the default, 'auto', lowers code for unknown user agents such as curl)
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), demoServer()],
};
