using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// Sliding windows over sensor series: <see cref="Windows"/> float32 <c>[N, C, T]</c>, one binary label per
/// window (<see cref="Labels"/>: 1 when any reading in the window is labelled anomalous), and the mote and first
/// reading of each window. The set owns its tensors (detached from any dispose scope) and frees them on
/// <see cref="Dispose"/>.
/// </summary>
public sealed class SensorWindows : IDisposable
{
    private bool _disposed;

    /// <summary>Wraps existing tensors and per-window metadata; the set takes ownership of the tensors.</summary>
    /// <param name="name">A human-readable name, e.g. "sensor-motes/train".</param>
    /// <param name="windows">float32 <c>[N, C, T]</c>.</param>
    /// <param name="labels">int64 <c>[N]</c>, 0 (normal) or 1 (anomalous).</param>
    /// <param name="moteIds">The mote of each window (N entries).</param>
    /// <param name="startReadings">The reading number of each window's first reading (N entries).</param>
    /// <param name="channelNames">The C channel names.</param>
    public SensorWindows(string name, Tensor windows, Tensor labels, IReadOnlyList<int> moteIds, IReadOnlyList<int> startReadings, IReadOnlyList<string> channelNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(moteIds);
        ArgumentNullException.ThrowIfNull(startReadings);
        ArgumentNullException.ThrowIfNull(channelNames);
        if (windows.dtype != ScalarType.Float32 || windows.dim() != 3)
        {
            throw new ArgumentException($"Windows must be float32 [N, C, T]; got {windows.dtype} [{string.Join(", ", windows.shape)}].", nameof(windows));
        }

        long n = windows.shape[0];
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != n)
        {
            throw new ArgumentException($"Labels must be int64 [{n}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (moteIds.Count != n || startReadings.Count != n)
        {
            throw new ArgumentException($"{n} windows but {moteIds.Count} mote ids and {startReadings.Count} start readings.", nameof(moteIds));
        }

        if (channelNames.Count != windows.shape[1])
        {
            throw new ArgumentException($"{windows.shape[1]} channels but {channelNames.Count} channel names.", nameof(channelNames));
        }

        Name = name;
        Windows = windows.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        MoteIds = moteIds;
        StartReadings = startReadings;
        ChannelNames = channelNames;
    }

    /// <summary>A human-readable name, e.g. "sensor-motes/train".</summary>
    public string Name { get; }

    /// <summary>float32 <c>[N, C, T]</c>; channel order as in <see cref="ChannelNames"/>.</summary>
    public Tensor Windows { get; }

    /// <summary>int64 <c>[N]</c>: 1 when any reading in the window is labelled anomalous, else 0.</summary>
    public Tensor Labels { get; }

    /// <summary>The mote each window comes from.</summary>
    public IReadOnlyList<int> MoteIds { get; }

    /// <summary>The reading number of each window's first reading.</summary>
    public IReadOnlyList<int> StartReadings { get; }

    /// <summary>The channel names.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>The number of windows, N.</summary>
    public int Count => MoteIds.Count;

    /// <summary>Channels, C.</summary>
    public int Channels => (int)Windows.shape[1];

    /// <summary>Readings per window, T.</summary>
    public int Length => (int)Windows.shape[2];

    /// <summary>The labels copied to a managed array.</summary>
    public long[] LabelArray()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var cpu = Labels.cpu();
        return cpu.data<long>().ToArray();
    }

    /// <summary>The number of windows labelled anomalous.</summary>
    public int AnomalousCount => LabelArray().Count(l => l != 0);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Windows.Dispose();
        Labels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} × [{Channels}, {Length}]";
}
