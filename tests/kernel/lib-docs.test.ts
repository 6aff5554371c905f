// A learner reads lib's TSDoc through inspect_request (shift+tab in a notebook): the kernel must
// find it in lib's declarations after a cell imported the names from "../lib", as notebooks do.
import path from "node:path";
import { expect, test } from "vitest";
import { publicExportDocs } from "../lib/api/public-docs";
import { projectRoot } from "../../lib/project/build.cjs";
import { KernelClient } from "../support/kernel-client";

const inspected = ["createRunner", "Mutex"];

test('inspect after `import … from "../lib"` shows an export\'s TSDoc description', { timeout: 120_000 }, async () => {
  const descriptions = new Map(publicExportDocs().map((entry) => [entry.name, entry.description]));
  const kernel = await KernelClient.start({ cwd: path.join(projectRoot, "notebooks") });
  try {
    const imported = await kernel.execute(`import { ${inspected.join(", ")} } from "../lib";`, {}, 60_000);
    expect(imported.reply.content, JSON.stringify(imported.reply.content)).toMatchObject({ status: "ok" });
    for (const name of inspected) {
      const { reply } = await kernel.request("shell", "inspect_request", { code: name, cursor_pos: name.length, detail_level: 0 });
      expect(reply.content).toMatchObject({ status: "ok", found: true });
      const text = (reply.content as { data: Record<string, string> }).data["text/plain"] ?? "";
      expect(descriptions.get(name)).toBeTruthy();
      expect(text).toContain(descriptions.get(name));
    }
  } finally {
    await kernel.close();
  }
});
