import type { Handler } from "./request-context";

/** The kernel registers no comm targets. */
export const commInfoHandler: Handler<"comm_info_request"> = (request) => request.reply({ status: "ok", comms: {} });

/** A comm_open for a target that does not exist is answered with comm_close, as ipykernel does. */
export const commOpenHandler: Handler<"comm_open"> = (request) => {
  request.publish("comm_close", { comm_id: request.message.content.comm_id, data: {} });
};

/** Messages for comms that were never opened have nobody to go to. */
export const commIgnoredHandler = (): void => undefined;
