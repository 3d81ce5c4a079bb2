import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

// A fixed namespace for ids Lenden derives (attendance rows, a bill's posting entry), so two
// devices deriving the id of the same thing get the same id.
const LENDEN_NAMESPACE = '6f1c3a52-8d0e-4b7a-9f25-3c1d2e4b5a60';

export const newId = (): string => uuidv7();
export const derivedId = (...parts: string[]): string => uuidv5(parts.join('|'), LENDEN_NAMESPACE);
