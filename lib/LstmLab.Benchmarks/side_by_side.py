#!/usr/bin/python3
"""Runs every benchmark workload in LSTM Lab and in PyTorch, alternately, and writes docs/benchmarks.md.

    /usr/bin/python3 lib/LstmLab.Benchmarks/side_by_side.py [--epochs N] [--workloads a,b,...]
        [--rounds N] [--quick] [--out docs/benchmarks.md] [--engine-command "CMD ..."]

It builds lstmlab in Release once, then for each workload runs ours, PyTorch's, ours, PyTorch's
(--rounds 2) and keeps the faster round of each. The roofline is the faster of the two
`bench matmul` results measured in the same run. See pytorch/README.md for the method.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TORCH_SCRIPT = os.path.join(HERE, "pytorch", "bench_torch.py")
PYTHON = "/usr/bin/python3"  # Debian's python3-torch lives there

WORKLOADS = [
    "mnist32",
    "mnist32-recdrop",
    "stacked",
    "sweep48",
    "sweep96",
    "sweep256",
    "imdb128",
    "ts50",
    "infer-mnist32",
    "gru32",
    "gru128-imdb",
    "bilstm128-imdb",
]
# The targets of the speed issue.
SPEED_UP_TARGET = 3.0
ROOFLINE_TARGET = 60.0
ROOFLINE_WORKLOADS = ("sweep256", "imdb128")


def find_repo_root(start):
    """The folder holding LstmLab.slnx, walking up from start."""
    folder = start
    while not os.path.exists(os.path.join(folder, "LstmLab.slnx")):
        parent = os.path.dirname(folder)
        if parent == folder:
            sys.exit(f"side_by_side.py: no LstmLab.slnx in {start} or any folder above it")
        folder = parent
    return folder


def log(message):
    print(message, file=sys.stderr, flush=True)


def build_engine(root):
    """Builds the CLI in Release once; returns the command that runs the built assembly."""
    project = os.path.join(root, "lib", "LstmLab.Cli")
    log("building lib/LstmLab.Cli in Release ...")
    build = subprocess.run(["dotnet", "build", project, "-c", "Release", "--nologo", "-v", "q"])
    if build.returncode != 0:
        sys.exit(f"side_by_side.py: 'dotnet build {project} -c Release' failed (exit code {build.returncode})")
    dll = os.path.join(project, "bin", "Release", "net10.0", "LstmLab.Cli.dll")
    if not os.path.exists(dll):
        sys.exit(f"side_by_side.py: the build succeeded but {dll} does not exist")
    return ["dotnet", dll, "bench"]


def parse_result(line):
    """`RESULT workload=NAME key=value ...` -> dict; numbers become floats (batch, epochs ints)."""
    fields = {}
    for pair in line.split()[1:]:
        key, _, value = pair.partition("=")
        if key == "workload":
            fields[key] = value
        elif key in ("batch", "epochs"):
            fields[key] = int(value)
        else:
            fields[key] = float(value)
    return fields


def run_bench(command, workload, extra, root):
    """Runs one benchmark process (its stderr shows as progress); returns its RESULT fields, or
    a dict with an "error" naming the command and what it printed."""
    argv = command + [workload] + extra
    log("$ " + " ".join(shlex.quote(a) for a in argv))
    process = subprocess.run(argv, cwd=root, stdout=subprocess.PIPE, text=True)
    lines = [line for line in process.stdout.splitlines() if line.strip()]
    if process.returncode != 0 or not lines or not lines[-1].startswith("RESULT "):
        tail = " | ".join(lines[-3:]) or "(no output)"
        return {"error": f"`{' '.join(argv)}` exited with {process.returncode}; last stdout: {tail}"}
    result = parse_result(lines[-1])
    if result.get("workload") != workload:
        return {"error": f"`{' '.join(argv)}` reported workload={result.get('workload')}, expected {workload}"}
    log(f"  -> {lines[-1]}")
    return result


def best_of(rounds, key, better):
    """The round with the best value of key (min or max); None when every round failed."""
    good = [r for r in rounds if "error" not in r]
    return better(good, key=lambda r: r[key]) if good else None


def first_error(rounds):
    return next((r["error"] for r in rounds if "error" in r), "no rounds ran")


def read_first(path, pattern):
    try:
        with open(path) as f:
            for line in f:
                found = re.match(pattern, line)
                if found:
                    return found.group(1).strip()
    except OSError:
        pass
    return None


def output_of(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except OSError:
        return ""


def machine_description(root):
    """Lines describing the machine, the runtimes and the libraries, for the file header."""
    flags = read_first("/proc/cpuinfo", r"flags\s*:\s*(.*)") or ""
    vector = "AVX-512" if "avx512f" in flags.split() else "AVX2" if "avx2" in flags.split() else "no AVX2"
    family = read_first("/proc/cpuinfo", r"cpu family\s*:\s*(.*)")
    model = read_first("/proc/cpuinfo", r"model\s*:\s*(\d+)")
    memory_kb = read_first("/proc/meminfo", r"MemTotal:\s*(\d+)")
    runtimes = [line.split()[1] for line in output_of(["dotnet", "--list-runtimes"]).splitlines()
                if line.startswith("Microsoft.NETCore.App ")]
    info_lines = output_of([PYTHON, TORCH_SCRIPT, "info"]).splitlines()
    info = json.loads(info_lines[-1][len("INFO ") :]) if info_lines and info_lines[-1].startswith("INFO ") else {}
    cpu = read_first("/proc/cpuinfo", r"model name\s*:\s*(.*)") or "unknown"
    system = read_first("/etc/os-release", r'PRETTY_NAME="?([^"]*)') or platform.system()
    blas = info.get("openblas_config") or ", ".join(info.get("blas_libraries", [])) or "unknown"
    commit = output_of(["git", "-C", root, "rev-parse", "--short", "HEAD"]) or "unknown"
    if output_of(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes)"
    return [
        f"- CPU: {cpu} "
        f"(family {family}, model {model}, {vector}), {os.cpu_count()} logical cores",
        f"- Memory: {int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb else "- Memory: unknown",
        f"- OS: {system}, "
        f"kernel {platform.release()}",
        f"- .NET: SDK {output_of(['dotnet', '--version']) or 'unknown'}, runtime {', '.join(runtimes) or 'unknown'}",
        f"- PyTorch: {info.get('torch', 'unknown')} (Debian python3-torch), {info.get('threads', '?')} threads, "
        f"OMP_WAIT_POLICY={info.get('omp_wait_policy', '?')}, kernels dispatch to {info.get('cpu_capability', '?')}",
        f"- BLAS under PyTorch: {blas}",
        f"- LSTM Lab commit: {commit}",
    ]


def format_seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def row_for(name, ours, torch, roofline):
    """One table row and the list of targets this workload misses (None when a side failed)."""
    if ours is None or torch is None:
        return None, None
    speed_up = torch["seconds_per_epoch"] / ours["seconds_per_epoch"]
    percent = 100.0 * ours["gflops"] / roofline if roofline else float("nan")
    misses = []
    if speed_up < SPEED_UP_TARGET:
        misses.append(f"speed-up {speed_up:.2f}× < {SPEED_UP_TARGET:.0f}×")
    if name in ROOFLINE_WORKLOADS and not percent >= ROOFLINE_TARGET:
        misses.append(f"{percent:.0f}% < {ROOFLINE_TARGET:.0f}% of roofline")
    if ours["peak_mb"] > torch["peak_mb"]:
        misses.append("more memory than PyTorch")
    batch = str(ours["batch"]) if ours["batch"] == torch["batch"] else f"{ours['batch']} (PyTorch {torch['batch']})"
    if ours["batch"] != torch["batch"]:
        misses.append("batch sizes differ")
    label = f"{name} (s/pass)" if name.startswith("infer") else name
    cells = [
        label,
        batch,
        format_seconds(torch["seconds_per_epoch"]),
        format_seconds(ours["seconds_per_epoch"]),
        f"{speed_up:.2f}×",
        f"{torch['gflops']:.1f}",
        f"{ours['gflops']:.1f}",
        f"{percent:.0f}%",
        f"{torch['peak_mb']:.0f}",
        f"{ours['peak_mb']:.0f}",
        "yes" if not misses else "no: " + "; ".join(misses),
    ]
    return "| " + " | ".join(cells) + " |", misses


def render(args, machine, started, finished, loads, matmul, results, roofline):
    header = [
        "# LSTM Lab vs PyTorch: time per epoch",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `lib/LstmLab.Benchmarks/side_by_side.py "
        f"{' '.join(shlex.quote(a) for a in sys.argv[1:])}` in {(finished - started).total_seconds() / 60:.0f} minutes. "
        "Regenerate with the same command.",
        "",
    ]
    if args.quick:
        header += [
            "**Quick run: every workload used a tenth of its samples (same shapes otherwise), "
            "so the seconds are about a tenth of a full epoch.**",
            "",
        ]
    header += ["## Machine", ""] + machine + [
        f"- Load average (1 min): {loads[0]:.1f} at the start, {loads[-1]:.1f} at the end, "
        f"{max(loads):.1f} at most when a benchmark process started"
        + (" — other processes shared the cores, so absolute times are noisy" if max(loads) > (os.cpu_count() or 1) else ""),
        "",
        "## Method",
        "",
        f"- Each workload ran as a fresh process, alternately: LSTM Lab, PyTorch, LSTM Lab, PyTorch "
        f"({args.rounds} rounds each); the table shows the faster round of each side and the larger peak memory.",
        f"- Each process trains on synthetic data of the exact shapes (Adam, learning rate 1e-3), runs one "
        f"untimed warm-up epoch, then times {args.epochs} epoch(s) and reports the mean.",
        "- PyTorch: Debian's torch, `torch.set_num_threads(2)`, `torch.set_flush_denormal(True)`, "
        "`OMP_WAIT_POLICY=PASSIVE` unless set, `nn.LSTM`"
        " (a hand-written cell loop for recurrent dropout); see `lib/LstmLab.Benchmarks/pytorch/README.md`.",
        "- FLOPs count only the LSTM matrix products: 2·N·T·(I+H)·4H per layer forward for N samples, "
        "twice that backward, so a training epoch is 3× the forward count (an inference pass 1×).",
        f"- Roofline: the best square matrix product each side's `matmul` workload measured in this run: "
        f"PyTorch/OpenBLAS {matmul['torch']}, LSTM Lab {matmul['ours']}; the larger, "
        f"{roofline:.1f} GFLOP/s, is 100%." if roofline else "- Roofline: no matrix-product result; % of roofline is not available.",
        "- Peak memory: each process's maximum resident set (ru_maxrss, the peak working set), data included.",
        "",
        "## Results",
        "",
        "| workload | batch | PyTorch s/epoch | LSTM Lab s/epoch | speed-up | GFLOP/s PyTorch | GFLOP/s ours "
        "| % roofline | peak MB PyTorch | peak MB ours | target met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows, failures = [], []
    speed_misses, roofline_misses, memory_misses = [], [], []
    for name, (ours_rounds, torch_rounds) in results.items():
        ours = best_of(ours_rounds, "seconds_per_epoch", min)
        torch = best_of(torch_rounds, "seconds_per_epoch", min)
        if ours is not None:
            ours = dict(ours, peak_mb=max(r["peak_mb"] for r in ours_rounds if "error" not in r))
        if torch is not None:
            torch = dict(torch, peak_mb=max(r["peak_mb"] for r in torch_rounds if "error" not in r))
        row, misses = row_for(name, ours, torch, roofline)
        if row is None:
            failed = ours_rounds if ours is None else torch_rounds
            rows.append(f"| {name} | | | | | | | | | | no: failed |")
            failures.append(f"- {name}: {first_error(failed)}")
            speed_misses.append(f"{name} failed")
            memory_misses.append(f"{name} failed")
            if name in ROOFLINE_WORKLOADS:
                roofline_misses.append(f"{name} failed")
            continue
        rows.append(row)
        if any(m.startswith("speed-up") or m.startswith("batch") for m in misses):
            speed_misses.append(name)
        if any("roofline" in m for m in misses):
            roofline_misses.append(name)
        if "more memory than PyTorch" in misses:
            memory_misses.append(name)
    checked = list(results)

    def verdict(misses, scope):
        if not scope:
            return "not measured in this run"
        return "**met**" if not misses else "**not met** (" + ", ".join(misses) + ")"

    targets = [
        "",
        "## Targets",
        "",
        f"- Every workload at least {SPEED_UP_TARGET:.0f}× faster per epoch than PyTorch: {verdict(speed_misses, checked)}",
        f"- {' and '.join(ROOFLINE_WORKLOADS)} at ≥ {ROOFLINE_TARGET:.0f}% of the measured matrix-product roofline: "
        + verdict(roofline_misses, [w for w in checked if w in ROOFLINE_WORKLOADS]),
        f"- Peak memory no higher than PyTorch's: {verdict(memory_misses, checked)}",
    ]
    if failures:
        targets += ["", "## Failures", ""] + failures
    return "\n".join(header + rows + targets) + "\n"


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".benchmarks.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=1, help="timed epochs per process (after one warm-up epoch)")
    parser.add_argument("--rounds", type=int, default=2, help="processes per side and workload, alternating")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="comma-separated subset")
    parser.add_argument("--quick", action="store_true", help="a tenth of the samples per workload (said in the file)")
    parser.add_argument("--out", default=None, help="default: docs/benchmarks.md in the repository")
    parser.add_argument("--engine-command", help="runs this instead of building lstmlab (e.g. an older build)")
    args = parser.parse_args()
    workloads = [w for w in args.workloads.split(",") if w]
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown or args.epochs < 1 or args.rounds < 1:
        parser.error(f"unknown workloads {unknown} (known: {', '.join(WORKLOADS)}); "
                     f"--epochs and --rounds must be >= 1, got {args.epochs} and {args.rounds}")
    root = find_repo_root(HERE)
    out = args.out or os.path.join(root, "docs", "benchmarks.md")

    started = datetime.datetime.now(datetime.timezone.utc)
    loads = [os.getloadavg()[0]]  # sampled before every benchmark process, for the header

    def measure(command, workload, extra):
        loads.append(os.getloadavg()[0])
        return run_bench(command, workload, extra, root)

    ours_command = shlex.split(args.engine_command) if args.engine_command else build_engine(root)
    machine = machine_description(root)  # before the runs: the commit that was built
    torch_command = [PYTHON, TORCH_SCRIPT]
    extra = ["--epochs", str(args.epochs)] + (["--quick"] if args.quick else [])

    matmul_rounds = {"ours": [], "torch": []}
    for _ in range(args.rounds):
        matmul_rounds["ours"].append(measure(ours_command, "matmul", []))
        matmul_rounds["torch"].append(measure(torch_command, "matmul", []))
    matmul = {}
    for side, rounds in matmul_rounds.items():
        best = best_of(rounds, "gflops", max)
        matmul[side] = f"{best['gflops']:.1f} GFLOP/s" if best else "failed"
    best_rates = [r["gflops"] for rounds in matmul_rounds.values() for r in rounds if "error" not in r]
    roofline = max(best_rates) if best_rates else None

    results = {}
    for name in workloads:
        ours_rounds, torch_rounds = [], []
        for _ in range(args.rounds):
            ours_rounds.append(measure(ours_command, name, extra))
            torch_rounds.append(measure(torch_command, name, extra))
        results[name] = (ours_rounds, torch_rounds)

    finished = datetime.datetime.now(datetime.timezone.utc)
    loads.append(os.getloadavg()[0])
    text = render(args, machine, started, finished, loads, matmul, results, roofline)
    write_atomically(out, text)
    log(f"wrote {out}")
    print(text)
    failed = any("error" in r for pair in results.values() for rounds in pair for r in rounds)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
