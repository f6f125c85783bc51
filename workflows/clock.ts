// Workflow time: Date inside a workflow is Temporal's deterministic clock.
export const nowIso = () => new Date().toISOString();

/** Milliseconds until an instant, at least 1 (a timer of 0 would never fire). */
export function msUntil(iso: string): number {
  return Math.max(1, Date.parse(iso) - Date.now());
}
