// mock.html's entry: installs a fake Tauri backend (src/mock/backend.ts) with mockIPC, then starts
// the real UI. Query parameters choose what to show:
//   ?view=reservations|reservation|booking|guests|guest|accounts|activity|settings  (&id=N)
//   ?state=STATE  with view=reservation and no id: a reservation in that state (e.g. confirmed)
//   ?offline      add an account that is offline      ?authfailed  add one whose tokens were refused
//   ?nokeyring    the system keyring is unavailable   ?empty       no reservations
//   ?slow         answers take 1.5 s (loading states) ?latency=MS  answers take MS
//   ?fail=cmd:kind[,cmd:kind]   a command fails with that error kind
//   ?prefill      fill the booking form               ?click=testid[,testid]  click after load
//   ?search=TEXT  start the reservations list with this search
//   ?provider=P   with view=reservation and no id: a reservation of that provider's demo account
//   ?providers=mews,timekit   only these providers' demo accounts (default: all five)
//   ?openwrite    a booking whose answer was lost (open-writes banner)
//   ?exportfolder=DIR  the save dialog answers DIR/<name> (`cancel`: it is cancelled; a DIR with
//                 `readonly` refuses the write)
// Built only by `npm run build:mock` into dist-mock, never into the app's dist.

import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { ProviderKind } from "./bindings/ProviderKind";
import type { ReservationState } from "./bindings/ReservationState";
import { MockBackend } from "./mock/backend";

const params = new URLSearchParams(location.search);
const fail: Record<string, ErrorKind> = {};
for (const pair of (params.get("fail") ?? "").split(",").filter(Boolean)) {
  const [cmd, kind] = pair.split(":");
  if (cmd && kind) fail[cmd] = kind as ErrorKind;
}

mockWindows("main");
const backend = new MockBackend((event, payload) => void emit(event, payload), {
  offline: params.has("offline"),
  authFailed: params.has("authfailed"),
  noKeyring: params.has("nokeyring"),
  empty: params.has("empty"),
  latencyMs: params.has("slow") ? 1500 : Number(params.get("latency") ?? 60),
  syncStepMs: Number(params.get("syncstep") ?? 300),
  fail,
  openWrite: params.has("openwrite"),
  ...(params.has("exportfolder")
    ? { exportFolder: params.get("exportfolder") === "cancel" ? null : params.get("exportfolder") }
    : {}),
  ...(params.get("providers") ? { providers: params.get("providers")!.split(",") as ProviderKind[] } : {}),
});
mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
(window as unknown as { innkeepMock: MockBackend }).innkeepMock = backend;

const id = params.get("id");
const view = params.get("view");
const sample =
  id ??
  backend.sampleReservationId(
    (params.get("state") as ReservationState | null) ?? undefined,
    (params.get("provider") as ProviderKind | null) ?? "mews",
  ) ??
  1;
const hashes: Record<string, string> = {
  reservations: "#/reservations",
  reservation: `#/reservations/${sample}`,
  detail: `#/reservations/${sample}`,
  booking: "#/new-booking",
  guests: "#/guests",
  guest: `#/guests/${id ?? 1}`,
  accounts: "#/accounts",
  activity: "#/activity",
  settings: "#/settings",
};
if (view && hashes[view]) history.replaceState(null, "", hashes[view]);

if (params.has("prefill")) {
  const { booking } = await import("./views/booking");
  const stay = backend.sampleStay();
  booking.form = {
    ...booking.form,
    accountId: "1",
    categoryId: "2",
    arrival: stay.arrival,
    departure: stay.departure,
    adults: "2",
    children: "0",
    guestMode: "new",
    firstName: "Marie",
    lastName: "Dubois",
    email: "marie.dubois@example.fr",
    notes: "Arriving by car around 18:00.",
  };
}

const search = params.get("search");
if (search) {
  const { filters } = await import("./views/reservations");
  filters.searchInput = filters.search = search;
}

await import("./main");

const clicks = (params.get("click") ?? "").split(",").filter(Boolean);
let delay = 700;
for (const testid of clicks) {
  setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)?.click(), delay);
  delay += 500;
}
