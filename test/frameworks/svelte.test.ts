// demo/svelte, built by Vite (scripts/examples.mjs), in Chromium against the test broker.
import { describeExample } from './app-suite.js';

describeExample('svelte', '../../demo/svelte/dist/assets/main.js');
