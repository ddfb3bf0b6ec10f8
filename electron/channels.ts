// IPC channel names shared by the Electron main process and the preload: one for
// the contract's requests, one for its pushed events.
export const INVOKE_CHANNEL = 'socket-playground:invoke';
export const EVENT_CHANNEL = 'socket-playground:event';
