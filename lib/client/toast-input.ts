/** What a toast shows; plain data, so non-visual helpers (`started-toast.ts`) can build one without importing the component. */
export type ToastTone = "success" | "error" | "info";
export type ToastInput = {
  title: string;
  description?: string;
  tone?: ToastTone;
  durationMs?: number;
  /** A toast with the group key of one on screen replaces it and restarts its timer, instead of stacking: a group grows in place. */
  groupKey?: string;
  action?: { label: string; href: string };
  /** Long lists (a group's prompts) show two lines; the whole text stays for screen readers. */
  isDescriptionClamped?: boolean;
  /** Called once the toast leaves the screen, by its timer, by hand or pushed out by newer ones. */
  onDismiss?: () => void;
};
