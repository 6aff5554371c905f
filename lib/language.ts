// The language lib prints in: chart titles and axes, table headers, verdict sentences, progress
// labels, numbers. One setting per kernel, made by the notebook's first cell, so the English and
// German editions run the same code and differ only in that one line. Error messages stay English:
// they are read next to stack traces and searched for on the web.

/** The languages the course is written in: English (`notebooks/`) and German (`notebooks/de/`). */
export type CourseLanguage = "en" | "de";

/**
 * Words a notebook prints, in every language of the course, so that one cell serves both editions.
 *
 * @example
 * const title: Bilingual = { en: "Throughput", de: "Durchsatz" };
 */
export type Bilingual = Readonly<Record<CourseLanguage, string>>;

/**
 * A title, label or unit as lib's tables and figures take it: the same text in every language
 * (a name such as `"countPrimes"`), or one text per language.
 *
 * @example
 * table(records, [{ key: "tasksPerSecond", title: { en: "throughput", de: "Durchsatz" }, unit: "tasks/s" }]);
 */
export type CourseText = string | Bilingual;

const languages: readonly CourseLanguage[] = ["en", "de"];
let current: CourseLanguage = "en";

/**
 * Sets the language of everything lib prints from now on in this kernel: `"en"` (the default) or
 * `"de"`, the German edition's setting. Numbers follow it too (1.5 in English, 1,5 in German).
 *
 * Python: like `locale.setlocale` together with a `gettext` catalogue, for one program.
 *
 * @example
 * setCourseLanguage("de");
 * table([{ workers: 2, tasksPerSecond: 1500.5 }]); // German headers, "1.501" for the number
 */
export function setCourseLanguage(language: CourseLanguage): void {
  if (!languages.includes(language)) {
    throw new RangeError(
      `setCourseLanguage: unknown language ${JSON.stringify(language)}; the course is written in ${languages.map((each) => `"${each}"`).join(" and ")}.`,
    );
  }
  current = language;
}

/**
 * The language lib prints in now (see {@link setCourseLanguage}).
 *
 * Python: `locale.getlocale()`.
 *
 * @example
 * if (courseLanguage() === "de") console.log("Deutsche Ausgabe");
 */
export function courseLanguage(): CourseLanguage {
  return current;
}

/**
 * The text in the language the notebook set: how a cell prints a sentence of its own in both
 * editions with one line of code.
 *
 * Python: `gettext.gettext("…")`, with both translations written in place.
 *
 * @example
 * console.log(localized({ en: `${cores} cores`, de: `${cores} Kerne` }));
 */
export function localized(text: CourseText): string {
  return typeof text === "string" ? text : text[current];
}

/** The entry of `words` for the current language: how lib's modules pick what they print. */
export function inCourseLanguage<Words>(words: Readonly<Record<CourseLanguage, Words>>): Words {
  return words[current];
}

/** Intl's name for the current language, for number formats. */
export function courseLocale(): string {
  return current === "de" ? "de-DE" : "en-US";
}

/**
 * `value` with exactly `digits` decimals in the current language's notation ("1.50" / "1,50"):
 * `toFixed` for the sentences a notebook prints.
 *
 * Python: `f"{value:.{digits}f}"` (with `locale.format_string` for the German comma).
 *
 * @example
 * console.log(localized({ en: `${fixed(speedup, 2)}× faster`, de: `${fixed(speedup, 2)}× schneller` }));
 */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return current === "de" ? text.replace(".", ",") : text;
}
