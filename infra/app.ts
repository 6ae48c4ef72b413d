/** CDK entry point (`cdk.json`): `npm run synth`, `npm run deploy`. */
import { buildApp } from './build-app.ts';

buildApp().app.synth();
