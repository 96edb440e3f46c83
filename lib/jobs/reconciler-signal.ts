import "server-only";

// The reconciler registers its wake-up here; anything that learns a job changed (create, callback,
// manual re-check) calls kickReconciler() instead of importing the reconciler itself.
const holder = globalThis as typeof globalThis & { __lumaKick?: () => void };

export function registerReconcilerWakeUp(wake: () => void): void {
  holder.__lumaKick = wake;
}

export function kickReconciler(): void {
  holder.__lumaKick?.();
}
