import type { Engine } from "../engine/engine";
import type { Handler } from "./request-context";

/** complete_request: TypeScript's completions at the cursor, with type information from earlier cells. */
export function completeHandler(engine: () => Engine): Handler<"complete_request"> {
  return (request) => {
    const { code, cursor_pos } = request.message.content;
    const completion = engine().complete(code, cursor_pos);
    request.reply({ status: "ok", matches: completion.matches, cursor_start: completion.cursorStart, cursor_end: completion.cursorEnd, metadata: {} });
  };
}

/** inspect_request: the type (and doc comment) of what is at the cursor. */
export function inspectHandler(engine: () => Engine): Handler<"inspect_request"> {
  return (request) => {
    const { code, cursor_pos } = request.message.content;
    const text = engine().inspect(code, cursor_pos);
    request.reply({ status: "ok", found: text !== undefined, data: text === undefined ? {} : { "text/plain": text }, metadata: {} });
  };
}

/** is_complete_request: complete, incomplete (with the indent of the next line) or invalid. */
export function isCompleteHandler(engine: () => Engine): Handler<"is_complete_request"> {
  return (request) => {
    const { code } = request.message.content;
    request.reply(engine().isComplete(code));
  };
}
