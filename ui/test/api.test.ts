import { afterEach, describe, expect, it } from "vitest";
import { invoke } from "@tauri-apps/api/core";
import { api, setTransport } from "../src/api";

afterEach(() => setTransport((cmd, args) => invoke(cmd, args)));

function recorder(answer: unknown = null) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  setTransport(async (cmd, args) => {
    calls.push([cmd, args]);
    return answer;
  });
  return calls;
}

describe("api", () => {
  it("sends each command with the argument names of docs/ipc.md", async () => {
    const calls = recorder();
    await api.appStatus();
    await api.removeAccount(3);
    await api.syncNow();
    await api.syncNow(4);
    await api.listRooms(5);
    await api.getReservation(6);
    await api.listActivity(undefined, 50);
    await api.changeReservationState(7, "check_in");
    await api.getGuest(8);
    expect(calls).toEqual([
      ["app_status", undefined],
      ["remove_account", { accountId: 3 }],
      ["sync_now", {}],
      ["sync_now", { accountId: 4 }],
      ["list_rooms", { accountId: 5 }],
      ["get_reservation", { id: 6 }],
      ["list_activity", { limit: 50 }],
      ["change_reservation_state", { id: 7, action: "check_in" }],
      ["get_guest", { id: 8 }],
    ]);
  });

  it("sends no blank optional text", async () => {
    const calls = recorder();
    await api.cancelReservation(9, "   ");
    await api.cancelReservation(9, "  Guest called  ");
    await api.listGuests("");
    await api.listGuests(" Nov ");
    expect(calls).toEqual([
      ["cancel_reservation", { id: 9 }],
      ["cancel_reservation", { id: 9, reason: "Guest called" }],
      ["list_guests", {}],
      ["list_guests", { search: "Nov" }],
    ]);
  });

  it("rejects with a normalized AppError", async () => {
    setTransport(async () => {
      throw { kind: "offline", message: "No connection to Mews.", retry_after_secs: null };
    });
    await expect(api.listAccounts()).rejects.toEqual({ kind: "offline", message: "No connection to Mews." });
    setTransport(async () => {
      throw "invalid args `query` for command `list_reservations`";
    });
    await expect(api.listReservations({ states: [], sort: "arrival", descending: false })).rejects.toMatchObject({
      kind: "internal",
      message: expect.stringContaining("invalid args"),
    });
  });
});
