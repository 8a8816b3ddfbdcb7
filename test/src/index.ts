export { type Bootstrap, type EmbeddedProcess, startEmbedded } from './embedded-process.ts';
