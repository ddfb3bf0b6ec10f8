// The IPC contract: one import for both sides.
export * from './contract';
export { decodeBase64, encodeBase64 } from './base64';
