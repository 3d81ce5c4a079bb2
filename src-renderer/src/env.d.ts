import type { LendenBridge } from '../../src-main/contract';

declare global {
  interface Window {
    /** Provided by the Electron preload or the browser shell's init script. */
    lenden: LendenBridge & {
      /** Optional: the Electron preload may provide a vetted opener for wa.me / https links. */
      openExternal?: (url: string) => Promise<void> | void;
      /** Optional: a shell with a native save dialog writes generated documents itself. */
      saveFile?: (file: { fileName: string; mimeType: string; base64: string }) => Promise<void> | void;
    };
  }
}
export {};
