import type { LendenBridge } from '../../src-main/contract';
import type { LendenPrinter } from '../../src-preload/print';

declare global {
  interface Window {
    /** Printing through the Electron shell; absent in the browser shell (documents download as PDF there). */
    lendenPrinter?: LendenPrinter;
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
