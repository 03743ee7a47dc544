// The window's UI state (route, settings, sync, toasts, the open dialog) and the render schedule.
// Screens keep their own per-screen state in their modules, so it survives navigation within the
// session (filters, the booking form).

import type { AppError } from "./bindings/AppError";
import type { ExportFormat } from "./bindings/ExportFormat";
import { describeError } from "./errors";
import { parseRoute, routeHref, type Route } from "./router";
import { DEFAULT_SETTINGS, type Settings } from "./settings";
import { initialSync, type SyncState } from "./sync-status";

export interface Toast {
  id: number;
  kind: "error" | "info";
  /** The AppError kind of an error toast. */
  errorKind: string | undefined;
  title: string;
  message: string;
  hint: string | undefined;
}

export type Dialog =
  | {
      kind: "cancel-reservation";
      reservationId: number;
      /** Number or guest, for the question. */
      subject: string;
      provider: string;
      /** The provider keeps cancelled reservations restorable. */
      restorable: boolean;
      reason: string;
      busy: boolean;
      error: AppError | undefined;
      /** The provider's late-cancellation refusal: the dialog then offers "Cancel anyway". */
      late: AppError | undefined;
    }
  | {
      kind: "confirm-action";
      action: "reject" | "no_show" | "delete";
      reservationId: number;
      subject: string;
      provider: string;
      /** Reject only: the reason sent with it. */
      reason: string;
      busy: boolean;
      error: AppError | undefined;
    }
  | {
      kind: "move";
      reservationId: number;
      accountId: number;
      subject: string;
      provider: string;
      arrival: string;
      departure: string;
      /** "" keeps the current room. */
      roomId: string;
      currentRoom: string | null;
      /** `change_room`: the room picker is offered; else its reason is shown. */
      changeRoom: { supported: boolean; reason?: string };
      busy: boolean;
      /** Errors beside the inputs, by the shell's field name. */
      errors: Record<string, string>;
      error: AppError | undefined;
    }
  | {
      kind: "edit-notes";
      reservationId: number;
      subject: string;
      notes: string;
      busy: boolean;
      errors: Record<string, string>;
      error: AppError | undefined;
    }
  | {
      kind: "check-out";
      reservationId: number;
      /** Number or guest, for the question. */
      subject: string;
      provider: string;
      busy: boolean;
      error: AppError | undefined;
    }
  | { kind: "remove-account"; accountId: number; label: string; busy: boolean; error: AppError | undefined }
  | { kind: "link-room"; roomId: number; choice: string; busy: boolean; error: AppError | undefined }
  | {
      kind: "export";
      scope: "list" | "range";
      from: string;
      to: string;
      format: ExportFormat;
      /** While the save dialog is open ("choosing") or the file is written ("writing"). */
      step: "choosing" | "writing" | null;
      busy: boolean;
      /** Errors beside the range's date inputs. */
      errors: Record<string, string>;
      error: AppError | undefined;
    };

export const ui: {
  route: Route;
  settings: Settings;
  sync: SyncState;
  toasts: Toast[];
  dialog: Dialog | null;
  /** Set once when the route changes, so the new screen's heading takes focus. */
  focusMain: boolean;
  /** False until the app's first screen with data is on the window (see FIRST_SCREEN_ROWS). */
  firstScreenDrawn: boolean;
} = {
  route: { name: "reservations" },
  settings: { ...DEFAULT_SETTINGS },
  sync: initialSync,
  toasts: [],
  dialog: null,
  focusMain: false,
  firstScreenDrawn: false,
};

let renderer: (() => void) | undefined;
let scheduled = false;

export function setRenderer(fn: () => void): void {
  renderer = fn;
}

/** Renders once after the current task's state changes (several changes give one render). */
export function requestRender(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    renderer?.();
  });
}

export function navigate(route: Route): void {
  const href = routeHref(route);
  if (typeof location !== "undefined" && location.hash !== href) {
    location.hash = href; // `hashchange` calls routeChanged
  } else {
    setRoute(route);
  }
}

export function routeChanged(): void {
  const route = parseRoute(location.hash);
  if (route) setRoute(route);
  else navigate({ name: ui.settings.default_view });
}

function setRoute(route: Route): void {
  ui.route = route;
  ui.focusMain = true;
  closeDialog();
  requestRender();
}

let toastSeq = 0;
const INFO_TOAST_MS = 5000;

export function showError(err: AppError, title?: string): void {
  const d = describeError(err);
  ui.toasts = [...ui.toasts, { id: ++toastSeq, kind: "error", errorKind: err.kind, title: title ?? d.title, message: d.message, hint: d.hint }];
  requestRender();
}

export function showInfo(message: string): void {
  const id = ++toastSeq;
  ui.toasts = [...ui.toasts, { id, kind: "info", errorKind: undefined, title: message, message: "", hint: undefined }];
  requestRender();
  setTimeout(() => dismissToast(id), INFO_TOAST_MS);
}

export function dismissToast(id: number): void {
  ui.toasts = ui.toasts.filter((x) => x.id !== id);
  requestRender();
}

let focusBeforeDialog: HTMLElement | null = null;

export function openDialog(dialog: Dialog): void {
  if (typeof document !== "undefined") focusBeforeDialog = document.activeElement as HTMLElement | null;
  ui.dialog = dialog;
  requestRender();
}

export function updateDialog(patch: Partial<Dialog>): void {
  if (ui.dialog) ui.dialog = { ...ui.dialog, ...patch } as Dialog;
  requestRender();
}

export function closeDialog(): void {
  if (!ui.dialog) return;
  ui.dialog = null;
  requestRender();
  const back = focusBeforeDialog;
  focusBeforeDialog = null;
  if (back?.isConnected) queueMicrotask(() => queueMicrotask(() => back.focus()));
}
