import fs from "node:fs";
import path from "node:path";
import type { KernelMessage } from "@jupyterlab/services";
import { PROTOCOL_VERSION } from "../transport/message-factory";
import type { Handler } from "./request-context";

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** kernel_info_request: the versions are read from the installed packages, not written down here. */
export function kernelInfoHandler(projectRoot: string): Handler<"kernel_info_request"> {
  const typescriptVersion = versionOf(path.join(projectRoot, "node_modules", "@tslab", "typescript-for-tslab", "package.json"));
  const content: KernelMessage.IInfoReply = {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "typescript-course",
    implementation_version: versionOf(path.join(projectRoot, "package.json")),
    language_info: {
      name: "typescript",
      version: typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner: `TypeScript ${typescriptVersion} (tslab ${versionOf(path.join(projectRoot, "node_modules", "tslab", "package.json"))} engine) on Node.js ${process.version}`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
    ],
  };
  return (request) => request.reply(content);
}
