// Keyboard shortcuts: one keymap (shown in the command palette and the help dialog) and a matcher
// that turns key presses into actions. Plain letters never fire while the focus is in a text field,
// so typing a name never navigates; chords with Ctrl (or ⌘) and function keys work everywhere.

export type ActionId =
  | "palette"
  | "search"
  | "help"
  | "new-booking"
  | "sync"
  | "export"
  | "go-reservations"
  | "go-timeline"
  | "go-today"
  | "go-guests"
  | "go-accounts"
  | "go-activity"
  | "go-settings"
  | "theme"
  | "language";

/** Each binding is a sequence of chords separated by spaces ("G R"); alternatives in a list. */
export const KEYMAP: Readonly<Partial<Record<ActionId, readonly string[]>>> = {
  palette: ["Ctrl+K"],
  search: ["/"],
  help: ["?"],
  "new-booking": ["N"],
  sync: ["Ctrl+R", "F5"],
  export: ["Ctrl+E"],
  "go-reservations": ["G R"],
  "go-timeline": ["G T"],
  "go-today": ["G D"],
  "go-guests": ["G G"],
  "go-accounts": ["G A"],
  "go-activity": ["G L"],
  "go-settings": ["G S"],
};

/** How long the second key of a sequence ("G", then "R") may take. */
export const SEQUENCE_MS = 1500;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The chord of a key press as the keymap spells it ("Ctrl+K", "G", "?", "F5"); null for a lone
 * modifier. ⌘ counts as Ctrl, so macOS gets ⌘K. Shift shows only on letters ("?" is Shift+/). */
export function chordOf(e: KeyLike): string | null {
  if (["Control", "Meta", "Alt", "Shift", "AltGraph", "CapsLock"].includes(e.key)) return null;
  const letter = /^[a-z]$/i.test(e.key);
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const mods = [e.ctrlKey || e.metaKey ? "Ctrl" : "", e.altKey ? "Alt" : "", e.shiftKey && letter ? "Shift" : ""];
  return [...mods.filter(Boolean), key === " " ? "Space" : key].join("+");
}

/** A chord that may fire while typing: it has Ctrl/⌘ or Alt, or is a function key. */
function worksWhileTyping(chord: string): boolean {
  return /^(Ctrl|Alt)\+/.test(chord) || /^F\d{1,2}$/.test(chord);
}

/** Is the focus somewhere that takes text (so plain letters are typing, not shortcuts)? */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!el || typeof (el as Element).closest !== "function") return false;
  const e = el as HTMLElement;
  if (e.isContentEditable) return true;
  const tag = e.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = ((e as HTMLInputElement).type || "text").toLowerCase();
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"].includes(type);
}

export type MatchResult = { action: ActionId } | { pending: true } | null;

/** Feeds chords one by one and says when a binding of the keymap is complete. */
export class ShortcutMatcher {
  private pending: string | null = null;
  private pendingAt = 0;

  constructor(
    private readonly keymap: Readonly<Partial<Record<ActionId, readonly string[]>>> = KEYMAP,
    private readonly sequenceMs = SEQUENCE_MS,
  ) {}

  feed(chord: string, typing: boolean, now: number = Date.now()): MatchResult {
    if (typing && !worksWhileTyping(chord)) {
      this.pending = null;
      return null;
    }
    const prefix = this.pending && now - this.pendingAt <= this.sequenceMs ? `${this.pending} ` : "";
    this.pending = null;
    const seq = prefix + chord;
    let startsSequence = false;
    for (const [action, bindings] of Object.entries(this.keymap) as [ActionId, readonly string[]][]) {
      for (const b of bindings) {
        if (b === seq) return { action };
        if (b.startsWith(`${seq} `)) startsSequence = true;
      }
    }
    // A wrong second key starts over: it may itself begin a sequence or be a shortcut.
    if (!startsSequence && prefix) return this.feed(chord, typing, now);
    if (startsSequence) {
      this.pending = seq;
      this.pendingAt = now;
      return { pending: true };
    }
    return null;
  }

  reset(): void {
    this.pending = null;
  }
}

/** The keys of an action for display ("G then R", "Ctrl+R or F5" as separate keycaps). */
export function shortcutKeys(action: ActionId): readonly string[][] {
  return (KEYMAP[action] ?? []).map((b) => b.split(" "));
}

export interface ShortcutHost {
  run: (action: ActionId) => void;
  /** A modal dialog owns the keyboard: no shortcut fires. */
  dialogOpen: () => boolean;
  /** The palette or help is open: only Ctrl+K (which closes it) passes. */
  overlayOpen: () => boolean;
  closeOverlay: () => void;
}

/** Listens for shortcuts on `target` (the document); returns the function that stops it. */
export function installShortcuts(host: ShortcutHost, target: Pick<Document, "addEventListener" | "removeEventListener"> = document): () => void {
  const matcher = new ShortcutMatcher();
  const onKey = (ev: Event) => {
    const e = ev as KeyboardEvent;
    if (e.defaultPrevented || e.isComposing) return;
    const chord = chordOf(e);
    if (!chord || host.dialogOpen()) return;
    if (host.overlayOpen()) {
      if (chord === "Ctrl+K") {
        e.preventDefault();
        host.closeOverlay();
      }
      return;
    }
    const m = matcher.feed(chord, isTypingTarget(e.target));
    if (!m) return;
    e.preventDefault();
    if ("action" in m) host.run(m.action);
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}
