using System;

namespace SslDsl.Data;

/// <summary>
/// The training and test windows of <see cref="SensorMotes.Load"/>, split by time within each mote, and the
/// channel statistics used to standardise both (computed on the training readings only).
/// </summary>
/// <param name="Train">Windows from the first part of each mote's series.</param>
/// <param name="Test">Windows from the rest.</param>
/// <param name="Statistics">The training-part statistics (applied to both parts when standardising).</param>
/// <param name="Standardized">Whether the windows were standardised.</param>
public sealed record SensorMotesSplit(SensorWindows Train, SensorWindows Test, SensorChannelStatistics Statistics, bool Standardized) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
