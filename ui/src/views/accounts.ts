// Accounts: the connected reservation systems, their status and last sync; sync one now, add one
// (with a connection test first if wanted), replace one's credentials, remove one.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Account } from "../bindings/Account";
import type { Capabilities } from "../bindings/Capabilities";
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { formatDateTime, formatRelativeTime, t, type MessageKey } from "../i18n";
import { openDialog, requestRender, showInfo, ui } from "../state";
import { startSync } from "../sync";
import { runningSync } from "../sync-status";
import { changeCount } from "./changes";
import { syncProgressBar } from "./sync-progress";
import type { AccountChanges } from "../bindings/AccountChanges";
import { accountStatusPill, demoTag, emptyBlock, errorBlock, fieldError, loadingBlock } from "./components";
import { livePill, liveStatusOf } from "./live-status";
import { providerName } from "./reservation-detail";
import {
  BASE_URL_EXAMPLES,
  CREDENTIAL_FIELDS,
  PROVIDERS,
  credentialHint,
  withProvider,
  emptyAccountForm,
  replacingForm,
  toNewAccount,
  typedCredentials,
  validateAccountForm,
  withoutSecrets,
  type AccountForm,
} from "./account-form";

let form: AccountForm = emptyAccountForm();

/** Called when the user leaves the Accounts screen: typed secrets do not outlive it. */
export function leaveAccounts(): void {
  form = { ...withoutSecrets(form), busy: null };
}

function patch(p: Partial<AccountForm>, field?: string): void {
  form = { ...form, ...p };
  if (field && form.errors[field]) {
    const errors = { ...form.errors };
    delete errors[field];
    form = { ...form, errors };
  }
  requestRender();
}

function openReplacing(a: Account): void {
  form = replacingForm(a);
  requestRender();
  // The form opens above the list: bring it into view, focus on the first credential.
  requestAnimationFrame(() => {
    document.querySelector(".account-form")?.scrollIntoView({ block: "start" });
    document.querySelector<HTMLInputElement>(".account-form input[type=password]")?.focus();
  });
}

function closeForm(): void {
  // A replacement's fixed name and address are not a new account's draft.
  const draft = form.replacing === null ? withoutSecrets(form) : { ...withoutSecrets(form), ...emptyAccountForm() };
  form = { ...draft, open: false, busy: null, errors: {}, error: undefined, check: undefined };
  requestRender();
}

function checkForm(): boolean {
  const errors = validateAccountForm(form);
  form = { ...form, errors, error: undefined };
  requestRender();
  return Object.keys(errors).length === 0;
}

function showServerError(err: unknown): void {
  const e = toAppError(err);
  if (e.field) form = { ...form, errors: { ...form.errors, [e.field]: e.message }, error: undefined };
  else form = { ...form, error: e };
}

async function testConnection(): Promise<void> {
  if (form.busy || !checkForm()) return;
  form = { ...form, busy: "test", check: undefined };
  requestRender();
  try {
    const check = await api.testConnection(toNewAccount(form));
    form = { ...form, check };
  } catch (err) {
    showServerError(err);
  } finally {
    form = { ...form, busy: null };
    requestRender();
  }
}

async function save(e: Event): Promise<void> {
  e.preventDefault();
  if (form.busy || !checkForm()) return;
  form = { ...form, busy: "save" };
  requestRender();
  try {
    if (form.replacing !== null) {
      const account = await api.replaceCredentials(form.replacing, typedCredentials(form));
      form = { ...withoutSecrets(form), ...emptyAccountForm() };
      cache.invalidate();
      // The shell syncs the account with its new credentials; the progress shows on its card.
      showInfo(t("accounts.replaced", { label: account.label }));
    } else {
      const added = await api.addAccount(toNewAccount(form));
      form = { ...withoutSecrets(form), ...emptyAccountForm() };
      cache.invalidate();
      // The shell starts the new account's first sync itself; its progress shows in the header.
      showInfo(t("accounts.added", { label: added.label }));
    }
  } catch (err) {
    showServerError(err);
    form = { ...form, busy: null };
  }
  requestRender();
}

function textInput(field: string, label: string, testid: string, value: string, onInput: (v: string) => void, type = "text", placeholder?: string, readonly = false): TemplateResult {
  const err = form.errors[field];
  return html`<label class="field">
    <span>${label}</span>
    <input
      type=${type}
      ?readonly=${readonly}
      data-testid=${testid}
      name=${field}
      autocomplete=${type === "password" ? "new-password" : "off"}
      spellcheck="false"
      placeholder=${placeholder ?? nothing}
      aria-invalid=${err ? "true" : "false"}
      aria-describedby=${err ? `err-${field}` : nothing}
      .value=${live(value)}
      @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      @change=${(e: Event) => {
        if ((e.target as HTMLInputElement).value !== value) onInput((e.target as HTMLInputElement).value);
      }}
    />
    ${fieldError(field, err)}
  </label>`;
}

function addForm(): TemplateResult {
  const replacing = form.replacing !== null;
  return html`<form class="card account-form" novalidate @submit=${save} aria-labelledby="add-account-title" data-testid="account-form" data-mode=${replacing ? "replace" : "add"}>
    <h2 id="add-account-title">${replacing ? t("accounts.replace_title", { label: form.label }) : t("accounts.add_title")}</h2>
    ${replacing ? html`<p class="muted">${t("accounts.replace_intro", { provider: providerName(form.provider) })}</p>` : nothing}
    <div class="grid-2">
      <label class="field">
        <span>${t("accounts.provider")}</span>
        <select
          data-testid="account-provider"
          ?disabled=${replacing}
          .value=${live(form.provider)}
          @change=${(e: Event) => {
            form = withProvider(form, (e.target as HTMLSelectElement).value as AccountForm["provider"]);
            requestRender();
          }}
        >
          ${PROVIDERS.map((p) => html`<option value=${p} ?selected=${form.provider === p}>${providerName(p)}</option>`)}
        </select>
      </label>
      ${textInput("label", t("accounts.label"), "account-label", form.label, (v) => patch({ label: v }, "label"), "text", t("accounts.label_placeholder"), replacing)}
    </div>
    ${textInput("base_url", t("accounts.base_url"), "account-base-url", form.baseUrl, (v) => patch({ baseUrl: v, check: undefined }, "base_url"), "url", BASE_URL_EXAMPLES[form.provider], replacing)}
    <p class="muted small">${t("accounts.base_url_hint")}</p>
    <div class="grid-2">
      ${CREDENTIAL_FIELDS[form.provider].map((c) =>
        textInput(c.key, t(c.label), c.testid, form.credentials[c.key] ?? "", (v) =>
          patch({ credentials: { ...form.credentials, [c.key]: v }, check: undefined }, c.key), "password"),
      )}
    </div>
    <p class="muted small" data-testid="credential-hint" data-provider=${form.provider}>${credentialHint(form.provider)}</p>
    <p class="muted small">${t("accounts.secrets_note")}</p>
    ${form.check
      ? html`<p class="success" data-testid="connection-ok" role="status">
          ${t("accounts.connection_ok", { property: form.check.property_name, zone: form.check.time_zone })}
        </p>`
      : nothing}
    ${form.error ? errorBlock(form.error) : nothing}
    <div class="form-actions">
      <button type="button" class="btn" data-testid="test-connection-button" ?disabled=${form.busy !== null} @click=${testConnection}>
        ${form.busy === "test" ? t("accounts.testing") : t("accounts.test")}
      </button>
      <button type="submit" class="btn btn-primary" data-testid="save-account-button" ?disabled=${form.busy !== null}>
        ${form.busy === "save" ? t("accounts.saving") : replacing ? t("accounts.replace_save") : t("accounts.save")}
      </button>
      <button type="button" class="btn btn-quiet" @click=${closeForm}>${t("common.cancel")}</button>
    </div>
  </form>`;
}

export const CAPABILITY_KEYS: readonly (keyof Capabilities)[] = [
  "list_reservations",
  "create_booking",
  "quote_price",
  "availability",
  "confirm",
  "reject",
  "check_in",
  "check_out",
  "no_show",
  "move_dates",
  "change_room",
  "cancel",
  "restore",
  "delete",
  "edit_guest",
  "edit_notes",
  "group_booking",
  "live_updates",
];

/** What an account can and cannot do, by capability name. */
export function capabilitySummary(caps: Capabilities): { can: (keyof Capabilities)[]; cannot: (keyof Capabilities)[] } {
  return {
    can: CAPABILITY_KEYS.filter((k) => caps[k].supported),
    cannot: CAPABILITY_KEYS.filter((k) => !caps[k].supported),
  };
}

function capabilityList(a: Account): TemplateResult {
  const caps = a.capabilities;
  const { can, cannot } = capabilitySummary(caps);
  const names = (keys: readonly (keyof Capabilities)[]) => keys.map((k) => t(`capability.${k}` as MessageKey)).join(", ");
  return html`<div class="caps" data-testid="account-capabilities">
    <p class="small"><strong>${t("accounts.can")}:</strong> <span data-testid="account-can">${names(can)}</span></p>
    ${cannot.length > 0
      ? html`<p class="small muted"><strong>${t("accounts.cannot")}:</strong> <span data-testid="account-cannot">${names(cannot)}</span></p>
          <details>
            <summary>${t("accounts.capabilities_why")}</summary>
            <ul>
              ${cannot.map(
                (k) => html`<li class="cap-no" data-testid=${`capability-${k}`} data-supported="false">
                  <span aria-hidden="true">–</span> ${t(`capability.${k}` as MessageKey)}: <span class="muted">${caps[k].reason ?? t("capability.unsupported")}</span>
                </li>`,
              )}
            </ul>
          </details>`
      : nothing}
  </div>`;
}

function accountRow(a: Account, changes: AccountChanges | undefined): TemplateResult {
  const running = runningSync(ui.sync, a.id);
  const syncing = running !== undefined;
  const unseen = changes ? changeCount(changes) : 0;
  return html`<li class="card account" data-testid="account-row" data-account-id=${a.id} data-status=${a.status}>
    <div class="account-main">
      <h2>${a.label} ${a.is_demo ? demoTag() : nothing}</h2>
      <p class="muted">
        <span data-testid="account-provider-name" data-provider=${a.provider}>${providerName(a.provider)}</span>${a.property_name ? ` · ${a.property_name}` : ""}${a.time_zone ? ` · ${a.time_zone}` : ""}
      </p>
      <p class="muted small"><code>${a.base_url}</code></p>
    </div>
    <div class="account-status">
      ${accountStatusPill(a.status)}
      ${a.capabilities.list_reservations.supported ? livePill(liveStatusOf(a.id), a.provider) : nothing}
      ${a.status === "offline" && a.offline_since
        ? html`<p class="small">${t("accounts.offline_since", { time: formatDateTime(a.offline_since) })}</p>`
        : nothing}
      <p class="small muted" title=${a.last_sync_at ? formatDateTime(a.last_sync_at) : ""}>
        ${a.last_sync_at ? t("accounts.last_sync", { time: formatRelativeTime(a.last_sync_at) }) : t("accounts.never_synced")}
      </p>
      ${unseen > 0
        ? html`<p class="small"><a href="#/today" data-testid="account-changes" data-count=${unseen}>${t("accounts.changes", { count: unseen })}</a></p>`
        : nothing}
      ${a.status === "auth_failed" ? html`<p class="small warn">${t("banner.auth.hint")}</p>` : nothing}
      ${a.last_error && a.status !== "online" ? html`<p class="small muted">${a.last_error}</p>` : nothing}
      ${running ? syncProgressBar(a.id, running) : nothing}
    </div>
    <div class="account-actions">
      <button type="button" class="btn" data-testid="account-sync" ?disabled=${syncing} @click=${() => void startSync(a.id)}>
        ${syncing ? t("sync.syncing_short") : t("accounts.sync_now")}
      </button>
      ${a.capabilities.list_reservations.supported
        ? html`<button
            type="button"
            class="btn btn-quiet"
            data-testid="account-full-sync"
            title=${t("accounts.full_sync_hint")}
            ?disabled=${syncing}
            @click=${() => void startSync(a.id, true)}
          >
            ${t("accounts.full_sync")}
          </button>`
        : nothing}
      ${a.is_demo
        ? nothing
        : html`<button
            type="button"
            class=${a.status === "auth_failed" ? "btn btn-primary" : "btn btn-quiet"}
            data-testid="account-replace-credentials"
            @click=${() => openReplacing(a)}
          >
            ${t("accounts.replace_credentials")}
          </button>`}
      <button
        type="button"
        class="btn btn-quiet btn-danger-text"
        data-testid="remove-account-button"
        @click=${() => openDialog({ kind: "remove-account", accountId: a.id, label: a.label, busy: false, error: undefined })}
      >
        ${t("accounts.remove")}
      </button>
    </div>
    <div class="account-caps">${capabilityList(a)}</div>
  </li>`;
}

export function accountsView(): TemplateResult {
  const q = queries.accounts();
  const changes = queries.whatChanged().data ?? [];
  let body: TemplateResult;
  if (q.loading) body = loadingBlock();
  else if (q.error && !q.data) body = errorBlock(q.error, () => cache.invalidate((k) => k === "list_accounts"));
  else if ((q.data ?? []).length === 0) body = emptyBlock(t("accounts.empty.title"), t("accounts.empty.body"), "accounts-empty");
  else body = html`<ul class="accounts">${(q.data ?? []).map((a) => accountRow(a, changes.find((c) => c.account_id === a.id)))}</ul>`;
  return html`<section class="screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("accounts.title")}</h1>
      ${form.open
        ? nothing
        : html`<button type="button" class="btn btn-primary" data-testid="add-account-button" @click=${() => patch({ open: true })}>
            ${t("accounts.add")}
          </button>`}
    </header>
    ${form.open ? addForm() : nothing} ${body}
  </section>`;
}
