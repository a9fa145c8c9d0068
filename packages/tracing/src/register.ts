// `node --require @spawn/tracing/register` (this file's CommonJS build) and
// `node --import @spawn/tracing/register` (its ESM build) start tracing before the application.
import { startFromEnvironment } from './register-start.js';

startFromEnvironment();
