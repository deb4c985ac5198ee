// demo/angular, compiled ahead of time by `ng build` (scripts/examples.mjs), in Chromium against the test broker.
import { describeExample } from './app-suite.js';

describeExample('angular', '../../demo/angular/dist/browser/main.js');
