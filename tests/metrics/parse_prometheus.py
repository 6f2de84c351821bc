"""Parses Prometheus text exposition format with the official Python client's parser
(Debian python3-prometheus-client), independently of prometheus-cpp, and prints every sample
as one line: TYPE NAME{label="value",...} VALUE, labels sorted. Exits 1 on a parse error, so a
test can tell text that only looks right from text Prometheus accepts.

Usage: parse_prometheus.py FILE
"""
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError and others on bad input
        print(f"parse error: {e}", file=sys.stderr)
        return 1
    for family in families:
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            print(f"{family.type} {sample.name}{{{labels}}} {sample.value!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
