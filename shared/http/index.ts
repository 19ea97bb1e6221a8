// The public face of the HTTP layer.
export { type App, createApp, MAX_BODY_BYTES } from './app';
export { MAX_SESSIONS } from './auth';
export type { AppEnv } from './env';
export { runImport } from './import-run';
export {
  type ImportPreview,
  type ImportResult,
  type ImportUpload,
  previewImport,
  uploadMemberList,
} from './imports';
