import type { KernelMessage } from "@jupyterlab/services";
import type { Handler } from "./request-context";

/** The kernel registers no comm targets. */
export const commInfoHandler: Handler = (request) => request.reply({ status: "ok", comms: {} });

/** A comm_open for a target that does not exist is answered with comm_close, as ipykernel does. */
export const commOpenHandler: Handler = (request) => {
  const content = request.message.content as KernelMessage.ICommOpenMsg["content"];
  request.publish("comm_close", { comm_id: content.comm_id, data: {} });
};

/** Messages for comms that were never opened have nobody to go to. */
export const commIgnoredHandler: Handler = () => undefined;
