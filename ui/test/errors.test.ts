import { describe, expect, it } from "vitest";
import { describeError, toAppError } from "../src/errors";
import { setLanguage } from "../src/i18n";

setLanguage("en", ["en-GB"]);

describe("toAppError", () => {
  it("keeps a well-formed AppError, dropping what it does not know", () => {
    const e = toAppError({ kind: "validation", message: "Departure must be after arrival.", field: "departure", extra: 1 });
    expect(e).toEqual({ kind: "validation", message: "Departure must be after arrival.", field: "departure" });
  });

  it("reads retry_after_secs as a number whatever the wire gave", () => {
    expect(toAppError({ kind: "rate_limited", message: "slow", retry_after_secs: 7 }).retry_after_secs).toBe(7);
    expect(toAppError({ kind: "rate_limited", message: "slow", retry_after_secs: 7n }).retry_after_secs).toBe(7);
    expect(toAppError({ kind: "rate_limited", message: "slow", retry_after_secs: "x" }).retry_after_secs).toBeUndefined();
    expect(toAppError({ kind: "rate_limited", message: "slow", retry_after_secs: null })).not.toHaveProperty("retry_after_secs");
  });

  it("turns Tauri's bare strings and thrown Errors into internal errors", () => {
    expect(toAppError("command list_x not found")).toEqual({ kind: "internal", message: "command list_x not found" });
    expect(toAppError(new TypeError("boom"))).toEqual({ kind: "internal", message: "boom" });
    expect(toAppError({ message: "odd" })).toEqual({ kind: "internal", message: "odd" });
    expect(toAppError(undefined)).toEqual({ kind: "internal", message: "Something went wrong." });
    expect(toAppError("")).toEqual({ kind: "internal", message: "Something went wrong." });
  });

  it("names the argument Tauri could not read as a validation error on that field", () => {
    const tauri = "invalid args `accountId` for command `remove_account`: invalid type: string \"x\", expected i64";
    expect(toAppError(tauri)).toEqual({
      kind: "validation",
      field: "account_id",
      message: 'account_id: invalid type: string "x", expected i64',
    });
  });

  it("does not trust an unknown kind", () => {
    expect(toAppError({ kind: "meteor", message: "hit" })).toEqual({ kind: "internal", message: "hit" });
  });

  it("drops an empty field name", () => {
    expect(toAppError({ kind: "validation", message: "m", field: "" })).toEqual({ kind: "validation", message: "m" });
  });
});

describe("describeError", () => {
  it("gives a title, the shell's message and what to do, per kind", () => {
    const d = describeError({ kind: "offline", message: "Mews could not be reached." });
    expect(d.title).toBe("No connection");
    expect(d.message).toBe("Mews could not be reached.");
    expect(d.hint).toMatch(/internet connection/);
    expect(describeError({ kind: "auth", message: "" }).hint).toMatch(/under Replace credentials in Accounts/);
    expect(describeError({ kind: "conflict", message: "" }).title).toBe("Changed meanwhile");
  });

  it("says when to retry after a rate limit", () => {
    expect(describeError({ kind: "rate_limited", message: "", retry_after_secs: 30 }).hint).toMatch(/Try again in 30 seconds\./);
    expect(describeError({ kind: "rate_limited", message: "" }).hint).toMatch(/Wait a minute/);
  });

  it("has words for every kind", () => {
    for (const kind of ["auth", "forbidden", "not_found", "conflict", "validation", "rate_limited", "unavailable", "malformed", "offline", "keyring", "internal"] as const) {
      const d = describeError({ kind, message: "x" });
      expect(d.title, kind).not.toMatch(/^error\./);
      expect(d.hint, kind).not.toMatch(/^error\./);
    }
  });
});
