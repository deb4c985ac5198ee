// `npm run analyze` writes custom-elements.json from the JSDoc in src/; `npm test` checks it is current.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  outdir: '.',
  packagejson: false,
};
