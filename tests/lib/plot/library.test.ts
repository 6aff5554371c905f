import fs from "node:fs";
import { describe, expect, test } from "vitest";
import {
  figure,
  jupyterAssetFolder,
  plotlyAssetName,
  plotlyLibraryFile,
  plotlyLibraryScript,
  plotlyLibraryVersion,
  setupPlotting,
  type Figure,
} from "../../../lib/plot";
import { pageLoaderScript } from "../../../lib/plot/plotly-library";
import { htmlOf, libraryCopies, textOf } from "../../support/mime-bundles";

const library = fs.readFileSync(require.resolve("plotly.js-basic-dist-min/plotly-basic.min.js"), "utf8");
const layout = { title: "t", xaxis: { title: "x (s)" }, yaxis: { title: "y (ms)" } };
const someFigure = (): Figure => figure([{ name: "a", x: [1, 2], y: [3, 4] }], layout);

describe("plotly.js stays out of the outputs", () => {
  test("no figure carries the library: each stays a few kB, however many are shown", () => {
    const pages = [someFigure(), someFigure(), someFigure()].map(htmlOf);
    expect(pages.map(libraryCopies)).toEqual([0, 0, 0]);
    for (const html of pages) expect(html.length).toBeLessThan(6_000);
  });

  test("a figure asks the page to load the versioned copy in the Jupyter data folder", () => {
    const html = htmlOf(someFigure());
    expect(html).toContain(pageLoaderScript().split("\n")[1]);
    expect(html).toContain(JSON.stringify(plotlyAssetName()));
    expect(plotlyAssetName()).toBe(`plotly-basic-${plotlyLibraryVersion()}.min.js`);
    expect(jupyterAssetFolder).toBe("ts-concurrency-course");
  });

  test("no figure loads anything from the network", () => {
    const html = htmlOf(someFigure());
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/cdn\./i);
  });

  test("setupPlotting() is a small output that makes the page load plotly.js now, and says so in text", () => {
    const setup = setupPlotting();
    expect(libraryCopies(htmlOf(setup))).toBe(0);
    expect(htmlOf(setup).length).toBeLessThan(6_000);
    expect(htmlOf(setup)).toContain(pageLoaderScript().split("\n")[1]);
    expect(textOf(setup)).toBe(`plotly.js ${plotlyLibraryVersion()} is loaded by the page from the Jupyter server, once.`);
  });
});

describe("the library's own files", () => {
  test("plotlyLibraryFile is the npm package's minified basic bundle", () => {
    expect(plotlyLibraryFile()).toMatch(/node_modules\/plotly\.js-basic-dist-min\/plotly-basic\.min\.js$/);
    expect(fs.readFileSync(plotlyLibraryFile(), "utf8")).toBe(library);
  });

  test("the standalone script inlines the bundle, guarded so running it twice does nothing", () => {
    const script = plotlyLibraryScript();
    expect(script).toContain(library);
    expect(script).toMatch(/^<script type="text\/javascript" data-plotly-library="3\.\d+\.\d+">\nif \(!window\.Plotly\) \{\n/);
    expect(script.match(/<\/script>/gi)).toHaveLength(1);
  });
});
