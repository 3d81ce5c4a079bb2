// Types of scripts/electron-binary.mjs for the TypeScript that imports it (bench).
export function electronBinary(): string | null;
