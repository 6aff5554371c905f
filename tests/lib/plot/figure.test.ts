import { describe, expect, test } from "vitest";
import { Figure, PlotInputError, figure, plotlyMimeType, replacePlaceholderWithImage, type Trace } from "../../../lib/plot";
import { bundleOf, htmlOf, textOf } from "../../support/mime-bundles";

const traces: Trace[] = [
  { name: "fast", x: [1, 2, 3], y: [10, 20, 30] },
  { name: "slow", x: [1, 3], y: [5, 7.5] },
];
const layout = { title: "Two lines", xaxis: { title: "Size (items)" }, yaxis: { title: { text: "Time (ms)" } } };

describe("figure()", () => {
  test("keeps the traces and normalises every title to plotly's { text } form", () => {
    const chart = figure(traces, layout);
    expect(chart).toBeInstanceOf(Figure);
    expect(chart.data).toEqual(traces);
    expect(chart.layout.title).toEqual({ text: "Two lines" });
    expect(chart.layout.xaxis.title).toEqual({ text: "Size (items)" });
    expect(chart.layout.yaxis.title).toEqual({ text: "Time (ms)" });
  });

  test("always shows the legend, even for a single trace, and keeps extra layout fields", () => {
    const chart = figure([traces[0]], { ...layout, yaxis: { title: "Time (ms)", type: "log" }, height: 300 });
    expect(chart.layout.showlegend).toBe(true);
    expect(chart.layout.legend).toBeDefined();
    expect(chart.layout.yaxis.type).toBe("log");
    expect(chart.layout.height).toBe(300);
  });

  test("bundle has the plotly JSON, HTML and plain text", () => {
    const bundle = bundleOf(figure(traces, layout));
    expect(Object.keys(bundle).sort()).toEqual([plotlyMimeType, "text/html", "text/plain"].sort());
    expect(bundle[plotlyMimeType]).toEqual({ data: traces, layout: figure(traces, layout).layout });
    expect(Object.keys(bundle)).not.toContain("image/svg+xml");
  });

  test("text/plain is one row per x value, one column per trace, units on the header", () => {
    expect(textOf(figure(traces, layout))).toBe(
      ["Two lines", "   Size  fast  slow", "(items)  (ms)  (ms)", "-------  ----  ----", "      1    10     5", "      2    20", "      3    30   7.5"].join(
        "\n",
      ),
    );
  });

  test("refuses a missing title or axis title, saying which one", () => {
    const noTitle = { ...layout, title: "" };
    expect(() => figure(traces, noTitle)).toThrow(PlotInputError);
    expect(() => figure(traces, noTitle)).toThrow(/layout\.title is missing/);
    expect(() => figure(traces, { ...layout, xaxis: { title: " " } })).toThrow(/layout\.xaxis\.title is missing/);
    const noYAxis = { title: "t", xaxis: { title: "x" } } as unknown as Parameters<typeof figure>[1];
    expect(() => figure(traces, noYAxis)).toThrow(/layout\.yaxis\.title is missing/);
  });

  test("refuses bad traces with a message naming the trace", () => {
    expect(() => figure([], layout)).toThrow(/no traces to draw/);
    expect(() => figure([{ name: "a", x: [1, 2], y: [1] }], layout)).toThrow(/trace 0 \("a"\) has 2 x values but 1 y values/);
    expect(() => figure([{ name: "", x: [1], y: [1] }], layout)).toThrow(/trace 0 has no name/);
    expect(() => figure([{ name: "a", x: [], y: [] }], layout)).toThrow(/has no points/);
    expect(() => figure([{ name: "a", x: [1], y: [Number.NaN] }], layout)).toThrow(/y\[0\] is NaN, not a finite number/);
  });
});

describe("Figure text/html", () => {
  test("a div with a fresh id per rendering and a script that draws into it with window.Plotly", () => {
    const chart = figure(traces, layout);
    htmlOf(chart); // the first bundle carries the library; look at a later one
    const first = htmlOf(chart);
    const second = htmlOf(chart);
    const idOf = (html: string) => /<div id="([^"]+)" class="ts-course-figure"/.exec(html)?.[1];
    expect(idOf(first)).toMatch(/^ts-course-figure-/);
    expect(idOf(first)).not.toBe(idOf(second));
    expect(first).toContain(`var id = ${JSON.stringify(idOf(first))}`);
    expect(first).toContain("window.Plotly.newPlot(div, spec.data, spec.layout");
    // It waits for the library rather than failing when plotly.js arrives later.
    expect(first).toContain('window.addEventListener("ts-concurrency-course:plotly-ready", draw)');
    expect(first).not.toMatch(/<script[^>]+src=/);
  });

  test("without a static image the placeholder is the text table, escaped", () => {
    const html = htmlOf(figure([{ name: "a<b>", x: [1], y: [2] }], layout));
    expect(html).toContain('<pre class="ts-course-figure-placeholder">Two lines');
    expect(html).toContain("a&#60;b&#62;");
  });

  test("withStaticImage puts an <img> placeholder in the div, which the script removes when it draws", () => {
    const image = "data:image/png;base64,iVBORw0KGgo=";
    const html = htmlOf(figure(traces, layout).withStaticImage(image));
    expect(html).toMatch(/<div id="[^"]+" class="ts-course-figure"[^>]*><img class="ts-course-figure-placeholder" src="data:image\/png;base64,iVBORw0KGgo="/);
    expect(html).toContain('div.querySelector(".ts-course-figure-placeholder")');
    expect(() => figure(traces, layout).withStaticImage("https://example.com/x.png")).toThrow(/data:image/);
  });

  test("replacePlaceholderWithImage turns a saved output's text placeholder into the image", () => {
    const chart = figure(traces, layout);
    htmlOf(chart);
    const saved = htmlOf(chart);
    const image = "data:image/png;base64,iVBORw0KGgo=";
    const withImage = replacePlaceholderWithImage(saved, image, "Two lines");
    expect(withImage).not.toContain("<pre");
    expect(withImage).toContain(`<img class="ts-course-figure-placeholder" src="${image}" alt="Two lines"`);
    expect(withImage.slice(withImage.indexOf("<script"))).toBe(saved.slice(saved.indexOf("<script")));
  });

  test("a title containing </script> cannot end the draw script early", () => {
    const html = htmlOf(figure(traces, { ...layout, title: "evil </script><script>alert(1)</script>" }));
    const script = html.slice(html.lastIndexOf("<script"));
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    expect(script).toContain("\\u003c/script>");
  });
});
