// Everything that rejects reaches the UI as an AppError `{kind, message, field?, retry_after_secs?}`.
// The shell already sends that shape; anything else (a Tauri error string, a thrown Error, a
// malformed object) is normalized here so that screens branch on `kind` only.

import type { AppError } from "./bindings/AppError";
import type { ErrorKind } from "./bindings/ErrorKind";
import { t, type MessageKey } from "./i18n";

export const ERROR_KINDS: readonly ErrorKind[] = [
  "auth",
  "forbidden",
  "not_found",
  "conflict",
  "late_cancellation",
  "validation",
  "rate_limited",
  "unavailable",
  "malformed",
  "offline",
  "keyring",
  "internal",
];

function isErrorKind(v: unknown): v is ErrorKind {
  return typeof v === "string" && (ERROR_KINDS as readonly string[]).includes(v);
}

function isAppErrorLike(v: unknown): v is { kind: ErrorKind; message: string; field?: unknown; retry_after_secs?: unknown } {
  return (
    typeof v === "object" &&
    v !== null &&
    isErrorKind((v as { kind?: unknown }).kind) &&
    typeof (v as { message?: unknown }).message === "string"
  );
}

export function toAppError(err: unknown): AppError {
  if (isAppErrorLike(err)) {
    const out: AppError = { kind: err.kind, message: err.message };
    if (typeof err.field === "string" && err.field) out.field = err.field;
    const retry = Number(err.retry_after_secs);
    if (err.retry_after_secs !== undefined && err.retry_after_secs !== null && Number.isFinite(retry) && retry >= 0) {
      out.retry_after_secs = retry;
    }
    return out;
  }
  if (typeof err === "string") {
    // Tauri itself rejects with bare strings: arguments that do not deserialize name the argument
    // (a validation error on that field); anything else (an unknown command) is internal.
    const badArg = /^invalid args `(\w+)` for command `\w+`: (.+)$/s.exec(err);
    if (badArg) {
      const field = badArg[1]!.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      return { kind: "validation", field, message: `${field}: ${badArg[2]}` };
    }
    return { kind: "internal", message: err || t("error.unknown") };
  }
  if (err instanceof Error) {
    return { kind: "internal", message: err.message || t("error.unknown") };
  }
  if (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string") {
    return { kind: "internal", message: (err as { message: string }).message };
  }
  return { kind: "internal", message: t("error.unknown") };
}

export interface ErrorText {
  title: string;
  /** The shell's own message, written for a hotel manager. */
  message: string;
  /** What the manager can do about it. */
  hint: string;
}

export function describeError(err: AppError): ErrorText {
  const kind = isErrorKind(err.kind) ? err.kind : "internal";
  let hint: string;
  if (kind === "rate_limited" && err.retry_after_secs !== undefined) {
    hint = t("error.rate_limited.hint_seconds", { count: err.retry_after_secs });
  } else if (kind === "validation" && err.field === "path") {
    // The place chosen for a file: there is no input to correct, only another place to choose.
    hint = t("error.validation.path_hint");
  } else {
    hint = t(`error.${kind}.hint` as MessageKey);
  }
  return { title: t(`error.${kind}.title` as MessageKey), message: err.message, hint };
}
