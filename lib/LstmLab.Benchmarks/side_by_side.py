#!/usr/bin/python3
"""Runs every benchmark workload in LSTM Lab, PyTorch and TorchSharp, alternately, and writes docs/benchmarks.md.

    /usr/bin/python3 lib/LstmLab.Benchmarks/side_by_side.py [--epochs N] [--workloads a,b,...]
        [--rounds N] [--quick] [--out docs/benchmarks.md] [--engine-command "CMD ..."]
        [--torchsharp DIR | --no-torchsharp]

It builds lstmlab in Release once, and the TorchSharp harness (../shared/peers/torchsharp beside the
checkout, or --torchsharp DIR) from a copy under /tmp when it is there; then for each workload it runs
ours, PyTorch's, TorchSharp's with oneDNN on and with it off, and again (--rounds 2), keeping the faster
round of each side and, for TorchSharp, the faster mode. The roofline is the fastest `matmul` result
measured in the same run. See pytorch/README.md for the method.

A workload is added by naming it in WORKLOADS (the name lstmlab bench and bench_torch.py know) and, when
TorchSharp has it, in TORCHSHARP_NAMES.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
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
    "infer-mnist32-b10000",
    "gru32",
    "gru128-imdb",
    "bilstm128-imdb",
]
# Our workload name -> the TorchSharp harness's (inference: its batch size, the pass over all samples
# being "n"); a workload missing here is not run there.
TORCHSHARP_NAMES = {
    "mnist32": "mnist32",
    "mnist32-recdrop": "mnist32_faithful",
    "stacked": "mnist_stacked",
    "sweep48": "sweep48",
    "sweep96": "sweep96",
    "sweep256": "sweep256",
    "imdb128": "imdb128",
    "ts50": "ts50",
    "infer-mnist32": ("infer", "128"),
    "infer-mnist32-b10000": ("infer", "n"),
}
TORCHSHARP_MODES = ("1", "0")  # --mkldnn: oneDNN on, off
# The targets of the speed issue.
SPEED_UP_TARGET = 3.0
ROOFLINE_TARGET = 65.0
ROOFLINE_WORKLOADS = ("sweep256", "imdb128")
COLD_TARGET = 1.5  # first epoch (pass) of a fresh process / a warm one


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


def prepare_torchsharp(root, given):
    """Copies the TorchSharp harness to /tmp (its folder is read-only) and builds it once; returns the
    command that runs it, or (None, why not)."""
    source = given or os.path.join(os.path.dirname(root), "shared", "peers", "torchsharp")
    if not os.path.exists(os.path.join(source, "TorchLstmBench.csproj")):
        return None, f"the TorchSharp harness is not at {source} (pass --torchsharp DIR)"
    copy = os.path.join(tempfile.gettempdir(), "lstmlab-torchsharp-peer")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("bin", "obj"))
    log(f"building the TorchSharp harness (copied from {source} to {copy}) ...")
    build = subprocess.run(["dotnet", "build", copy, "-c", "Release", "--nologo", "-v", "q"])
    built = [os.path.join(folder, "TorchLstmBench.dll") for folder, _, files in os.walk(os.path.join(copy, "bin"))
             if "TorchLstmBench.dll" in files]
    dll = built[0] if built else None
    if build.returncode != 0 or dll is None:
        return None, f"building the TorchSharp harness in {copy} failed (exit code {build.returncode})"
    return ["dotnet", dll], f"TorchSharp harness from {source}, run from a copy in {copy}"


def run_torchsharp(command, workload, mode, epochs, quick, roofline, root):
    """One TorchSharp process for one workload in one oneDNN mode; returns fields like run_bench's."""
    name = TORCHSHARP_NAMES[workload]
    argv = command + ["--epochs", str(epochs), "--mkldnn", mode, "--roof", f"{roofline or 100:.1f}"]
    argv += ["--quick"] if quick else []
    argv += ["--only", "infer"] if isinstance(name, tuple) else ["--only", name, "--no-infer"]
    log("$ " + " ".join(shlex.quote(a) for a in argv))
    process = subprocess.run(argv, cwd=root, stdout=subprocess.PIPE, text=True)
    lines = process.stdout.splitlines()
    if isinstance(name, tuple):
        batch = name[1] if name[1] != "n" else ("1000" if quick else "10000")
        pattern = rf"\s*RESULT infer_mnist32_b{batch}\s+s/pass=([\d.]+)"
    else:
        pattern = rf"\s*RESULT {re.escape(name)}\s+s/epoch=([\d.]+)"
    seconds = next((float(m.group(1)) for m in map(lambda l: re.match(pattern, l), lines) if m), None)
    peak = next((float(m.group(1)) for m in map(lambda l: re.search(r"peak working set (\d+) MB", l), lines) if m), None)
    if process.returncode != 0 or seconds is None:
        tail = " | ".join(l for l in lines[-3:] if l.strip()) or "(no output)"
        return {"error": f"`{' '.join(argv)}` exited with {process.returncode}; last stdout: {tail}"}
    log(f"  -> TorchSharp (oneDNN {'on' if mode == '1' else 'off'}) {seconds:.4f} s, peak {peak} MB")
    return {"seconds_per_epoch": seconds, "peak_mb": peak or float("nan"), "mode": mode}


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


def best_side(rounds, key="seconds_per_epoch"):
    """The fastest round with the largest peak memory of all rounds; None when every round failed."""
    best = best_of(rounds, key, min)
    if best is None:
        return None
    return dict(best, peak_mb=max(r["peak_mb"] for r in rounds if "error" not in r))


def row_for(name, ours, torch, sharp, sharp_modes, roofline):
    """One table row and the list of targets this workload misses (None when our side failed);
    sharp_modes holds TorchSharp's fastest round per oneDNN mode ("1" on, "0" off)."""
    if ours is None:
        return None, None
    mine = ours["seconds_per_epoch"]
    peers = {"PyTorch": torch, "TorchSharp": sharp}
    ratios = {peer: r["seconds_per_epoch"] / mine for peer, r in peers.items() if r is not None}
    best_peer = min(ratios, key=ratios.get) if ratios else None
    percent = 100.0 * ours["gflops"] / roofline if roofline else float("nan")
    cold = ours.get("cold_seconds", float("nan")) / mine
    misses = []
    if best_peer is None:
        misses.append("no peer result")
    elif ratios[best_peer] < SPEED_UP_TARGET:
        misses.append(f"{ratios[best_peer]:.2f}× vs {best_peer} < {SPEED_UP_TARGET:.0f}×")
    if name in ROOFLINE_WORKLOADS and not percent >= ROOFLINE_TARGET:
        misses.append(f"{percent:.0f}% < {ROOFLINE_TARGET:.0f}% of roofline")
    heavier = [peer for peer, r in peers.items() if r is not None and ours["peak_mb"] > r["peak_mb"]]
    if heavier:
        misses.append("more memory than " + " and ".join(heavier))
    if not cold <= COLD_TARGET:
        misses.append(f"cold {cold:.1f}× warm")
    if torch is not None and ours["batch"] != torch["batch"]:
        misses.append("batch sizes differ")

    def seconds(r):
        return format_seconds(r["seconds_per_epoch"]) if r is not None else "—"

    sharp_cell = "—"
    if sharp is not None:
        other = sharp_modes.get("0" if sharp["mode"] == "1" else "1")
        sharp_cell = f"{seconds(sharp)} (oneDNN {'on' if sharp['mode'] == '1' else 'off'}"
        sharp_cell += f"; {'off' if sharp['mode'] == '1' else 'on'}: {seconds(other)})" if other else ")"
    label = f"{name} (s/pass)" if name.startswith("infer") else name
    cells = [
        label,
        str(ours["batch"]),
        seconds(torch),
        sharp_cell,
        format_seconds(mine),
        f"{format_seconds(ours['cold_seconds'])} ({cold:.2f}×)" if "cold_seconds" in ours else "—",
        f"{ratios['PyTorch']:.2f}×" if "PyTorch" in ratios else "—",
        f"{ratios['TorchSharp']:.2f}×" if "TorchSharp" in ratios else "—",
        f"**{ratios[best_peer]:.2f}×** ({best_peer})" if best_peer else "—",
        f"{ours['gflops']:.1f}",
        f"{percent:.0f}%",
        " / ".join(f"{r['peak_mb']:.0f}" if r is not None else "—" for r in (torch, sharp, ours)),
        "yes" if not misses else "no: " + "; ".join(misses),
    ]
    return "| " + " | ".join(cells) + " |", misses


def render(args, machine, started, finished, loads, matmul, results, roofline, sharp_note):
    header = [
        "# LSTM Lab vs PyTorch and TorchSharp: time per epoch",
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
        f"- TorchSharp: {sharp_note}",
        f"- Load average (1 min): {loads[0]:.1f} at the start, {loads[-1]:.1f} at the end, "
        f"{max(loads):.1f} at most when a benchmark process started"
        + (" — other processes shared the cores, so absolute times are noisy" if max(loads) > (os.cpu_count() or 1) else ""),
        "",
        "## Method",
        "",
        f"- Each workload ran as fresh processes, alternately: LSTM Lab, PyTorch, TorchSharp with oneDNN on, "
        f"TorchSharp with oneDNN off ({args.rounds} rounds); the table shows the faster round of each side "
        "(for TorchSharp the faster mode) and the largest peak memory.",
        f"- Each process trains on synthetic data of the exact shapes (Adam, learning rate 1e-3), runs one "
        f"untimed warm-up epoch, then times {args.epochs} epoch(s) and reports the mean; LSTM Lab's inference "
        f"reports the median of {max(args.epochs, 5)} passes after the first. TorchSharp warms up on "
        "30 batches and reports the median of 5 inference passes (see its README).",
        "- Cold: LSTM Lab's first epoch (pass) of a fresh process, timed from the call after the model was built "
        "and the synthetic data made; it includes what .NET's JIT compiles then (the library compiles its hot "
        "paths on a background thread from the moment the first model is built, see docs/performance.md); "
        f"the target is at most {COLD_TARGET}× the warm epoch.",
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
        "Seconds per epoch (inference: per pass over all samples); the ratios are the peer's time over ours.",
        "",
        "| workload | batch | PyTorch | TorchSharp | LSTM Lab warm | LSTM Lab cold | vs PyTorch | vs TorchSharp "
        "| vs the best peer | GFLOP/s ours | % roofline | peak MB PyTorch / TorchSharp / ours | target met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows, failures = [], []
    speed_misses, roofline_misses, memory_misses, cold_misses = [], [], [], []
    for name, sides in results.items():
        ours, torch, sharp = (best_side(rounds) for rounds in sides)
        for side, rounds, best in zip(("LSTM Lab", "PyTorch", "TorchSharp"), sides, (ours, torch, sharp)):
            if rounds and best is None:
                failures.append(f"- {name}, {side}: {first_error(rounds)}")
        sharp_modes = {mode: best_of([r for r in sides[2] if r.get("mode") == mode], "seconds_per_epoch", min)
                       for mode in TORCHSHARP_MODES}
        row, misses = row_for(name, ours, torch, sharp, sharp_modes, roofline)
        if row is None:
            rows.append(f"| {name} | | | | | | | | | | | | no: failed |")
            for scope in (speed_misses, memory_misses, cold_misses):
                scope.append(f"{name} failed")
            if name in ROOFLINE_WORKLOADS:
                roofline_misses.append(f"{name} failed")
            continue
        rows.append(row)
        if any(" vs " in m or m.startswith("batch") or m == "no peer result" for m in misses):
            speed_misses.append(name)
        if any("roofline" in m for m in misses):
            roofline_misses.append(name)
        if any(m.startswith("more memory") for m in misses):
            memory_misses.append(name)
        if any(m.startswith("cold") for m in misses):
            cold_misses.append(name)
    checked = list(results)

    def verdict(misses, scope):
        if not scope:
            return "not measured in this run"
        return "**met**" if not misses else "**not met** (" + ", ".join(misses) + ")"

    targets = [
        "",
        "## Targets",
        "",
        f"- Every workload at least {SPEED_UP_TARGET:.0f}× faster than the faster of PyTorch and TorchSharp: "
        + verdict(speed_misses, checked),
        f"- {' and '.join(ROOFLINE_WORKLOADS)} at ≥ {ROOFLINE_TARGET:.0f}% of the measured matrix-product roofline: "
        + verdict(roofline_misses, [w for w in checked if w in ROOFLINE_WORKLOADS]),
        f"- Peak memory no higher than either peer's: {verdict(memory_misses, checked)}",
        f"- The first epoch (pass) of a fresh process within {COLD_TARGET}× of a warm one: {verdict(cold_misses, checked)}",
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
    parser.add_argument("--torchsharp", help="the TorchSharp harness folder (default: ../shared/peers/torchsharp)")
    parser.add_argument("--no-torchsharp", action="store_true", help="leave TorchSharp out")
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

    if args.no_torchsharp:
        sharp_command, sharp_note = None, "left out (--no-torchsharp)"
    else:
        sharp_command, sharp_note = prepare_torchsharp(root, args.torchsharp)
    if sharp_command is None:
        log(f"TorchSharp: {sharp_note}; comparing with PyTorch only")

    results = {}
    for name in workloads:
        ours_rounds, torch_rounds, sharp_rounds = [], [], []
        for _ in range(args.rounds):
            ours_rounds.append(measure(ours_command, name, extra))
            torch_rounds.append(measure(torch_command, name, extra))
            if sharp_command is not None and name in TORCHSHARP_NAMES:
                for mode in TORCHSHARP_MODES:
                    loads.append(os.getloadavg()[0])
                    sharp_rounds.append(
                        run_torchsharp(sharp_command, name, mode, args.epochs, args.quick, roofline, root)
                    )
        results[name] = (ours_rounds, torch_rounds, sharp_rounds)

    finished = datetime.datetime.now(datetime.timezone.utc)
    loads.append(os.getloadavg()[0])
    text = render(args, machine, started, finished, loads, matmul, results, roofline, sharp_note)
    write_atomically(out, text)
    log(f"wrote {out}")
    print(text)
    failed = any("error" in r for pair in results.values() for rounds in pair for r in rounds)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
