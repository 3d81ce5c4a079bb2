// Types of scripts/build.mjs for the TypeScript that imports it (tests, bench).
export function buildInputsHash(root?: string): string;
export function buildIsCurrent(root?: string, inputs?: string): boolean;
export function buildIfChanged(opts?: { root?: string; force?: boolean; log?: (line: string) => void }): Promise<boolean>;
