// Child side of the ceiling probe: on "go", spin for the given time and report how
// many iterations it managed. Runs in its own process; imports nothing from the parent.

process.on("message", (message: { durationMs: number }) => {
  const end = performance.now() + message.durationMs;
  let iterations = 0;
  let sink = 0;
  while (performance.now() < end) {
    for (let index = 0; index < 10_000; index += 1) sink += index % 7;
    iterations += 1;
  }
  process.send?.({ iterations, sink: sink % 2 }, () => process.disconnect());
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
