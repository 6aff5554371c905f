// The cell compiler takes in every package of node_modules/@types by itself. The project's are
// Node's, which cells need, and those of its test tools (chai, estree, …), whose globals cells
// should not see and which every cell's type check paid for. Only @types/node is taken in; an
// import of any package still finds that package's types.

interface DirectoryListing {
  getDirectories(path: string): string[];
}

export function takeInOnlyNodeTypes(system: DirectoryListing): void {
  const getDirectories = system.getDirectories.bind(system);
  system.getDirectories = (folder) => {
    const entries = getDirectories(folder);
    return /[\\/]node_modules[\\/]@types[\\/]?$/.test(folder) ? entries.filter((entry) => entry === "node") : entries;
  };
}
