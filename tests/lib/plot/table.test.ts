import { describe, expect, test } from "vitest";
import { PlotInputError, Table, table, tableMimeType, type ThroughputPoint } from "../../../lib/plot";
import { formatNumber } from "../../../lib/plot/format";
import { bundleOf, htmlOf, textOf } from "../../support/mime-bundles";

const records: ThroughputPoint[] = [
  { kind: "threads", workers: 1, tasksPerSecond: 1234.5 },
  { kind: "processes", workers: 2, tasksPerSecond: 98.765, spread: 1.5 },
];

describe("table()", () => {
  test("renders records as HTML, an aligned text table and the shown columns as JSON, and nothing else", () => {
    const shown = table(records, ["kind", "workers", { key: "tasksPerSecond", title: "throughput", unit: "tasks/s" }]);
    expect(shown).toBeInstanceOf(Table);
    expect(Object.keys(bundleOf(shown)).sort()).toEqual([tableMimeType, "text/html", "text/plain"].sort());
    expect(bundleOf(shown)[tableMimeType]).toEqual({
      columns: ["kind", "workers", "tasksPerSecond"],
      rows: [
        { kind: "threads", workers: 1, tasksPerSecond: 1234.5 },
        { kind: "processes", workers: 2, tasksPerSecond: 98.765 },
      ],
    });
    expect(textOf(shown)).toBe(
      [
        "kind       workers  throughput (tasks/s)",
        "---------  -------  --------------------",
        "threads          1                 1,235",
        "processes        2                 98.77",
      ].join("\n"),
    );
  });

  test("HTML has a header per column, numbers right-aligned and text escaped", () => {
    const html = htmlOf(table([{ name: "<b>", value: 3 }]));
    expect(html).toContain('<th style="text-align:left">name</th><th style="text-align:right">value</th>');
    expect(html).toContain('<td style="text-align:left">&#60;b&#62;</td><td style="text-align:right">3</td>');
  });

  test("without columns it shows every field any record has; missing values are blank", () => {
    const text = textOf(table(records));
    expect(text.split("\n")[0]).toBe("kind       workers  tasksPerSecond  spread");
    expect(text.split("\n")[2]).toBe("threads          1           1,235");
  });

  test("long tables are cut to head and tail in both forms", () => {
    const rows = Array.from({ length: 100 }, (_, index) => ({ index }));
    expect(textOf(table(rows))).toContain("… 82 more rows …");
    expect(htmlOf(table(rows))).toContain('<td colspan="1">… 82 more rows …</td>');
    expect(htmlOf(table(rows))).toContain(">99</td>");
    expect(htmlOf(table(rows))).not.toContain(">50</td>");
  });

  test("clear errors for no rows or an unknown column", () => {
    expect(() => table([])).toThrow(PlotInputError);
    expect(() => table([])).toThrow("table: rows is empty, so there is nothing to show. Pass a non-empty array of records.");
    const badColumn = ["kind", "speed"] as unknown as Parameters<typeof table<ThroughputPoint>>[1];
    expect(() => table(records, badColumn)).toThrow('table: no record has a field "speed". Use one of: kind, workers, tasksPerSecond, spread.');
  });
});

describe("formatNumber", () => {
  test("four significant digits, thousands separated, tiny values in exponent form", () => {
    expect([1234567.8, 1000, 999.96, 3.14159, 0.012345, 0, -2500, 0.00001234].map(formatNumber)).toEqual([
      "1,234,568",
      "1,000",
      "1,000",
      "3.142",
      "0.01235",
      "0",
      "-2,500",
      "1.23e-5",
    ]);
  });
});
