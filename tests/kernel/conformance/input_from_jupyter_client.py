"""Answers the kernel's input() through jupyter_client's own KernelClient.input(), which sends the
messaging spec's input_reply content: only {"value": ...}. Prints the cell's result.

Run by tests/kernel/conformance.test.ts with the kernelspec named in TS_COURSE_KERNEL_NAME.
"""
import os

from jupyter_client.manager import start_new_kernel

manager, client = start_new_kernel(kernel_name=os.environ["TS_COURSE_KERNEL_NAME"], startup_timeout=60)
try:
    request_id = client.execute('const city = await input("city? ");\ncity.toUpperCase()', allow_stdin=True)
    prompt = client.get_stdin_msg(timeout=30)
    assert prompt["msg_type"] == "input_request", prompt
    print("prompt:", prompt["content"]["prompt"])
    client.input("Lyon")
    while True:
        message = client.get_iopub_msg(timeout=30)
        if message["parent_header"].get("msg_id") != request_id:
            continue
        if message["msg_type"] in ("execute_result", "error"):
            print(f'{message["msg_type"]}:', message["content"].get("data", {}).get("text/plain") or message["content"].get("evalue"))
            break
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
