import { beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../src/i18n";
import {
  applyServerError,
  edited,
  emptyForm,
  emptyStatus,
  firstErrorField,
  quoteDraft,
  toDraft,
  validateForm,
  visibleErrors,
  withAccount,
  withCategory,
  withExtraGuest,
  withExtraRoom,
  withoutExtraRoom,
  type BookingForm,
} from "../src/views/booking-form";

beforeEach(() => setLanguage("en", ["en-GB"]));

const filled = (patch: Partial<BookingForm> = {}): BookingForm => ({
  ...emptyForm(),
  accountId: "1",
  categoryId: "2",
  arrival: "2026-12-24",
  departure: "2026-12-27",
  adults: "2",
  children: "1",
  guestMode: "new",
  firstName: " Jón ",
  lastName: " Jónsson ",
  email: "",
  phone: "",
  notes: "",
  ...patch,
});

describe("validateForm", () => {
  it("accepts a complete form", () => {
    expect(validateForm(filled())).toEqual({});
  });

  it("names every missing input of an empty form, in the shell's words", () => {
    const e = validateForm(emptyForm());
    expect(e.account_id).toBe("Choose the account to book in.");
    expect(e.category_id).toBe("Choose a room category.");
    expect(e.arrival).toBe("Enter the arrival date.");
    expect(e.departure).toBe("Enter the departure date.");
    expect(e.guest).toMatch(/Choose a guest/);
    expect(firstErrorField(e)).toBe("account_id");
  });

  it("checks dates like crates/core validate.rs", () => {
    expect(validateForm(filled({ arrival: "24.12.2026" })).arrival).toBe(
      "“24.12.2026” is not a valid arrival date; use the form YYYY-MM-DD, e.g. 2026-12-24.",
    );
    expect(validateForm(filled({ departure: "2026-12-24" })).departure).toBe(
      "Departure must be at least one night after arrival.",
    );
    expect(validateForm(filled({ departure: "2027-12-25" })).departure).toMatch(/at most 365 nights/);
    expect(validateForm(filled({ departure: "2027-12-24" })).departure).toBeUndefined();
  });

  it("checks people and the new guest", () => {
    expect(validateForm(filled({ adults: "0" })).adults).toBe("A booking needs at least one adult.");
    expect(validateForm(filled({ adults: "two" })).adults).toBe("A booking needs at least one adult.");
    expect(validateForm(filled({ adults: "15", children: "6" })).adults).toBe("At most 20 people fit one booking.");
    expect(validateForm(filled({ children: "-1" })).children).toBeDefined();
    expect(validateForm(filled({ lastName: "  " })).last_name).toBe("Enter the guest's last name.");
    expect(validateForm(filled({ email: "jon@" })).email).toBe("“jon@” is not an e-mail address.");
    expect(validateForm(filled({ email: "jon@example.is" })).email).toBeUndefined();
  });
});

describe("drafts", () => {
  it("builds a create_booking draft with a new guest, trimmed, without empty optionals", () => {
    expect(toDraft(filled({ notes: "  late arrival " }))).toEqual({
      account_id: 1,
      category_id: 2,
      arrival: "2026-12-24",
      departure: "2026-12-27",
      adults: 2,
      children: 1,
      guest: { new: { first_name: "Jón", last_name: "Jónsson" } },
      notes: "late arrival",
    });
  });

  it("builds a draft for an existing guest and a chosen room", () => {
    const d = toDraft(filled({ guestMode: "existing", guestId: 7, roomId: "12" }));
    expect(d?.guest).toEqual({ existing: 7 });
    expect(d?.room_id).toBe(12);
  });

  it("gives no draft while the form has errors", () => {
    expect(toDraft(filled({ departure: "" }))).toBeNull();
  });

  it("asks for a price without guest or notes, so typing them does not ask again", () => {
    const a = quoteDraft(filled({ lastName: "", notes: "x" }));
    const b = quoteDraft(filled({ lastName: "Other", notes: "y" }));
    expect(a).not.toBeNull();
    expect(a).toEqual(b);
    expect(a).not.toHaveProperty("notes");
    expect(quoteDraft(filled({ categoryId: "" }))).toBeNull();
    expect(quoteDraft(filled({ arrival: "2026-12-2" }))).toBeNull();
  });
});

describe("errors beside inputs", () => {
  it("shows client errors only for touched inputs until the first submit", () => {
    const form = filled({ arrival: "bad", lastName: "" });
    const s = emptyStatus();
    expect(visibleErrors(form, s)).toEqual({});
    s.touched.add("arrival");
    expect(Object.keys(visibleErrors(form, s))).toEqual(["arrival"]);
    expect(Object.keys(visibleErrors(form, { ...s, submitted: true }))).toEqual(["arrival", "last_name"]);
  });

  it("puts a shell error beside the input it names, and keeps every typed value", () => {
    const form = filled({ notes: "Anniversary" });
    const before = JSON.stringify(form);
    let s = applyServerError({ ...emptyStatus(), submitting: true }, {
      kind: "validation",
      message: "Mews wants a phone number.",
      field: "phone",
    });
    expect(s.submitting).toBe(false);
    expect(visibleErrors(form, s).phone).toBe("Mews wants a phone number.");
    expect(JSON.stringify(form)).toBe(before);
    s = edited(s, "phone");
    expect(visibleErrors(form, s).phone).toBeUndefined();
  });

  it("maps the shell's other names for inputs, and keeps unnamed errors for the form", () => {
    expect(applyServerError(emptyStatus(), { kind: "validation", message: "m", field: "category" }).serverErrors).toEqual({
      category_id: "m",
    });
    const s = applyServerError(emptyStatus(), { kind: "offline", message: "No connection." });
    expect(s.formError).toEqual({ kind: "offline", message: "No connection." });
    expect(s.serverErrors).toEqual({});
    const unknownField = applyServerError(emptyStatus(), { kind: "validation", message: "m", field: "voucher" });
    expect(unknownField.formError?.message).toBe("m");
  });
});

describe("dependent inputs", () => {
  it("clears category, room and chosen guest when the account changes", () => {
    const f = withAccount(filled({ roomId: "5", guestId: 3, guestLabel: "Ana" }), "2");
    expect(f).toMatchObject({ accountId: "2", categoryId: "", roomId: "", guestId: null, guestLabel: "" });
    expect(f.arrival).toBe("2026-12-24");
    expect(withAccount(f, "2")).toBe(f);
  });

  it("clears the room when the category changes", () => {
    expect(withCategory(filled({ roomId: "5" }), "3")).toMatchObject({ categoryId: "3", roomId: "" });
  });
});

describe("group bookings", () => {
  it("send the added rooms and guests as additional_room_ids / additional_guests", () => {
    let f = withExtraGuest(withExtraRoom(withExtraRoom(filled({ roomId: "7" }))));
    f = { ...f, extraRooms: ["8", "9"], extraGuests: [{ firstName: " Anna ", lastName: " Jónsdóttir " }] };
    expect(validateForm(f)).toEqual({});
    expect(toDraft(f)).toMatchObject({
      room_id: 7,
      additional_room_ids: [8, 9],
      additional_guests: [{ first_name: "Anna", last_name: "Jónsdóttir" }],
    });
    // The rooms change the price; the guests do not.
    expect(quoteDraft(f)).toMatchObject({ additional_room_ids: [8, 9] });
    expect(quoteDraft(f)?.additional_guests).toBeUndefined();
    expect(toDraft(withoutExtraRoom(f, 0))?.additional_room_ids).toEqual([9]);
  });

  it("leave both out of a booking of one room and one guest", () => {
    const d = toDraft(filled())!;
    expect("additional_room_ids" in d).toBe(false);
    expect("additional_guests" in d).toBe(false);
  });

  it("name what is missing at their fields: an unchosen or repeated room, a guest without last name", () => {
    expect(validateForm(withExtraRoom(filled()))).toEqual({ additional_room_ids: "Choose a room for each added room, or remove it." });
    expect(validateForm({ ...filled({ roomId: "7" }), extraRooms: ["7"] })).toEqual({
      additional_room_ids: "Each room can be in a booking only once.",
    });
    expect(validateForm({ ...filled(), extraGuests: [{ firstName: "A", lastName: "B" }, { firstName: "Eva", lastName: " " }] })).toEqual({
      additional_guests: "Guest 3: Enter the guest's last name.",
    });
    expect(toDraft(withExtraGuest(filled()))).toBeNull();
  });

  it("put the shell's group errors beside those inputs, and drop the extras with the account or category", () => {
    const s = applyServerError(emptyStatus(), {
      kind: "forbidden",
      message: "Reservanto books one resource per booking.",
      field: "additional_room_ids",
    });
    expect(s.serverErrors).toEqual({ additional_room_ids: "Reservanto books one resource per booking." });
    expect(firstErrorField(s.serverErrors)).toBe("additional_room_ids");
    const f = { ...filled(), extraRooms: ["8"], extraGuests: [{ firstName: "", lastName: "X" }] };
    expect(withCategory(f, "3").extraRooms).toEqual([]);
    expect(withCategory(f, "3").extraGuests).toHaveLength(1);
    expect(withAccount(f, "4")).toMatchObject({ extraRooms: [], extraGuests: [] });
  });
});
