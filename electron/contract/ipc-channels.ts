/** The two Electron IPC channels the contract travels on, shared by the main process and the preload. */
export const INVOKE_CHANNEL = 'dingbridge:invoke';
export const EVENT_CHANNEL = 'dingbridge:event';
