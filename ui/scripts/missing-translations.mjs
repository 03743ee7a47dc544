#!/usr/bin/env node
// Lists, per language, the keys of the English reference catalog (src/locales/en.ts) that a
// catalog lacks, the keys it has that English does not, and the plural forms Intl.PluralRules
// names for the language but the catalog leaves out. Reads the catalogs as text (no build, no
// dependencies): each line `"key": ...` inside the object is one key.
//
//   node scripts/missing-translations.mjs          # every catalog; exit 1 if anything is missing
//   node scripts/missing-translations.mjs cs pl    # only these
//   node scripts/missing-translations.mjs --json   # machine-readable
//   node scripts/missing-translations.mjs --dir=D  # catalogs in D instead of src/locales

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const defaultDir = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "locales");

/** The keys of a catalog file, in file order. */
export function catalogKeys(source) {
  return [...source.matchAll(/^\s*"([^"\n]+)"\s*:/gm)].map((m) => m[1]);
}

/** What `code`'s catalog lacks or has in excess, compared with English's keys. */
export function compare(enKeys, keys, code) {
  const have = new Set(keys);
  const en = new Set(enKeys);
  const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
  const families = enKeys.filter((k) => k.endsWith(".other")).map((k) => k.slice(0, -".other".length));
  const familyKeys = new Set(families.flatMap((b) => categories.map((c) => `${b}.${c}`)));
  const missing = enKeys.filter((k) => !have.has(k) && !(k.endsWith(".one") && !categories.includes("one")));
  for (const k of familyKeys) if (!have.has(k) && !en.has(k) && !missing.includes(k)) missing.push(k);
  const extra = keys.filter((k) => !en.has(k) && !familyKeys.has(k));
  return { missing, extra };
}

function main(argv) {
  const json = argv.includes("--json");
  const wanted = argv.filter((a) => !a.startsWith("--"));
  const localesDir = argv.find((a) => a.startsWith("--dir="))?.slice("--dir=".length) || defaultDir;
  const enKeys = catalogKeys(readFileSync(join(localesDir, "en.ts"), "utf8"));
  const codes = readdirSync(localesDir)
    .filter((f) => /^[a-z]{2,3}\.ts$/.test(f) && f !== "en.ts")
    .map((f) => f.slice(0, -3))
    .filter((c) => wanted.length === 0 || wanted.includes(c))
    .sort();
  const report = {};
  for (const code of codes) report[code] = compare(enKeys, catalogKeys(readFileSync(join(localesDir, `${code}.ts`), "utf8")), code);
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const [code, { missing, extra }] of Object.entries(report)) {
      console.log(`${code}: ${missing.length} missing, ${extra.length} not in en.ts`);
      for (const k of missing) console.log(`  missing  ${k}`);
      for (const k of extra) console.log(`  extra    ${k}`);
    }
  }
  return Object.values(report).some((r) => r.missing.length > 0 || r.extra.length > 0) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
