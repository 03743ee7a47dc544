// Text folding for matching what a person types, as the shell folds it (crates/core text.rs).

/** Lower case without diacritics ("Łódź" → "lodz"), as the shell folds guest names. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ł/g, "l")
    .replace(/đ|ð/g, "d")
    .replace(/þ/g, "th")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");
}
