"""Cold-start time of tmtool commands, against `python -c pass` measured in the same run.

Usage: python bench/startup.py [--runs 10]

Each command runs in a fresh interpreter (``python -m tmtool …``) ``--runs`` times; the
script prints the median wall time in milliseconds and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EN_TEXT = (
    "CHONGQING (CQNEWS) -- Factories across the city were back at full speed on Feb. 19, "
    "with 8,236 companies above designated size resuming work. Output rose 5.2 percent.\n\n"
    '"We are ready," said the manager of Chongqing Example Co., Ltd.\n'
)
EN_SENTENCE = "Output rose 5.2 percent to 13.21 trillion yuan on Feb. 19."
ZH_SENTENCE = "2月19日，两江新区规模以上工业企业复工率达93.6%，到岗员工112.4万人。"


def median_ms(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        en_file = Path(tmp) / "en.txt"
        en_file.write_text(EN_TEXT, encoding="utf-8")
        cases = [
            ("python -c pass (baseline)", [py, "-c", "pass"]),
            ("tmtool --help", [py, "-m", "tmtool", "--help"]),
            ("tmtool segment en.txt", [py, "-m", "tmtool", "segment", str(en_file)]),
            ("tmtool inspect <English>", [py, "-m", "tmtool", "inspect", EN_SENTENCE]),
            ("tmtool inspect <Chinese>", [py, "-m", "tmtool", "inspect", ZH_SENTENCE]),
        ]
        # bytecode as an installed package has it (also under PYTHONDONTWRITEBYTECODE), and
        # one untimed run each (cold process, warm disk)
        root = Path(__file__).resolve().parent.parent / "tmtool"
        subprocess.run([py, "-m", "compileall", "-q", str(root)], check=True)
        for _, command in cases:
            subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        results = [(label, median_ms(command, args.runs)) for label, command in cases]
    baseline = results[0][1]
    print(f"cold start, median of {args.runs} runs ({sys.version.split()[0]})")
    print(f"{'command':<28} {'ms':>8} {'× baseline':>11}")
    for label, ms in results:
        print(f"{label:<28} {ms:8.0f} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
