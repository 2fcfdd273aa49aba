#!/usr/bin/env python3
"""The PyTorch side of SslDsl's side-by-side benchmark (tests/SslDsl.Benchmarks, `run.sh --compare`).

The .NET program starts this script once and drives it over stdin/stdout, one JSON object per line each way, so that
PyTorch and TorchSharp steps can alternate within a round while only one of them runs at a time:

  -> {"cmd": "hello", "threads": N}                 <- {"ok": true, "torch": ..., "blas": ..., "threads": N, ...}
  -> {"cmd": "setup", "id": ..., "case": {...}}     <- {"ok": true, "warmup_s": ..., "loss": ...}   builds + 1 warm-up step
  -> {"cmd": "run", "id": ..., "steps": K}          <- {"ok": true, "wall_s": [...], "cpu_s": [...]}
  -> {"cmd": "quit"}

The step mirrors the generated SslDsl trainer of the same experiment (CompareExperiments.cs): no augmentation (both
views are the batch itself, stacked view-major), encoder → projector (→ predictor and a no-grad EMA target for BYOL),
the loss in float32, backward, AdamW with weight decay on weights only (two parameter groups, as SslDsl excludes
biases and norm weights), then the EMA update for BYOL. "bf16" wraps the forward in
torch.autocast("cpu", dtype=torch.bfloat16) and casts the projections to float32 for the loss.

Run by hand: `python3 pytorch_step.py --self-test` builds every case at a small batch and steps it once.
"""

import json
import os
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as missing:  # the .NET side reports this and skips the PyTorch columns
    print(json.dumps({"ok": False, "error": f"cannot import torch: {missing}"}), flush=True)
    sys.exit(3)


# ---------------------------------------------------------------- models (the same architectures as SslDsl's)

def conv_net(in_channels, widths):
    """SslDsl's ConvNetEncoder: per stage conv3x3 (no bias) → BN → ReLU, max-pool 2 between stages, global average pool."""
    layers, channels = [], in_channels
    for i, width in enumerate(widths):
        layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
        if i < len(widths) - 1:
            layers.append(nn.MaxPool2d(2))
        channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers), channels


class BasicBlock(nn.Module):
    """SslDsl's ResNet BasicBlock (torchvision's): two 3x3 convs, identity or 1x1-conv+BN shortcut."""

    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(y.add_(shortcut))


class ResNet18Small(nn.Module):
    """SslDsl's ResNetEncoder(depth 18, smallInputs): 3x3 stride-1 stem, no max-pool, mean over H and W at the end."""

    def __init__(self, in_channels):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_channels, 64, 3, stride=1, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
        blocks, in_planes = [], 64
        for stage in range(4):
            planes = 64 << stage
            for b in range(2):
                blocks.append(BasicBlock(in_planes, planes, 2 if stage > 0 and b == 0 else 1))
                in_planes = planes
        self.layers = nn.Sequential(*blocks)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        return self.layers(self.stem(x)).mean((2, 3))


def projection_head(in_dim, hidden, out):
    """SslDsl's ProjectionHead with 2 layers: Linear (no bias) → BN1d → ReLU → Linear (bias)."""
    return nn.Sequential(nn.Linear(in_dim, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True), nn.Linear(hidden, out))


# ---------------------------------------------------------------- one experiment

class Experiment:
    def __init__(self, case):
        self.case = case
        torch.manual_seed(case.get("seed", 1))
        if case["encoder"] == "resnet18":
            self.encoder, dim = ResNet18Small(case["channels"]), 512
        else:
            self.encoder, dim = conv_net(case["channels"], case["widths"])
        self.projector = projection_head(dim, case["projector_hidden"], case["projector_output"])
        online = [self.encoder, self.projector]
        self.byol = case["objective"] == "byol"
        if self.byol:
            self.predictor = projection_head(case["projector_output"], case["predictor_hidden"], case["projector_output"])
            online.append(self.predictor)
        params = [p for m in online for p in m.parameters()]
        if case.get("weights_file"):
            load_parameters(case["weights_file"], params, case.get("weights_shapes"))
        if self.byol:
            self.target_encoder = _copy_of(self.encoder)
            self.target_projector = _copy_of(self.projector)
            self.ema_pairs = [(t, o) for (t, o) in zip(
                list(self.target_encoder.parameters()) + list(self.target_projector.parameters()),
                list(self.encoder.parameters()) + list(self.projector.parameters()))]
        # SslDsl excludes biases and norm weights (1-D) from weight decay; PyTorch does it with two groups
        self.optimizer = torch.optim.AdamW(
            [{"params": [p for p in params if p.dim() > 1], "weight_decay": case["weight_decay"]},
             {"params": [p for p in params if p.dim() <= 1], "weight_decay": 0.0}],
            lr=case["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
        self.bf16 = case["precision"] == "bf16"
        self.temperature = case.get("temperature", 0.5)
        self.momentum = case.get("momentum", 0.996)
        self.loss_sum = torch.zeros(())
        self.masks = {}

    def batch(self, size):
        """The first `size` images of the .NET side's batch (batch_file), else uniform noise of that shape."""
        shape = (self.case["batch"], self.case["channels"], self.case["height"], self.case["width"])
        if self.case.get("batch_file"):
            full = read_floats(self.case["batch_file"], shape[0] * shape[1] * shape[2] * shape[3]).view(shape)
        else:
            full = torch.rand(shape, generator=torch.Generator().manual_seed(self.case.get("seed", 1)))
        return full[:size].contiguous()

    def step(self, batch):
        views = batch.repeat(2, 1, 1, 1)  # no augmentation: both views are the batch (as the generated trainer without augmentations)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            projections = self.projector(self.encoder(views))
            if self.byol:
                predictions = self.predictor(projections)
                with torch.no_grad():
                    targets = self.target_projector(self.target_encoder(views))
        if self.byol:
            loss = byol_loss(predictions.float(), targets.float())
        else:
            loss = self.nt_xent(projections.float())
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        if self.byol:
            with torch.no_grad():
                for target, online in self.ema_pairs:
                    target.mul_(self.momentum).add_(online, alpha=1 - self.momentum)
        self.loss_sum += loss.detach()
        return loss

    def nt_xent(self, z):
        """SimCLR NT-Xent for two views stacked view-major: cross-entropy of each row against its other view."""
        rows = z.shape[0]
        if rows not in self.masks:
            self.masks[rows] = (torch.eye(rows, dtype=torch.bool), torch.arange(rows).add(rows // 2).remainder(rows))
        diagonal, targets = self.masks[rows]
        z = F.normalize(z, dim=1)
        logits = z.matmul(z.t()).div_(self.temperature).masked_fill_(diagonal, float("-inf"))
        return F.cross_entropy(logits, targets)


def byol_loss(predictions, targets):
    """SslDsl's ByolLoss: mean over samples of the two views' 2 − 2·cos(q, sg(z′ of the other view)), summed."""
    n = predictions.shape[0] // 2
    p = F.normalize(predictions, dim=1)
    z = F.normalize(targets.detach(), dim=1)
    swapped = torch.cat([z[n:], z[:n]], 0)
    return 4.0 - 2.0 * (p * swapped).sum() / n


def read_floats(path, count):
    """`count` little-endian float32 values written by the .NET side (WeightsFile.cs)."""
    size = os.path.getsize(path)
    if size != 4 * count:
        raise ValueError(f"{path}: {size} bytes, expected {4 * count} ({count} floats)")
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def load_parameters(path, params, shapes=None):
    """The .NET side's initial online parameters, concatenated in registration order (the same order as here)."""
    mine = [list(p.shape) for p in params]
    if shapes is not None and shapes != mine:
        raise ValueError(f"parameter shapes differ from the .NET side's: {mine} vs {shapes}")
    values = read_floats(path, sum(p.numel() for p in params))
    offset = 0
    with torch.no_grad():
        for p in params:
            p.copy_(values[offset:offset + p.numel()].view_as(p))
            offset += p.numel()


def _copy_of(module):
    import copy
    target = copy.deepcopy(module)
    for p in target.parameters():
        p.requires_grad_(False)
    return target


# ---------------------------------------------------------------- environment

def blas_in_use():
    """The BLAS library mapped into this process (after a matmul), and where Debian's alternative points."""
    torch.ones(64, 64).matmul(torch.ones(64, 64))
    mapped = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if "blas" in name or "mkl_rt" in name:
                    mapped.add(os.path.realpath(path))
    except OSError:
        pass
    alternative = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    chosen = os.path.realpath(alternative) if os.path.exists(alternative) else None
    loaded = sorted(mapped)
    # Debian's reference libblas.so.3 lives in .../blas/; OpenBLAS's LAPACK may be mapped next to it, which does not help sgemm
    reference = any("/blas/libblas" in p for p in loaded)
    fast = not reference and any("openblas" in p or "mkl" in p or "blis" in p for p in loaded)
    return {"blas_loaded": loaded, "blas_alternative": chosen, "blas_optimized": fast}


def sgemm_gflops(n=1024, repeats=3):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a.matmul(b)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        a.matmul(b)
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best / 1e9


def bf16_autocast_works():
    try:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            y = nn.Conv2d(16, 16, 3)(torch.rand(2, 16, 8, 8))
        return y.dtype == torch.bfloat16
    except Exception:  # noqa: BLE001 — any failure means: no bf16 column
        return False


def hello(threads):
    if threads > 0:
        torch.set_num_threads(threads)
    info = {"ok": True, "torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(), "mkldnn": torch.backends.mkldnn.is_available(),
            "bf16_autocast": bf16_autocast_works(), "sgemm_gflops": round(sgemm_gflops(), 1)}
    info.update(blas_in_use())
    config = torch.__config__.show()
    info["blas_info"] = next((part.split("=", 1)[1] for part in config.replace(",", "\n").split() if part.startswith("BLAS_INFO=")), "?")
    info["cpu_capability"] = next((line.split(":", 1)[1].strip() for line in config.splitlines() if "CPU capability" in line), "?")
    return info


# ---------------------------------------------------------------- protocol

def serve(stdin, stdout):
    experiments, batches = {}, {}
    for line in stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        cmd = request["cmd"]
        try:
            if cmd == "hello":
                reply = hello(int(request.get("threads", 0)))
            elif cmd == "setup":
                case = request["case"]
                experiment = Experiment(case)
                experiments[request["id"]] = experiment
                batches[request["id"]] = experiment.batch(case["batch"])
                warm = experiment.batch(case.get("warmup_batch", case["batch"]))
                start = time.perf_counter()
                loss = experiment.step(warm)
                reply = {"ok": True, "warmup_s": time.perf_counter() - start, "loss": float(loss)}
            elif cmd == "run":
                experiment, batch = experiments[request["id"]], batches[request["id"]]
                walls, cpus = [], []
                for _ in range(int(request["steps"])):
                    cpu, wall = time.process_time(), time.perf_counter()
                    experiment.step(batch)
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
                reply = {"ok": True, "wall_s": walls, "cpu_s": cpus}
            elif cmd == "quit":
                return
            else:
                reply = {"ok": False, "error": f"unknown command {cmd}"}
        except Exception as error:  # noqa: BLE001 — reported to the .NET side, which marks the column missing
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


def self_test():
    print(json.dumps(hello(0)))
    common = {"channels": 3, "height": 32, "width": 32, "projector_output": 128, "learning_rate": 1e-3, "weight_decay": 1e-4, "batch": 8}
    for precision in ("fp32", "bf16"):
        for case in ({"encoder": "resnet18", "projector_hidden": 2048, "objective": "simclr"},
                     {"encoder": "convnet", "widths": [32, 64, 128, 256], "projector_hidden": 512, "objective": "simclr"},
                     {"encoder": "convnet", "widths": [32, 64, 128, 256], "projector_hidden": 512, "predictor_hidden": 512, "objective": "byol"}):
            experiment = Experiment({**common, **case, "precision": precision})
            loss = experiment.step(experiment.batch(8))
            print(f"{precision} {case['encoder']} {case['objective']}: loss {float(loss):.4f}")


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        self_test()
    else:
        serve(sys.stdin, sys.stdout)
