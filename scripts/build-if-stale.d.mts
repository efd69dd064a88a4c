/** Why dist/ under root needs a build, or null when it is up to date. */
export function staleReason(root: string): string | null;
