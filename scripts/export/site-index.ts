// The site's front page (both editions, in course order) and the language switch on every page.
import fs from "node:fs";
import path from "node:path";
import { editions, type Edition } from "../jupyter/editions";
import { escapeHtml } from "../../lib/internal";

export interface SitePage {
  file: string;
  title: string;
  summary: string;
}

/** One edition of the site: its pages, in course order, in `folder` below the site ("" for English). */
export interface SiteEdition {
  edition: Edition;
  folder: string;
  /** The executed notebooks the pages were made from. */
  files: string[];
  pages: SitePage[];
}

const editionWords: Record<Edition, { name: string; heading: string; contents: string }> = {
  en: { name: "English", heading: "Concurrency in TypeScript", contents: "Contents" },
  de: { name: "Deutsch", heading: "Nebenläufigkeit in TypeScript", contents: "Inhalt" },
};

const style = `
    body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
    li { margin: 0 0 1rem; }
    span { color: #555; }
    section + section { margin-top: 3rem; }`;

function editionSection({ edition, folder, pages }: SiteEdition): string {
  const href = (page: SitePage) => encodeURI(folder === "" ? page.file : `${folder}/${page.file}`);
  const items = pages
    .map((page) => `      <li><a href="${href(page)}">${escapeHtml(page.title)}</a><br><span>${escapeHtml(page.summary)}</span></li>`)
    .join("\n");
  return `  <section lang="${edition}" id="${edition}">
    <h1>${escapeHtml(editionWords[edition].heading)} <small>(${editionWords[edition].name})</small></h1>
    <ol start="0">
${items}
    </ol>
  </section>`;
}

/** The site's front page: each edition's notebooks in course order, one line each. */
export function siteIndexHtml(sites: SiteEdition[]): string {
  const heading = sites.map((site) => editionWords[site.edition].heading).join(" · ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(heading)}</title>
  <style>${style}
  </style>
</head>
<body>
${sites.map(editionSection).join("\n")}
</body>
</html>
`;
}

/**
 * Gives every page of `site` a bar at its top linking the same notebook in the other editions and
 * the index, and the page's language in <html lang>.
 */
export function addLanguageSwitch(outputFolder: string, site: SiteEdition): void {
  const up = site.folder === "" ? "" : "../";
  for (const page of site.pages) {
    const file = path.join(outputFolder, site.folder, page.file);
    const links = editions
      .filter((edition) => edition !== site.edition)
      .map(
        (edition) =>
          `<a href="${up}${edition === "en" ? "" : `${edition}/`}${encodeURI(page.file)}" hreflang="${edition}" lang="${edition}">${editionWords[edition].name}</a>`,
      );
    const bar = `<nav class="course-language-switch" style="font: 14px system-ui, sans-serif; padding: 6px 12px; border-bottom: 1px solid #ddd;"><a href="${up}index.html#${site.edition}">${editionWords[site.edition].contents}</a> · ${links.join(" · ")}</nav>`;
    const html = fs.readFileSync(file, "utf8");
    const body = /<body[^>]*>/.exec(html);
    if (body === null) throw new Error(`${page.file} has no <body> for the language switch; is scripts/export/template intact?`);
    const withLanguage = html.replace(/<html[^>]*>/, (tag) =>
      /\blang=/.test(tag) ? tag.replace(/\blang="[^"]*"/, `lang="${site.edition}"`) : tag.replace("<html", `<html lang="${site.edition}"`),
    );
    fs.writeFileSync(
      file,
      withLanguage.replace(/<body[^>]*>/, (tag) => `${tag}\n${bar}`),
    );
  }
}
