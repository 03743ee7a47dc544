// The add-account form as plain data. Credentials live here only while typed: they are sent once
// (test or save) and wiped after saving, on cancel and when the user leaves the screen.

import type { Account } from "../bindings/Account";
import type { AppError } from "../bindings/AppError";
import type { ConnectionCheck } from "../bindings/ConnectionCheck";
import type { NewAccount } from "../bindings/NewAccount";
import type { ProviderKind } from "../bindings/ProviderKind";
import { t, type MessageKey } from "../i18n";

/**
 * The credential inputs per provider: their keys are the shell's `credential_fields`; the test hook
 * is `credential-<key>` (Mews keeps its first hooks, `account-client-token` / `account-access-token`).
 */
export const CREDENTIAL_FIELDS: Record<ProviderKind, readonly { key: string; label: MessageKey; testid: string }[]> = {
  mews: [
    { key: "client_token", label: "accounts.client_token", testid: "account-client-token" },
    { key: "access_token", label: "accounts.access_token", testid: "account-access-token" },
  ],
  reservanto: [{ key: "long_time_token", label: "accounts.credential.long_time_token", testid: "credential-long_time_token" }],
  "mobile-calendar": [
    { key: "client_id", label: "accounts.credential.client_id", testid: "credential-client_id" },
    { key: "client_secret", label: "accounts.credential.client_secret", testid: "credential-client_secret" },
  ],
  timekit: [{ key: "app_key", label: "accounts.credential.app_key", testid: "credential-app_key" }],
  ectosy: [{ key: "api_key", label: "accounts.credential.api_key", testid: "credential-api_key" }],
};

export const PROVIDERS: readonly ProviderKind[] = ["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"];

/** Where each provider's credentials are found, shown under the inputs. */
export function credentialHint(p: ProviderKind): string {
  return t(`accounts.hint.${p}` as MessageKey);
}

/** A sample server address per provider, as the placeholder of the address input. */
export const BASE_URL_EXAMPLES: Record<ProviderKind, string> = {
  mews: "https://api.mews.com",
  reservanto: "https://api.reservanto.cz",
  "mobile-calendar": "https://api.mobile-calendar.com/v1/public",
  timekit: "https://api.timekit.io/v2",
  ectosy: "https://",
};

/** Switching the provider drops the typed secrets of the other one and their errors. */
export function withProvider(f: AccountForm, provider: ProviderKind): AccountForm {
  if (f.provider === provider) return f;
  const cleared = withoutSecrets(f);
  return { ...cleared, provider, check: undefined, errors: {}, error: undefined };
}

export interface AccountForm {
  open: boolean;
  /** The account whose credentials are being replaced; provider, name and address are then fixed. */
  replacing: number | null;
  provider: ProviderKind;
  label: string;
  baseUrl: string;
  credentials: Record<string, string>;
  busy: "test" | "save" | null;
  check: ConnectionCheck | undefined;
  errors: Record<string, string>;
  error: AppError | undefined;
}

export function emptyAccountForm(): AccountForm {
  return {
    open: false,
    replacing: null,
    provider: "mews",
    label: "",
    baseUrl: "",
    credentials: {},
    busy: null,
    check: undefined,
    errors: {},
    error: undefined,
  };
}

/** The form opened to replace a connected account's credentials. */
export function replacingForm(a: Account): AccountForm {
  return { ...emptyAccountForm(), open: true, replacing: a.id, provider: a.provider, label: a.label, baseUrl: a.base_url };
}

/** Client-side checks mirroring the shell's validate_base_url / validate_credentials. */
export function validateAccountForm(f: AccountForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.label.trim()) e.label = t("accounts.error.label_missing");
  const url = f.baseUrl.trim();
  if (!url) e.base_url = t("accounts.error.base_url_missing");
  else if (!/^https?:\/\/[^/?#\s][^?#\s]*$/.test(url)) e.base_url = t("accounts.error.base_url_format");
  for (const c of CREDENTIAL_FIELDS[f.provider]) {
    if (!f.credentials[c.key]?.trim()) e[c.key] = t("accounts.error.credential_missing", { name: t(c.label) });
  }
  return e;
}

/** The typed credentials, trimmed, by the provider's field keys. */
export function typedCredentials(f: AccountForm): Record<string, string> {
  return toNewAccount(f).credentials;
}

export function toNewAccount(f: AccountForm): NewAccount {
  const credentials: Record<string, string> = {};
  for (const c of CREDENTIAL_FIELDS[f.provider]) credentials[c.key] = (f.credentials[c.key] ?? "").trim();
  return { provider: f.provider, label: f.label.trim(), base_url: f.baseUrl.trim().replace(/\/+$/, ""), credentials };
}

/** Overwrites and drops every typed secret. */
export function withoutSecrets(f: AccountForm): AccountForm {
  for (const k of Object.keys(f.credentials)) f.credentials[k] = "";
  return { ...f, credentials: {} };
}
