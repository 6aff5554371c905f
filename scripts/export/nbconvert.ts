import { spawn } from "node:child_process";
import path from "node:path";
import { jupyterEnvironment, rememberedJupyterPython } from "../jupyter-env.cjs";
import { projectRoot } from "../../lib/project/build.cjs";

const templateFolder = path.join(projectRoot, "scripts/export/template");

/** Converts executed notebooks to HTML pages in outputFolder with nbconvert (one Python start for all). */
export function convertToHtml(notebookFiles: string[], outputFolder: string): Promise<void> {
  const { python } = rememberedJupyterPython();
  const args = [
    "-m",
    "nbconvert",
    "--to",
    "html",
    `--TemplateExporter.extra_template_basedirs=${path.dirname(templateFolder)}`,
    `--template=${path.basename(templateFolder)}`,
    "--output-dir",
    outputFolder,
    ...notebookFiles,
  ];
  return new Promise((resolve, reject) => {
    let log = "";
    const child = spawn(python, args, { env: jupyterEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`nbconvert could not convert the executed notebooks to HTML:\n${log.slice(-3000)}`)),
    );
  });
}
