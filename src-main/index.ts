// Placeholder: the Electron shell is wired in its own issue.
export {};
