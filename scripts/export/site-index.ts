import { escapeHtml } from "../../lib/internal";

export interface SitePage {
  file: string;
  title: string;
  summary: string;
}

/** The site's front page: the notebooks in course order, one line each. */
export function siteIndexHtml(pages: SitePage[], heading: string): string {
  const items = pages
    .map(
      (page) =>
        `    <li><a href="${encodeURI(page.file)}">${escapeHtml(page.title)}</a><br><span>${escapeHtml(page.summary)}</span></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(heading)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
    li { margin: 0 0 1rem; }
    span { color: #555; }
  </style>
</head>
<body>
  <h1>${escapeHtml(heading)}</h1>
  <ol start="0">
${items}
  </ol>
</body>
</html>
`;
}
