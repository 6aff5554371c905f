// Headless Chromium from Debian, offline: every request that is not file:// is blocked and counted,
// so a page that would need the network shows it. chromium.launch gives each run a fresh profile.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { launchChromium } from "../../scripts/export/chromium";

export interface OfflinePage {
  page: Page;
  context: BrowserContext;
  blockedRequests: string[];
  /** Every URL the page requested, file:// ones included. */
  requests: string[];
  consoleErrors: string[];
}

export function launchOfflineBrowser(): Promise<Browser> {
  return launchChromium();
}

export async function openOffline(browser: Browser, url: string): Promise<OfflinePage> {
  const context = await browser.newContext();
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested.startsWith("file:")) return route.continue();
    blockedRequests.push(requested);
    return route.abort();
  });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(url);
  return { page, context, blockedRequests, requests, consoleErrors };
}

/** Waits until each of the expected figure divs holds a plotly SVG, then counts the figures that do. */
export async function drawnFigures(page: Page, expected: number): Promise<number> {
  const figures = page.locator(".ts-course-figure");
  await expect.poll(() => figures.count()).toBe(expected);
  for (let index = 0; index < expected; index += 1) {
    await figures.nth(index).locator("svg.main-svg").first().waitFor({ state: "attached", timeout: 30_000 });
  }
  return page.locator(".ts-course-figure:has(svg.main-svg)").count();
}
