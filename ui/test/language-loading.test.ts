// Only English is in the page's script; another language shows once its catalog is loaded.
// A file of its own: the catalogs a module has loaded stay loaded for the rest of the file.

import { afterEach, describe, expect, it } from "vitest";
import { cs } from "../src/locales/cs";
import { en } from "../src/locales/en";
import { currentLanguage, loadLanguage, setLanguage, t } from "../src/i18n";

afterEach(() => setLanguage("en", ["en-GB"]));

describe("loading a language", () => {
  it("shows English until the catalog is in, then the language", async () => {
    setLanguage("cs", ["cs-CZ"]);
    expect(currentLanguage()).toBe("cs");
    expect(t("settings.title")).toBe(en["settings.title"]);

    await loadLanguage("cs");
    expect(t("settings.title")).toBe(cs["settings.title"]);
    expect(cs["settings.title"]).not.toBe(en["settings.title"]);
  });

  it("loads nothing for a code it does not know, and English stays", async () => {
    await expect(loadLanguage("xx")).resolves.toBeUndefined();
    setLanguage("xx", ["xx-YY"]);
    expect(currentLanguage()).toBe("en");
    expect(t("settings.title")).toBe(en["settings.title"]);
  });
});
