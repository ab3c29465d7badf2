#!/usr/bin/env python3
"""Prints what each failed test left in its Surefire/Failsafe report: the error, the top of its stack
trace, and the warnings and errors its run logged (the broker's included).

CI shows only the tail of a build's output, where Maven's summary names a failed test but not why
it failed; this puts the why at the very end."""
import glob
import sys
import xml.etree.ElementTree as ET

LOG_LINES = 60
TRACE_LINES = 25
WIDTH = 400


def interesting(line):
    return any(mark in line for mark in (" WARN ", " ERROR ", "Exception", "Caused by"))


def main(root):
    failed = 0
    for report in sorted(glob.glob(f"{root}/**/target/*-reports/TEST-*.xml", recursive=True)):
        try:
            suite = ET.parse(report).getroot()
        except ET.ParseError as e:
            print(f"== {report}: unreadable report ({e})")
            continue
        for case in suite.iter("testcase"):
            problems = [p for p in case if p.tag in ("error", "failure")]
            if not problems:
                continue
            failed += 1
            print(f"== {case.get('classname')}.{case.get('name')} ({case.get('time')} s)")
            for problem in problems:
                # The trace starts with the message again; its "at" and "Caused by" lines are what is new.
                print(f"{problem.tag}: {problem.get('type')}: {(problem.get('message') or '')[:WIDTH]}")
                trace = [line for line in (problem.text or "").splitlines() if line.startswith(("\tat ", "Caused by"))]
                print("\n".join(line[:WIDTH] for line in trace[:TRACE_LINES]))
            out = "\n".join(o.text or "" for o in case if o.tag in ("system-out", "system-err"))
            logged = [line for line in out.splitlines() if interesting(line)]
            print(f"-- its last {min(len(logged), LOG_LINES)} of {len(logged)} warning/error lines:")
            print("\n".join(line[:WIDTH] for line in logged[-LOG_LINES:]))
    print(f"== {failed} failed test(s) reported")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
