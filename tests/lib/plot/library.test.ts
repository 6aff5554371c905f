import fs from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import {
  figure,
  hasInlinedLibrary,
  plotlyLibraryFile,
  plotlyLibraryScript,
  replaceInlinedLibrary,
  resetPlottingSession,
  setupPlotting,
  type Figure,
} from "../../../lib/plot";
import { htmlOf, libraryCopies, textOf } from "./helpers";

const library = fs.readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
const layout = { title: "t", xaxis: { title: "x (s)" }, yaxis: { title: "y (ms)" } };
const someFigure = (): Figure => figure([{ name: "a", x: [1, 2], y: [3, 4] }], layout);

beforeEach(() => resetPlottingSession());

describe("plotly.js inlining", () => {
  test("only the first of several figures in a session carries the library, ahead of its div", () => {
    const pages = [someFigure(), someFigure(), someFigure()].map(htmlOf);
    expect(pages.map(libraryCopies)).toEqual([1, 0, 0]);
    expect(pages[0].indexOf("data-plotly-library=")).toBeLessThan(pages[0].indexOf('class="ts-course-figure"'));
    // Later figures stay small: the draw script and the placeholder only.
    expect(pages[1].length).toBeLessThan(5_000);
    expect(pages[0].length).toBeGreaterThan(library.length);
  });

  test("showing the same figure twice does not inline the library twice", () => {
    const chart = someFigure();
    expect([htmlOf(chart), htmlOf(chart)].map(libraryCopies)).toEqual([1, 0]);
  });

  test("after a reset (a new session) the next figure carries it again", () => {
    expect(libraryCopies(htmlOf(someFigure()))).toBe(1);
    expect(libraryCopies(htmlOf(someFigure()))).toBe(0);
    resetPlottingSession();
    expect(libraryCopies(htmlOf(someFigure()))).toBe(1);
  });

  test("setupPlotting() returns a displayable bundle with the library; figures after it do not carry it", () => {
    const setup = setupPlotting();
    expect(libraryCopies(htmlOf(setup))).toBe(1);
    expect(textOf(setup)).toMatch(/^plotly\.js 3\.\d+\.\d+ loaded/);
    expect(libraryCopies(htmlOf(someFigure()))).toBe(0);
    // Asked for explicitly, it is given again (a re-run setup cell replaces its own output).
    expect(libraryCopies(htmlOf(setupPlotting()))).toBe(1);
  });

  test("the library script is the npm package's file, guarded so running it twice does nothing", () => {
    const script = plotlyLibraryScript();
    expect(script).toContain(library);
    expect(script).toMatch(/^<script type="text\/javascript" data-plotly-library="3\.\d+\.\d+">\nif \(!window\.Plotly\) \{\n/);
    expect(script).toContain('if (window.Plotly) window.dispatchEvent(new Event("ts-concurrency-course:plotly-ready"));');
    expect(script.match(/<\/script>/gi)).toHaveLength(1);
  });

  test("no figure loads anything from the network", () => {
    for (const html of [htmlOf(someFigure()), htmlOf(someFigure())]) {
      const ownCode = html.replace(library, "");
      expect(ownCode).not.toMatch(/\bsrc=["']?https?:/);
      expect(ownCode).not.toMatch(/cdn\./i);
    }
  });
});

describe("export helpers", () => {
  test("plotlyLibraryFile is the npm package's minified bundle", () => {
    expect(plotlyLibraryFile()).toMatch(/node_modules\/plotly\.js-dist-min\/plotly\.min\.js$/);
    expect(fs.readFileSync(plotlyLibraryFile(), "utf8")).toBe(library);
  });

  test("replaceInlinedLibrary swaps the inlined copy for a <script src> and keeps the figure", () => {
    const first = htmlOf(someFigure());
    expect(hasInlinedLibrary(first)).toBe(true);
    const replaced = replaceInlinedLibrary(first, "../plotly.min.js");
    expect(hasInlinedLibrary(replaced)).toBe(false);
    expect(replaced.length).toBeLessThan(5_000);
    expect(replaced).toMatch(/^<script type="text\/javascript" src="\.\.\/plotly\.min\.js"><\/script>\n<script/);
    expect(replaced).toContain(first.slice(first.indexOf('<div id="')));
    const later = htmlOf(someFigure());
    expect(hasInlinedLibrary(later)).toBe(false);
    expect(replaceInlinedLibrary(later, "plotly.min.js")).toBe(later);
  });
});
