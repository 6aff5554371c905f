import { expect, test } from "vitest";
import { NotSerializableError } from "../../../lib";
import { prepareForSending } from "../../../lib/runners/protocol/serializable";

test("a JSON limit names the way out that fits the channel: v8 serialization for child processes, none for Redis", () => {
  const input = { counts: new Map([["a", 1]]) };
  expect(() => prepareForSending(input, "process-json")).toThrow(
    'Cannot send the task input to a child process (serialization: "json"): input.counts is a Map. JSON turns a Map into {}; use serialization: "advanced" or send Object.fromEntries(map).',
  );
  expect(() => prepareForSending(input, "redis-json")).toThrow(
    "Cannot send the task input to a distributed worker (JSON through Redis): input.counts is a Map. JSON turns a Map into {}; send Object.fromEntries(map).",
  );
  expect(() => prepareForSending({ big: 10n }, "redis-json")).toThrow(NotSerializableError);
  expect(() => prepareForSending({ big: 10n }, "process-advanced")).not.toThrow();
});
