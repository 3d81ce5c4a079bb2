import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { createPrintBridge } from './print';

// Sandboxed preload (built as CJS): exposes the contract as window.lenden, nothing else.
contextBridge.exposeInMainWorld('lenden', createBridge(ipcRenderer));
contextBridge.exposeInMainWorld('lendenPrinter', createPrintBridge(ipcRenderer));
