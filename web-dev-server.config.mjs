// `npm start` serves the demo with this: TypeScript sources compiled on the fly, bare imports resolved.
import { esbuildPlugin } from '@web/dev-server-esbuild';

export default {
  rootDir: '.',
  nodeResolve: true,
  hostname: '127.0.0.1',
  port: Number(process.env.DEMO_PORT ?? 8000),
  appIndex: 'demo/index.html',
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' })],
};
