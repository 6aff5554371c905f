"""The official Jupyter kernel conformance suite (jupyter_kernel_test) with samples for our kernel.

Run by tests/kernel/conformance.test.ts, which installs a temporary kernelspec and names it in
TS_COURSE_KERNEL_NAME. Every sample is given so that no test of the suite is skipped.
"""
import os
import unittest

import jupyter_kernel_test


class TypeScriptKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ["TS_COURSE_KERNEL_NAME"]
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [{"text": "Math.ab", "matches": {"abs"}}]

    complete_code_samples = ["const a = 1;", "console.log(a)", "function f() {}"]
    incomplete_code_samples = ["function f() {", "const list = [1,", "if (true) {"]
    invalid_code_samples = ["const = 1;", "let 1x = 2;", ")"]

    code_page_something = "?Math"

    code_generate_error = 'throw new Error("generated on purpose")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'text'", "result": "'text'"},
        {"code": "[1, 2].map((n) => n * 2)", "result": "[ 2, 4 ]"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display({"text/html": "<b>bold</b>"})', "mime": "text/html"},
        {"code": 'display({"image/svg+xml": "<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>"})', "mime": "image/svg+xml"},
        {"code": 'display("plain")', "mime": "text/plain"},
    ]

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main()
