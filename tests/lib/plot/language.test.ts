// What lib/plot prints follows setCourseLanguage: the German edition gets German words and German
// number notation from the same code; English stays as it was.
import { afterEach, describe, expect, test } from "vitest";
import { localized, setCourseLanguage } from "../../../lib/language";
import { figure, formatSerialFraction, plotSpeedupVsWorkers, plotThroughputVsWorkers, table } from "../../../lib/plot";
import { formatNumber } from "../../../lib/plot/format";

afterEach(() => setCourseLanguage("en"));

const records = [
  { kind: "threads", workers: 1, tasksPerSecond: 1000.4, spread: 0 },
  { kind: "threads", workers: 2, tasksPerSecond: 1990.6, spread: 0 },
];

describe("setCourseLanguage", () => {
  test("refuses a language the course is not written in, naming the ones it is", () => {
    expect(() => setCourseLanguage("fr" as "en")).toThrow('setCourseLanguage: unknown language "fr"; the course is written in "en" and "de".');
  });

  test("localized picks the text of the language set, and passes plain text through", () => {
    const text = { en: "three cores", de: "drei Kerne" };
    expect(localized(text)).toBe("three cores");
    setCourseLanguage("de");
    expect(localized(text)).toBe("drei Kerne");
    expect(localized("countPrimes")).toBe("countPrimes");
  });
});

describe("German numbers", () => {
  test("decimal comma and thousands dot, the same four significant digits as in English", () => {
    const values = [1234567.8, 3.14159, 0.012345, 0.00001234, -2500];
    expect(values.map(formatNumber)).toEqual(["1,234,568", "3.142", "0.01235", "1.23e-5", "-2,500"]);
    setCourseLanguage("de");
    expect(values.map(formatNumber)).toEqual(["1.234.568", "3,142", "0,01235", "1,23e-5", "-2.500"]);
    expect(formatSerialFraction({ serialFraction: 0.1234 })).toBe("12,3 %");
    expect(formatSerialFraction({ serialFraction: 1, atBound: "upper" })).toMatch(/^100 % – obere Grenze/);
  });
});

describe("tables in German", () => {
  test("lib's own record keys get German headers, bilingual titles and units pick German, and cells use German numbers", () => {
    setCourseLanguage("de");
    const shown = table(records, [
      "kind",
      "workers",
      { key: "tasksPerSecond", title: { en: "throughput", de: "Durchsatz" }, unit: { en: "tasks/s", de: "Aufgaben/s" } },
    ]);
    expect(shown.toHtml()).toContain(
      '<th style="text-align:left">Art</th><th style="text-align:right">Worker</th><th style="text-align:right">Durchsatz (Aufgaben/s)</th>',
    );
    expect(shown.toText()).toContain("1.991");
    // The rows under the vendor MIME type keep their keys: code reads them in either edition.
    expect(shown.toRecords()[0]).toEqual({ kind: "threads", workers: 1, tasksPerSecond: 1000.4 });
  });

  test("English headers stay the keys or the English titles", () => {
    const html = table(records, ["kind", { key: "tasksPerSecond", title: { en: "throughput", de: "Durchsatz" }, unit: "tasks/s" }]).toHtml();
    expect(html).toContain(">kind</th>");
    expect(html).toContain(">throughput (tasks/s)</th>");
  });

  test("a long German table says how many rows it left out, in German", () => {
    setCourseLanguage("de");
    const long = Array.from({ length: 1030 }, (_, index) => ({ index }));
    expect(table(long).toText()).toContain("… 1.012 weitere Zeilen …");
  });
});

describe("figures in German", () => {
  test("the chart functions' own titles, axes and legend entries are German, and plotly writes German numbers", () => {
    setCourseLanguage("de");
    const throughput = plotThroughputVsWorkers(records).toJSON();
    expect(throughput.layout.title.text).toBe("Durchsatz nach Anzahl der Worker");
    expect(throughput.layout.yaxis.title.text).toBe("Durchsatz (Aufgaben/s)");
    expect(throughput.data.map((trace) => trace.name)).toEqual(["threads", "threads: perfekte Skalierung"]);
    expect(throughput.layout.separators).toBe(",.");
    const speedup = plotSpeedupVsWorkers(records, { amdahl: { serialFraction: 0.05, kind: "threads" } }).toJSON();
    expect(speedup.layout.yaxis.title.text).toBe("Beschleunigung (× 1 Worker)");
    expect(speedup.data.at(-1)?.name).toBe("Amdahl-Anpassung (serieller Anteil 5,0 %)");
  });

  test("figure() takes bilingual titles and trace names; English figures keep plotly's English separators", () => {
    const spec = () =>
      figure([{ name: { en: "measured", de: "gemessen" }, x: [1], y: [2] }], {
        title: { en: "Title", de: "Titel" },
        xaxis: { title: "x" },
        yaxis: { title: { en: "Time (ms)", de: "Zeit (ms)" } },
      }).toJSON();
    expect([spec().layout.title.text, spec().data[0].name, spec().layout.yaxis.title.text, spec().layout.separators]).toEqual([
      "Title",
      "measured",
      "Time (ms)",
      ".,",
    ]);
    setCourseLanguage("de");
    expect([spec().layout.title.text, spec().data[0].name, spec().layout.yaxis.title.text, spec().layout.separators]).toEqual([
      "Titel",
      "gemessen",
      "Zeit (ms)",
      ",.",
    ]);
  });
});

describe("bilingual cells", () => {
  test("a cell written as { en, de } shows the language set, in the HTML, the text and the rows tests read", () => {
    const rows = [{ property: { en: "memory", de: "Speicher" }, value: 3, measured: true }];
    expect(table(rows).toRecords()).toEqual([{ property: "memory", value: 3, measured: true }]);
    expect(table(rows).toHtml()).toContain(">true</td>");
    setCourseLanguage("de");
    const shown = table(rows);
    expect(shown.toRecords()).toEqual([{ property: "Speicher", value: 3, measured: true }]);
    expect(shown.toHtml()).toContain(">Speicher</td>");
    expect(shown.toHtml()).toContain(">ja</td>");
    expect(shown.toText()).toContain("Speicher");
  });
});
