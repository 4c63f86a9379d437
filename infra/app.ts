import { buildApp } from './build-app.js';

// `npx cdk synth|deploy` runs this file; the stage comes from `-c stage=<name>` (default dev).
buildApp().app.synth();
