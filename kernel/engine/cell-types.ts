// The types every cell sees without importing anything: Node's and the kernel's cell globals.
//
// The cell compiler takes in every package of node_modules/@types by itself. The project's are
// Node's, which cells need, and those of its test tools (chai, estree, …), whose globals cells
// should not see and which every cell's type check paid for. Only @types/node is taken in; an
// import of any package still finds that package's types. (Outside any project, tslab falls back
// to the @types folder it ships, so both packages are found there.)
//
// The cell globals (display, input, …) come as one more type package, which exists only in the
// compiler's view of the file system. The compiler parses a type package once, where text handed
// over with the earlier cells' declarations is parsed again for every cell (about 0.2 ms each).
import { cellGlobalsDeclarations } from "./cell-globals";

/** The parts of the cell compiler's `System` this module takes over. */
interface TypeFileSystem {
  getDirectories(path: string): string[];
  directoryExists(path: string): boolean;
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
}

const CELL_GLOBALS_PACKAGE = "ts-concurrency-course-cell-globals";
const typesFolder = /[\\/]node_modules[\\/]@types[\\/]?$/;
const globalsFolder = new RegExp(`[\\\\/]node_modules[\\\\/]@types[\\\\/]${CELL_GLOBALS_PACKAGE}[\\\\/]?$`);
const globalsIndex = new RegExp(`[\\\\/]node_modules[\\\\/]@types[\\\\/]${CELL_GLOBALS_PACKAGE}[\\\\/]index\\.d\\.ts$`);

export function installCellTypes(system: TypeFileSystem): void {
  const getDirectories = system.getDirectories.bind(system);
  const directoryExists = system.directoryExists.bind(system);
  const fileExists = system.fileExists.bind(system);
  const readFile = system.readFile.bind(system);
  system.getDirectories = (folder) => {
    const entries = getDirectories(folder);
    return typesFolder.test(folder) ? [...entries.filter((entry) => entry === "node"), CELL_GLOBALS_PACKAGE] : entries;
  };
  system.directoryExists = (folder) => globalsFolder.test(folder) || directoryExists(folder);
  system.fileExists = (file) => globalsIndex.test(file) || fileExists(file);
  system.readFile = (file, encoding) => (globalsIndex.test(file) ? cellGlobalsDeclarations : readFile(file, encoding));
}
