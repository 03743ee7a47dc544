// Small pieces shared by the screens.

import { html, nothing, type TemplateResult } from "lit";
import type { AccountStatus } from "../bindings/AccountStatus";
import type { AppError } from "../bindings/AppError";
import type { Capability } from "../bindings/Capability";
import type { ReservationState } from "../bindings/ReservationState";
import { describeError } from "../errors";
import { t, type MessageKey } from "../i18n";

export function stateLabel(state: ReservationState): string {
  return t(`state.${state}` as MessageKey);
}

export function statePill(state: ReservationState, testid?: string): TemplateResult {
  return html`<span class="pill state-${state}" data-testid=${testid ?? nothing} data-state=${state}
    >${stateLabel(state)}</span
  >`;
}

export function accountStatusPill(status: AccountStatus): TemplateResult {
  return html`<span class="pill status-${status}">${t(`account.status.${status}` as MessageKey)}</span>`;
}

/** The "Demo" label shown next to every demo account (the header's "Demo mode" badge is separate). */
export function demoTag(): TemplateResult {
  return html`<span class="tag tag-demo" title=${t("demo.tag_title")}>${t("demo.tag")}</span>`;
}

export function loadingBlock(label = t("common.loading")): TemplateResult {
  return html`<div class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${label}</div>`;
}

export function emptyBlock(title: string, body?: string, testid?: string, action?: TemplateResult): TemplateResult {
  return html`<div class="empty" data-testid=${testid ?? nothing}>
    <p class="empty-title">${title}</p>
    ${body ? html`<p class="muted">${body}</p>` : nothing} ${action ?? nothing}
  </div>`;
}

/** An error shown in place, in a manager's words, with what can be done. */
export function errorBlock(err: AppError, retry?: () => void): TemplateResult {
  const d = describeError(err);
  return html`<div class="error-block" role="alert" data-testid="error-message" data-kind=${err.kind}>
    <p class="error-title">${d.title}</p>
    ${d.message ? html`<p>${d.message}</p>` : nothing}
    <p class="muted">${d.hint}</p>
    ${retry ? html`<button type="button" class="btn" @click=${retry}>${t("common.try_again")}</button>` : nothing}
  </div>`;
}

export function fieldError(
  field: string,
  message: string | undefined,
  testid = "field-error",
): TemplateResult | typeof nothing {
  if (!message) return nothing;
  return html`<p class="field-error" id=${`err-${field}`} data-testid=${testid} data-field=${field} role="alert">
    ${message}
  </p>`;
}

/**
 * A button for an action a provider may not support: disabled with the reason underneath when
 * `capability.supported` is false or when `blocked` gives another reason. While the action runs
 * (`working`: the label to show) it is disabled and busy; `paused` disables it without a reason
 * (another action is running).
 */
export function capabilityButton(opts: {
  label: string;
  capability: Capability;
  blocked?: string | undefined;
  testid?: string;
  /** Test hook of the reason shown under the disabled button. */
  whyTestid?: string;
  danger?: boolean;
  primary?: boolean;
  working?: string | undefined;
  paused?: boolean;
  onClick?: () => void;
}): TemplateResult {
  const reason = !opts.capability.supported
    ? (opts.capability.reason ?? t("capability.unsupported"))
    : opts.blocked;
  const id = `why-${opts.testid ?? opts.label.replace(/\W+/g, "-")}`;
  const working = opts.working !== undefined;
  const kind = opts.danger ? " btn-danger" : opts.primary && reason === undefined ? " btn-primary" : "";
  return html`<div class="action">
    <button
      type="button"
      class=${`btn${kind}`}
      data-testid=${opts.testid ?? nothing}
      ?disabled=${reason !== undefined || working || !!opts.paused}
      aria-busy=${working ? "true" : nothing}
      aria-describedby=${reason !== undefined ? id : nothing}
      @click=${opts.onClick}
    >
      ${working ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>${opts.working}` : opts.label}
    </button>
    ${reason !== undefined
      ? html`<p class="action-why muted" id=${id} data-testid=${opts.whyTestid ?? nothing}>${reason}</p>`
      : nothing}
  </div>`;
}
