#!/usr/bin/env python3
"""A plain PyTorch SimCLR run on Fashion-MNIST: the reference the quick start is compared with.

The recipe is the one the quick start's issue describes for its PyTorch reference: SslDsl's 4-stage CNN (32-64-128-256,
conv3x3 → BN → ReLU, max-pool between stages, global average pool), a projection head 256 → 512 → 128, batch 256,
AdamW 2e-3 with cosine decay, per-image random resized crop (scale 0.3–1) / horizontal flip / brightness-contrast
(0.4, p = 0.8), NT-Xent with τ = 0.5, float32, 2 threads, for --seconds of pretraining or --epochs, whichever ends first.

It writes the frozen encoder's features of every training and test image (eval mode) as raw little-endian float32
[N, 256] files, so that the sample probes them with exactly its own protocol (the same L-BFGS probe, label subsets and
kNN as its own encoder gets: `dotnet run --project samples/FashionMnistSimClr -c Release -- --reference-features DIR`).

Run: /usr/bin/python3 samples/FashionMnistSimClr/reference/simclr_reference.py --data .data/fashion-mnist --out DIR
(Debian's python3-torch; no torchvision needed: the augmentations are written here, batched, one draw per image.)
"""

import argparse
import gzip
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    kind, dims = data[2], data[3]
    if data[0] != 0 or data[1] != 0 or kind != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, split):
    images = read_idx(os.path.join(folder, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{split}-labels-idx1-ubyte.gz"))
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1), torch.from_numpy(labels.astype(np.int64))


def conv_net(widths=(32, 64, 128, 256)):
    layers, channels = [], 1
    for i, width in enumerate(widths):
        layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
        if i < len(widths) - 1:
            layers.append(nn.MaxPool2d(2))
        channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


def random_resized_crop(x, scale=(0.3, 1.0), ratio=(3 / 4, 4 / 3)):
    """One crop per image (area fraction and log-aspect uniform), resized back to the input size by bilinear sampling."""
    n = x.shape[0]
    area = torch.empty(n).uniform_(*scale)
    log_ratio = torch.empty(n).uniform_(math.log(ratio[0]), math.log(ratio[1]))
    aspect = torch.exp(log_ratio)
    w = torch.sqrt(area * aspect).clamp(max=1.0)  # crop width and height as fractions of the image
    h = torch.sqrt(area / aspect).clamp(max=1.0)
    cx = (torch.rand(n) * (1 - w) + w / 2) * 2 - 1  # crop centre in [-1, 1] coordinates
    cy = (torch.rand(n) * (1 - h) + h / 2) * 2 - 1
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 2] = w, cx
    theta[:, 1, 1], theta[:, 1, 2] = h, cy
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def augment(x):
    x = random_resized_crop(x)
    flip = torch.rand(x.shape[0]) < 0.5
    x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
    jitter = (torch.rand(x.shape[0]) < 0.8).view(-1, 1, 1, 1)
    brightness = torch.empty(x.shape[0], 1, 1, 1).uniform_(0.6, 1.4)
    contrast = torch.empty(x.shape[0], 1, 1, 1).uniform_(0.6, 1.4)
    y = (x * brightness).clamp(0, 1)
    mean = y.mean((1, 2, 3), keepdim=True)
    y = ((y - mean) * contrast + mean).clamp(0, 1)
    return torch.where(jitter, y, x)


def nt_xent(z, temperature):
    z = F.normalize(z, dim=1)
    n = z.shape[0] // 2
    logits = z @ z.t() / temperature
    logits.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, targets)


def write_features(encoder, images, path):
    encoder.eval()
    with torch.no_grad(), open(path + ".tmp", "wb") as f:
        for start in range(0, images.shape[0], 1024):
            f.write(encoder(images[start:start + 1024]).numpy().astype("<f4").tobytes())
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=".data/fashion-mnist")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--update-bn", action="store_true",
                        help="re-estimate the encoder's batch-norm statistics on the clean training images before writing "
                             "features (torch.optim.swa_utils.update_bn), as the quick start's RecalibrateBatchNorm does")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train, _ = load(args.data, "train")
    test, _ = load(args.data, "t10k")
    encoder = conv_net()
    projector = nn.Sequential(nn.Linear(256, 512, bias=False), nn.BatchNorm1d(512), nn.ReLU(inplace=True), nn.Linear(512, 128))
    params = list(encoder.parameters()) + list(projector.parameters())
    optimizer = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-4)
    batch = 256
    steps_per_epoch = train.shape[0] // batch
    # The cosine runs over the planned steps: the epochs that fit the budget at the first epoch's pace (re-planned then).
    planned = steps_per_epoch * args.epochs
    step, started, epochs_done, losses = 0, time.perf_counter(), 0, []
    while epochs_done < args.epochs and time.perf_counter() - started < args.seconds and step < planned:
        encoder.train(), projector.train()
        order = torch.randperm(train.shape[0])
        total, count = 0.0, 0
        for b in range(steps_per_epoch):
            if time.perf_counter() - started >= args.seconds or step >= planned:
                break  # out of time, or the cosine planned to fit the budget has ended
            x = train[order[b * batch:(b + 1) * batch]]
            views = torch.cat([augment(x), augment(x)])
            loss = nt_xent(projector(encoder(views)), 0.5)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            for group in optimizer.param_groups:
                group["lr"] = 2e-3 * 0.5 * (1 + math.cos(math.pi * min(step, planned) / planned))
            optimizer.step()
            step += 1
            total, count = total + loss.item(), count + 1
        epochs_done += 1
        losses.append(total / max(count, 1))
        elapsed = time.perf_counter() - started
        if epochs_done == 1 and args.seconds < math.inf:
            planned = steps_per_epoch * max(1, min(args.epochs, int(args.seconds // elapsed)))
        print(f"epoch {epochs_done}: loss {losses[-1]:.4f}, {elapsed:.0f}s, step {step}", flush=True)

    seconds = time.perf_counter() - started
    if args.update_bn:  # after the pretraining clock: the quick start's recalibration is not in its budget either
        loader = [train[start:start + 512] for start in range(0, train.shape[0], 512)]
        torch.optim.swa_utils.update_bn(loader, encoder)
    os.makedirs(args.out, exist_ok=True)
    write_features(encoder, train, os.path.join(args.out, "train.f32"))
    write_features(encoder, test, os.path.join(args.out, "test.f32"))
    summary = {"torch": torch.__version__, "threads": torch.get_num_threads(), "epochs": epochs_done, "steps": step,
               "pretrain_seconds": round(seconds, 1), "update_bn": args.update_bn, "dim": 256, "train": train.shape[0], "test": test.shape[0],
               "epoch_losses": [round(v, 4) for v in losses]}
    with open(os.path.join(args.out, "reference.json.tmp"), "w") as f:
        json.dump(summary, f)
    os.replace(os.path.join(args.out, "reference.json.tmp"), os.path.join(args.out, "reference.json"))
    print("REFERENCE " + json.dumps(summary))


if __name__ == "__main__":
    main()
