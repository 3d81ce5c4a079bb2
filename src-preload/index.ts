// Placeholder: the preload bridge is built from the contract in the shell issue.
export {};
