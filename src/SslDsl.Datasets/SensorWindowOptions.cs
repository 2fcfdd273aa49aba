using System;

namespace SslDsl.Data;

/// <summary>How <see cref="SensorMotes"/> cuts each mote's series into windows and splits them by time.</summary>
public sealed record SensorWindowOptions
{
    /// <summary>Readings per window, T (64 readings ≈ 5⅓ minutes).</summary>
    public int WindowLength { get; init; } = 64;

    /// <summary>Readings between the starts of consecutive windows (windows overlap when smaller than T).</summary>
    public int Stride { get; init; } = 16;

    /// <summary>
    /// The fraction of each mote's series (its first readings, floor(fraction × count)) that forms the training
    /// part; the rest is the test part. Windows never cross the boundary. In the published data the labelled events
    /// sit near the middle of the recording (mote 1: readings 2344–2460, mote 4: 2362–2393), so the default 0.5 puts
    /// mote 4's event in the training part and mote 1's in the test part.
    /// </summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>
    /// Whether each channel is standardised with the mean and standard deviation of the training readings (all
    /// selected motes' training parts together); the same statistics are applied to the test windows.
    /// </summary>
    public bool Standardize { get; init; } = true;

    /// <summary>The motes to use (null = all motes in the file).</summary>
    public int[]? Motes { get; init; }

    internal void Validate()
    {
        if (WindowLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowLength), WindowLength, "WindowLength must be at least 2.");
        }

        if (Stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Stride), Stride, "Stride must be at least 1.");
        }

        if (!(TrainFraction > 0 && TrainFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "TrainFraction must be in (0, 1).");
        }

        if (Motes is { Length: 0 })
        {
            throw new ArgumentException("Motes must name at least one mote (or be null for all).", nameof(Motes));
        }
    }
}
